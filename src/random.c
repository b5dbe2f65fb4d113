/* getrandom: bytes from a ChaCha20 generator (src/chacha.c), seeded at the
 * first call from RDSEED and RDRAND where CPUID has them, and from TSC
 * readings always, with more RDRAND and TSC mixed in at every call. It is
 * ready from the start, so it never blocks and GRND_NONBLOCK changes nothing. */
#include "chacha.h"
#include "cpu.h"
#include "errno.h"
#include "fd.h"
#include "kstring.h"
#include "proc.h"
#include "syscall.h"
#include "uaccess.h"
#include "uapi/linux_task.h"

static struct crng rng;
static bool seeded, has_rdrand, has_rdseed;

/* Intel's advice: RDRAND may fail when the DRNG is busy, retry up to 10
 * times; RDSEED fails more often, retry with a pause in between. */
static bool rdrand64(uint64_t *v)
{
    for (int i = 0; i < 10; i++) {
        uint8_t ok;
        __asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok)::"cc");
        if (ok)
            return true;
    }
    return false;
}

static bool rdseed64(uint64_t *v)
{
    for (int i = 0; i < 100; i++) {
        uint8_t ok;
        __asm__ volatile("rdseed %0; setc %1" : "=r"(*v), "=qm"(ok)::"cc");
        if (ok)
            return true;
        __asm__ volatile("pause");
    }
    return false;
}

/* 32 bytes of whatever entropy the CPU offers, TSC jitter included. */
static void gather(uint8_t seed[32], bool first)
{
    uint64_t w[4];
    for (int i = 0; i < 4; i++) {
        uint64_t v = 0;
        if (first && has_rdseed && rdseed64(&v))
            w[i] = v;
        else if (has_rdrand && rdrand64(&v))
            w[i] = v;
        else
            w[i] = 0;
        /* The TSC's low bits differ from boot to boot and read to read. */
        w[i] ^= rdtsc() * 0x9E3779B97F4A7C15ul;
        for (int spin = 0; spin < (int)(rdtsc() & 63); spin++)
            __asm__ volatile("pause");
    }
    memcpy(seed, w, 32);
}

static void rng_seed(void)
{
    if (seeded)
        return;
    struct cpuid l0 = cpuid(0, 0), l1 = cpuid(1, 0);
    has_rdrand = l1.ecx & (1u << 30);
    has_rdseed = l0.eax >= 7 && (cpuid(7, 0).ebx & (1u << 18));
    uint8_t seed[32];
    for (int i = 0; i < 4; i++) {
        gather(seed, true);
        crng_mix(&rng, seed);
    }
    seeded = true;
}

int64_t sys_getrandom(struct sc_call *c)
{
    uint64_t buf = c->arg[0], len = sc_abi32(c) ? (uint32_t)c->arg[1] : c->arg[1];
    uint32_t flags = (uint32_t)c->arg[2];
    if (flags & ~(uint32_t)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
        return -EINVAL;
    if ((flags & (GRND_INSECURE | GRND_RANDOM)) == (GRND_INSECURE | GRND_RANDOM))
        return -EINVAL;
    if (len > MAX_RW_COUNT)
        len = MAX_RW_COUNT;
    if (!user_range_ok(buf, len))
        return -EFAULT;
    rng_seed();
    uint8_t seed[32];
    gather(seed, false);
    crng_mix(&rng, seed);
    uint8_t chunk[256];
    uint64_t done = 0;
    while (done < len) {
        uint64_t n = len - done < sizeof chunk ? len - done : sizeof chunk;
        crng_fill(&rng, chunk, n);
        if (copy_to_user(buf + done, chunk, n)) {
            memset(chunk, 0, sizeof chunk);
            return done ? (int64_t)done : -EFAULT;
        }
        done += n;
        proc_check_time(c->frame);
    }
    memset(chunk, 0, sizeof chunk);
    return (int64_t)done;
}
