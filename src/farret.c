/* A far return (lret) from ring 3 under QEMU 7.2's TCG faults with SMAP on:
 * QEMU pops the return address and CS as supervisor accesses, so a user
 * stack page is refused (#PF, error code P without U, a user address).
 * Hardware never raises that fault: ring 3's own accesses carry U, and its
 * implicit supervisor ones (descriptor tables) touch kernel memory. With
 * SMAP off the same lret works (QEMU -cpu ...,-smap), and Linux 6.1 under
 * the same QEMU does not finish sysret_ss_attrs_64. Here the kernel does
 * that lret itself, for the cases a program has: a same-privilege return to
 * one of the two user code segments, 32- or 64-bit operand size, from a
 * flat stack. Anything else stays the program's fault. */
#include "farret.h"
#include "cpu.h"
#include "gdt.h"
#include "layout.h"
#include "uaccess.h"

#define PF_P (1u << 0)
#define PF_U (1u << 2)
#define PF_RSVD (1u << 3)
#define PF_I (1u << 4)

bool farret_fault(struct frame *f, uint64_t cr2)
{
    if ((f->error & (PF_P | PF_U | PF_RSVD | PF_I)) != PF_P || cr2 >= USER_END)
        return false;
    bool compat = f->cs == USER32_CS;
    if ((!compat && f->cs != USER_CS) || (f->ss != USER_DS && f->ss != USER_DS_SYSEXIT64))
        return false;
    /* TF set: the emulated lret would need its single-step trap too. */
    if (f->rflags & RFLAGS_TF)
        return false;
    uint8_t insn[4];
    uint64_t rip = compat ? (uint32_t)f->rip : f->rip;
    if (copy_from_user(insn, rip, sizeof insn))
        return false;
    /* Operand size: REX.W (64-bit code only) 8 bytes, else 4; 16-bit
     * (0x66) is not taken. Then CB (lret) or CA imm16 (lret and drop). */
    int i = 0, size = 4;
    if (!compat && (insn[0] & 0xF0) == 0x40) {
        if (insn[0] & 8)
            size = 8;
        i = 1;
    }
    uint64_t drop = 0;
    if (insn[i] == 0xCA)
        drop = insn[i + 1] | ((uint64_t)insn[i + 2] << 8);
    else if (insn[i] != 0xCB)
        return false;
    uint64_t sp = compat ? (uint32_t)f->rsp : f->rsp;
    if (cr2 < sp || cr2 >= sp + 2 * (uint64_t)size) /* the fault was its pop */
        return false;
    if (compat && sp + 2 * (uint64_t)size + drop > 0xFFFFFFFFul) /* ESP would wrap */
        return false;
    uint64_t slot[2] = {0, 0};
    for (int k = 0; k < 2; k++)
        if (copy_from_user(&slot[k], sp + (uint64_t)k * size, (uint64_t)size))
            return false;
    uint64_t new_rip = slot[0], new_cs = slot[1] & 0xFFFF;
    /* RPL 3 to a DPL 3 code segment: no stack switch. A 32-bit target
     * must lie inside its 4 GiB limit, a 64-bit one in user space. */
    if (new_cs == USER32_CS ? new_rip > 0xFFFFFFFFul : new_cs != USER_CS || new_rip >= USER_END)
        return false;
    f->rip = new_rip;
    f->cs = new_cs;
    sp += 2 * (uint64_t)size + drop;
    f->rsp = compat ? (uint32_t)sp : sp;
    return true;
}
