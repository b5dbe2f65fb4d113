/* The vDSO, kernel side: the two images built from vdso/ (embedded by
 * syscall/vdso.asm) copied once to frames, the data page (struct vvar) the
 * clock functions read, and the door32= choice for __kernel_vsyscall. */
#include "clock.h"
#include "cmdline.h"
#include "console.h"
#include "idt.h"
#include "kstring.h"
#include "layout.h"
#include "paging.h"
#include "probe.h"
#include "uapi/entrylab.h"
#include "vdso.h"
#include "vvar.h"

extern const uint8_t vdso64_image[], vdso64_image_end[], vdso32_image[], vdso32_image_end[];

#define VDSO_MAX_PAGES ((EL_VDSO_END - EL_VDSO_IMAGE) / PAGE_SIZE)

struct image {
    uint64_t frame[VDSO_MAX_PAGES];
    unsigned pages;
};
static struct image img64, img32;
static uint64_t vvar_frame;
static struct vvar *vv; /* the data page, through the physical map */

static void load(struct image *im, const uint8_t *start, const uint8_t *end, int bits)
{
    uint64_t size = (uint64_t)(end - start);
    /* The build made these; a wrong one is the build's bug, not a program's. */
    if (size < 64 || memcmp(start, "\177ELF", 4) || start[4] != (bits == 64 ? 2 : 1))
        panic(0, "the %d-bit vDSO image is not an ELF%d file", bits, bits);
    im->pages = (unsigned)((size + PAGE_SIZE - 1) / PAGE_SIZE);
    if (im->pages > VDSO_MAX_PAGES)
        panic(0, "the %d-bit vDSO image (%lu bytes) outgrows its %lu pages", bits, size,
              VDSO_MAX_PAGES);
    for (unsigned i = 0; i < im->pages; i++) {
        im->frame[i] = frame_alloc();
        if (!im->frame[i])
            panic(0, "no frame for the vDSO");
        uint64_t n = size - i * PAGE_SIZE < PAGE_SIZE ? size - i * PAGE_SIZE : PAGE_SIZE;
        memcpy(phys_to_virt(im->frame[i]), start + i * PAGE_SIZE, n);
    }
}

void vdso_publish_clock(void)
{
    const struct vvar *c = clock_params();
    vv->seq++; /* odd: readers retry */
    __asm__ volatile("" ::: "memory");
    vv->mult = c->mult;
    vv->shift = c->shift;
    vv->tsc_base = c->tsc_base;
    vv->mono_ns = c->mono_ns;
    vv->real_sec = c->real_sec;
    vv->real_nsec = c->real_nsec;
    vv->tsc_hz = c->tsc_hz;
    __asm__ volatile("" ::: "memory");
    vv->seq++;
}

static void set_door32(uint32_t door)
{
    vv->door32 = door;
    vv->door32_entry = door == EL_DOOR_SYSENTER32  ? EL_VDSO_SYSENTER32
                       : door == EL_DOOR_SYSCALL32 ? EL_VDSO_SYSCALL32
                                                   : EL_VDSO_INT80_32;
}

void vdso_init(void)
{
    load(&img64, vdso64_image, vdso64_image_end, 64);
    load(&img32, vdso32_image, vdso32_image_end, 32);
    vvar_frame = frame_alloc();
    if (!vvar_frame)
        panic(0, "no frame for the vDSO data page");
    vv = phys_to_virt(vvar_frame);
    vv->cpu = 0; /* one CPU, one node */
    vv->node = 0;
    set_door32(EL_DOOR_INT80); /* the probe's programs do not call it */
    vdso_publish_clock();
    klog("vdso", "64-bit image %u pages, 32-bit %u, at %#x; data page at %#x", img64.pages,
         img32.pages, EL_VDSO_IMAGE, EL_VVAR_ADDR);
}

/* Linux's choice: sysenter on Intel, syscall on AMD, int 0x80 otherwise or
 * when the probe saw the vendor's door refused. */
static uint32_t vendor_door32(void)
{
    if (cpu_vendor == EL_VENDOR_INTEL && (entry_accepts & EL_ACCEPT_SYSENTER_32))
        return EL_DOOR_SYSENTER32;
    if (cpu_vendor == EL_VENDOR_AMD && (entry_accepts & EL_ACCEPT_SYSCALL_32))
        return EL_DOOR_SYSCALL32;
    return EL_DOOR_INT80;
}

void vdso_choose_door32(void)
{
    static const struct { const char *word; uint32_t door, accept; } doors[] = {
        {"int80", EL_DOOR_INT80, EL_ACCEPT_INT80_32},
        {"sysenter", EL_DOOR_SYSENTER32, EL_ACCEPT_SYSENTER_32},
        {"syscall", EL_DOOR_SYSCALL32, EL_ACCEPT_SYSCALL_32},
    };
    uint32_t door = vendor_door32();
    char word[16];
    const char *why = "the vendor's";
    if (cmdline_get("door32", word, sizeof word)) {
        unsigned i = 0;
        while (i < 3 && strcmp(word, doors[i].word))
            i++;
        if (i == 3)
            klog("vdso", "door32=%s: unknown door (int80, sysenter or syscall); using the default", word);
        else if (!(entry_accepts & doors[i].accept))
            klog("vdso", "door32=%s: this CPU refused that door in the probe; using the default", word);
        else {
            door = doors[i].door;
            why = "door32=";
        }
    }
    set_door32(door);
    klog("vdso", "__kernel_vsyscall uses %s (%s)", el_door_name(door), why);
}

uint32_t vdso_door32(void) { return vv->door32; }

uint64_t vdso_image_end(bool is64)
{
    return EL_VDSO_IMAGE + (is64 ? &img64 : &img32)->pages * PAGE_SIZE;
}

int vdso_map(uint64_t *pml4, bool is64)
{
    const struct image *im = is64 ? &img64 : &img32;
    /* The data page: read-only and never executable for programs. */
    int r = paging_map(pml4, EL_VVAR_ADDR, vvar_frame, MAP_USER | MAP_NOFREE);
    for (unsigned i = 0; !r && i < im->pages; i++)
        r = paging_map(pml4, EL_VDSO_IMAGE + i * PAGE_SIZE, im->frame[i],
                       MAP_USER | MAP_EXEC | MAP_NOFREE);
    return r;
}
