/* Threads through the C library's own pthreads: built with Debian's
 * toolchain like forkexec.c (gcc -static -m64 and -m32, musl-gcc -static
 * -pthread), unmodified. pthread_create (clone with the thread flags and
 * CLONE_SETTLS; glibc tries clone3 first and falls back on -ENOSYS),
 * thread-local storage, a mutex under contention, a condition variable
 * with a producer and consumers, pthread_cond_timedwait's timeout,
 * pthread_join of every thread (CLONE_CHILD_CLEARTID's clear and wake),
 * gettid against getpid, and pthread_kill to one thread. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define NTHREADS 4
#define ROUNDS 20000

static int fails;
static void expect(int ok, const char *what)
{
    if (!ok) {
        printf("pthreads: FAIL %s\n", what);
        fails++;
    }
}

static __thread int tls_value;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static pid_t tids[NTHREADS];

static void *adder(void *arg)
{
    int me = (int)(long)arg;
    tls_value = me + 100;
    tids[me] = (pid_t)syscall(SYS_gettid);
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&lock);
        long v = counter;
        if ((i & 1023) == 0)
            sched_yield(); /* holds the lock across a switch now and then */
        counter = v + 1;
        pthread_mutex_unlock(&lock);
    }
    return (void *)(long)(tls_value == me + 100 && getpid() != tids[me]);
}

static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int queue, produced_done, consumed;

static void *consumer(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&lock);
    for (;;) {
        while (queue == 0 && !produced_done)
            pthread_cond_wait(&cond, &lock);
        if (queue == 0 && produced_done)
            break;
        queue--;
        consumed++;
    }
    pthread_mutex_unlock(&lock);
    return 0;
}

static volatile sig_atomic_t usr1_tid;
static void on_usr1(int sig) { (void)sig; usr1_tid = (sig_atomic_t)syscall(SYS_gettid); }

static volatile int stop;
static void *spinner(void *arg)
{
    *(pid_t *)arg = (pid_t)syscall(SYS_gettid);
    while (!stop)
        sched_yield();
    return 0;
}

int main(void)
{
    pthread_t t[NTHREADS];
    tls_value = 7;
    for (long i = 0; i < NTHREADS; i++)
        expect(pthread_create(&t[i], 0, adder, (void *)i) == 0, "pthread_create");
    for (int i = 0; i < NTHREADS; i++) {
        void *r = 0;
        expect(pthread_join(t[i], &r) == 0, "pthread_join");
        expect(r == (void *)1l, "each thread: its own TLS and a tid of its own");
    }
    expect(counter == (long)NTHREADS * ROUNDS, "the mutex kept every increment");
    expect(tls_value == 7, "the main thread's TLS is its own");
    for (int i = 0; i < NTHREADS; i++)
        for (int j = i + 1; j < NTHREADS; j++)
            expect(tids[i] != tids[j], "distinct tids");

    /* Producer and consumers on one condition variable. */
    for (long i = 0; i < NTHREADS; i++)
        expect(pthread_create(&t[i], 0, consumer, 0) == 0, "pthread_create consumer");
    for (int i = 0; i < 1000; i++) {
        pthread_mutex_lock(&lock);
        queue++;
        pthread_cond_signal(&cond);
        pthread_mutex_unlock(&lock);
        if ((i & 63) == 0)
            sched_yield();
    }
    pthread_mutex_lock(&lock);
    produced_done = 1;
    pthread_cond_broadcast(&cond);
    pthread_mutex_unlock(&lock);
    for (int i = 0; i < NTHREADS; i++)
        expect(pthread_join(t[i], 0) == 0, "pthread_join consumer");
    expect(consumed == 1000, "every item consumed once");

    /* A timed wait that nobody signals. */
    struct timespec ts, t0, t1;
    clock_gettime(CLOCK_REALTIME, &ts);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ts.tv_nsec += 50000000;
    if (ts.tv_nsec >= 1000000000) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000;
    }
    pthread_mutex_lock(&lock);
    int r = pthread_cond_timedwait(&cond, &lock, &ts);
    pthread_mutex_unlock(&lock);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long waited = (t1.tv_sec - t0.tv_sec) * 1000000000l + (t1.tv_nsec - t0.tv_nsec);
    expect(r == ETIMEDOUT, "pthread_cond_timedwait: ETIMEDOUT");
    expect(waited >= 40000000, "pthread_cond_timedwait waited its time");

    /* pthread_kill reaches the one thread named. */
    signal(SIGUSR1, on_usr1);
    pthread_t s;
    static pid_t spin_tid;
    expect(pthread_create(&s, 0, spinner, &spin_tid) == 0, "pthread_create spinner");
    while (!spin_tid)
        sched_yield();
    expect(pthread_kill(s, SIGUSR1) == 0, "pthread_kill");
    for (int i = 0; i < 100000 && !usr1_tid; i++)
        sched_yield();
    expect(usr1_tid == spin_tid, "the signal ran in the thread pthread_kill named");
    stop = 1;
    expect(pthread_join(s, 0) == 0, "pthread_join spinner");

    printf("pthreads: %s (%d failure(s))\n", fails ? "FAIL" : "ok", fails);
    return fails ? 1 : 0;
}
