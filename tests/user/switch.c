/* switch64 / switch32: process switches inside every door. The program
 * forks; parent and child each go through every door the probe accepted,
 * many times, with every general register and RFLAGS poisoned with values
 * of their own (doors.c's door_capture), calling sched_yield, which
 * switches to the other process inside the door, and getpid; between
 * calls they spin in ring 3, where the timer preempts them. Each checks
 * that it got back exactly its own registers, RSP, CS, SS and its SSE
 * registers, and that the other process really ran meanwhile (its CPU
 * time is well below the wall time). */
#include "calls.h"
#include <uapi/linux_wait.h>

#ifdef __x86_64__
#define MY_CS EL_USER_CS
#else
#define MY_CS EL_USER32_CS
#endif
#define FLAGS_MASK (FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF | FL_TF | FL_IF | FL_DF | FL_OF | FL_AC)
#define FLAGS_SET (FL_FIXED | FL_IF | FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF | FL_DF | FL_OF | FL_AC)
#define FLAGS_CLEAR (FL_FIXED | FL_IF)
#define ROUNDS 60

static struct entrylab_info boot;
static const char *who = "parent";

#ifdef __x86_64__
typedef struct linux_timespec64 ts_t;
#else
typedef struct linux_timespec32 ts_t;
#endif
static long long now_ns(int clk)
{
    static ts_t t;
    sys(NR(clock_gettime), clk, &t);
    return (long long)t.tv_sec * 1000000000ll + t.tv_nsec;
}

/* SSE registers xmm0-xmm7 hold a value of each process's own. */
static void set_xmm(uint32_t v)
{
    __asm__ volatile("movd %0, %%xmm0\n\tmovd %0, %%xmm1\n\tmovd %0, %%xmm2\n\tmovd %0, %%xmm3\n\t"
                     "movd %0, %%xmm4\n\tmovd %0, %%xmm5\n\tmovd %0, %%xmm6\n\tmovd %0, %%xmm7"
                     ::"r"(v));
}
static int check_xmm(uint32_t v)
{
    uint32_t x[8];
    __asm__ volatile("movd %%xmm0, %0\n\tmovd %%xmm1, %1\n\tmovd %%xmm2, %2\n\tmovd %%xmm3, %3\n\t"
                     "movd %%xmm4, %4\n\tmovd %%xmm5, %5\n\tmovd %%xmm6, %6\n\tmovd %%xmm7, %7"
                     : "=m"(x[0]), "=m"(x[1]), "=m"(x[2]), "=m"(x[3]), "=m"(x[4]), "=m"(x[5]), "=m"(x[6]),
                       "=m"(x[7]));
    for (int i = 0; i < 8; i++)
        if (x[i] != v) {
            el_fail("%s: xmm%d = 0x%x, want 0x%x", who, i, x[i], v);
            return 1;
        }
    return 0;
}

/* SS after the way back, as doors.c expects it. */
static unsigned long expected_ss(int kind, unsigned long ss_in)
{
#ifdef __x86_64__
    if (kind == DOOR_SYSCALL)
        return EL_USER_DS;
    if (kind == DOOR_SYSENTER)
        return boot.vendor == EL_VENDOR_INTEL ? EL_USER_DS_SYSEXIT64 : EL_USER_DS;
#else
    if (kind != DOOR_INT80)
        return EL_USER_DS;
#endif
    return ss_in;
}

static int one(const struct el_door *d, int kind, long nr, long want, unsigned long flags, unsigned long salt)
{
    static struct regs in, out;
    memset(&in, 0, sizeof in);
    for (int i = 0; i < EL_NGPR; i++)
        in.gpr[i] = ((unsigned long)(i + 1) * (unsigned long)0x1111111111111111ull) ^ salt;
    in.gpr[R_AX] = (unsigned long)nr;
    in.flags = flags;
    door_capture(&in, &out, kind);
    int bad = 0;
    for (int i = 0; i < EL_NGPR; i++) {
        unsigned long w = i == R_AX ? (unsigned long)want : in.gpr[i];
#ifdef __x86_64__
        if (kind == DOOR_SYSCALL && i == R_CX)
            w = out.ret;
        else if (kind == DOOR_SYSCALL && i == R_11)
            w = in.flags;
#endif
        if (out.gpr[i] != w) {
            el_fail("%s %s nr %ld: %s = 0x%lx, want 0x%lx", who, d->name, nr, el_gpr_names[i], out.gpr[i], w);
            bad++;
        }
    }
    if ((out.flags & FLAGS_MASK) != (in.flags & FLAGS_MASK))
        el_fail("%s %s: RFLAGS 0x%lx, want 0x%lx", who, d->name, out.flags, in.flags), bad++;
    if (out.cs != MY_CS)
        el_fail("%s %s: CS 0x%lx", who, d->name, out.cs), bad++;
    if (out.ss != expected_ss(kind, out.ss_in))
        el_fail("%s %s: SS 0x%lx", who, d->name, out.ss), bad++;
    if (out.sp != out.sp_in)
        el_fail("%s %s: RSP 0x%lx, want 0x%lx", who, d->name, out.sp, out.sp_in), bad++;
    return bad;
}

/* The whole run of one process: its failures. */
static int run(unsigned long salt, uint32_t xmm)
{
    long pid = sys0(NR(getpid));
    int bad = 0, calls = 0;
    set_xmm(xmm);
    long long m0 = now_ns(CLOCK_MONOTONIC), c0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
    for (int r = 0; r < ROUNDS && bad < 10; r++) {
        for (int k = 0; k < EL_NDOORS; k++) {
            const struct el_door *d = &el_doors[k];
            if (!(boot.accepts & d->accept))
                continue;
            bad += one(d, k, EL_NR(d, sched_yield), 0, FLAGS_SET, salt);
            bad += one(d, k, EL_NR(d, getpid), pid, FLAGS_CLEAR, salt);
            bad += one(d, k, EL_NR(d, sched_yield), 0, FLAGS_CLEAR, salt);
            bad += one(d, k, EL_NR(d, getpid), pid, FLAGS_SET, salt);
            calls += 4;
        }
        bad += check_xmm(xmm);
        for (volatile int spin = 0; spin < 20000; spin++) /* ring 3: the timer's turn */
            ;
    }
    long long m1 = now_ns(CLOCK_MONOTONIC), c1 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
    bad += check_xmm(xmm);
    long long wall = m1 - m0, cpu = c1 - c0;
    el_printf("# switch%d %s: %d calls with poisoned registers, %d failure(s); wall %lld us, CPU %lld us\n",
              MODE, who, calls, bad, div64(wall, 1000, 0), div64(cpu, 1000, 0));
    if (cpu * 10 > wall * 9) {
        el_fail("%s: CPU time %lld ns of %lld ns: the other process did not run meanwhile", who, cpu, wall);
        bad++;
    }
    return bad;
}

int main(int argc, char **argv, char **envp)
{
    (void)argc, (void)argv, (void)envp;
    if (el_info(&boot)) {
        el_fail("entrylab_info");
        return 1;
    }
    long pid = sys0(NR(fork));
    if (pid < 0) {
        el_fail("fork: %ld", pid);
        return 1;
    }
    if (pid == 0) {
        who = "child";
        int bad = run((unsigned long)0x5a5a5a5a5a5a5a5aull, 0xc0ffee01u);
        sys(NR(exit_group), bad > 100 ? 100 : bad);
    }
    int bad = run((unsigned long)0xa5a5a5a5a5a5a5a5ull, 0xbeef0002u);
    static int st;
    long r = sys(NR(wait4), pid, &st, 0, 0);
    if (r != pid || st != 0)
        el_fail("the child: wait4 %ld, status 0x%x", r, st), bad++;
    el_printf("# switch%d: %d failure(s)\n", MODE, bad + el_failures);
    return bad || el_failures ? 1 : 0;
}
