/* irqland64 / irqland32 [CALLS]: every door this mode accepts, CALLS times
 * getppid each (default 20000), while the timer runs fast (the irqland=HZ
 * image, tests/irqland.cmake). The kernel counts where each tick landed and
 * checks the stack and GS it found (src/irqland.c); after this program it
 * prints the histogram, which the test judges. Here: only that every call
 * worked. */
#include "sys.h"

static unsigned long parse(const char *s, unsigned long dflt)
{
    unsigned long v = 0;
    if (!s || !*s)
        return dflt;
    for (; *s >= '0' && *s <= '9'; s++)
        v = v * 10 + (unsigned long)(*s - '0');
    return v ? v : dflt;
}

int main(int argc, char **argv, char **envp)
{
    (void)envp;
    unsigned long calls = parse(argc > 1 ? argv[1] : 0, 20000), accepts = 0;
    if (!el_auxv_find(AT_ENTRYLAB_ACCEPTS, &accepts)) {
        el_fail("no AT_ENTRYLAB_ACCEPTS in the auxiliary vector");
        return 1;
    }
    long ppid = el_doors[0].call(EL_NR(&el_doors[0], getppid), 0, 0, 0, 0, 0, 0);
    for (int d = 0; d < EL_NDOORS; d++) {
        const struct el_door *door = &el_doors[d];
        if (!(accepts & door->accept)) {
            el_printf("# %s: refused by this CPU, not tried\n", door->name);
            continue;
        }
        unsigned long bad = 0;
        for (unsigned long i = 0; i < calls; i++)
            bad += door->call(EL_NR(door, getppid), 0, 0, 0, 0, 0, 0) != ppid;
        el_check(bad == 0, door->name);
        el_printf("# %s: %lu calls\n", door->name, calls);
    }
    return el_failures != 0;
}
