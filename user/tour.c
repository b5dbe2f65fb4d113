/* tour64 / tour32: a walk through every entry door of this mode. For each
 * door the CPU accepts (as entrylab_info through int 0x80 says), getpid,
 * uname and entrylab_info go through that door, one line each door. */
#include "sys.h"

#ifdef __x86_64__
#define MODE 64
#else
#define MODE 32
#endif

struct utsname {      /* Linux's new_utsname */
    char sysname[65], nodename[65], release[65], version[65], machine[65],
        domainname[65];
};

static const char *vendor_name(uint32_t v)
{
    return v == EL_VENDOR_INTEL ? "Intel" : v == EL_VENDOR_AMD ? "AMD" : "other";
}

/* Static: int 0x80 from 64-bit code takes 32-bit pointers. */
static struct entrylab_info boot, info;
static struct utsname uts;

int main(int argc, char **argv, char **envp)
{
    (void)argc, (void)argv, (void)envp;
    long r = el_info(&boot);
    if (r != 0) {
        el_printf("tour%d: entrylab_info through int 0x80 failed: %ld\n", MODE, r);
        return 1;
    }
    el_printf("tour%d: CPU vendor %s; the boot probe accepted 0x%x\n", MODE,
              vendor_name(boot.vendor), boot.accepts);
    int bad = 0;
    for (unsigned i = 0; i < EL_NDOORS; i++) {
        const struct el_door *d = &el_doors[i];
        if (!(boot.accepts & d->accept)) {
            el_printf("tour%d: %-9s -> refused by this CPU (#UD)\n", MODE, d->name);
            continue;
        }
        long pid = d->call(EL_NR(d, getpid), 0, 0, 0, 0, 0, 0);
        memset(&uts, 0, sizeof uts);
        long ru = d->call(EL_NR(d, uname), (long)&uts, 0, 0, 0, 0, 0);
        memset(&info, 0, sizeof info);
        long ri = d->call(EL_NR(d, entrylab_info), (long)&info, 0, 0, 0, 0, 0);
        if (ru != 0 || ri != 0) {
            el_printf("tour%d: %-9s -> getpid()=%ld, uname()=%ld, entrylab_info()=%ld\n",
                      MODE, d->name, pid, ru, ri);
            bad = 1;
            continue;
        }
        el_printf("tour%d: %-9s -> getpid()=%ld, uname: %s %s, door=%s mode=%u "
                  "cs=0x%x ss=0x%x rip=0x%llx\n",
                  MODE, d->name, pid, uts.sysname, uts.machine, el_door_name(info.door),
                  info.mode, info.cs, info.ss, (unsigned long long)info.user_rip);
    }
    return bad;
}
