; Probes for the SMEP and SMAP self-test (src/ktest.c): ring 0 touching a
; user page outside the copy routines. Each probe's access is listed in
; .extable, so the fault it should raise resumes at its fixup instead of
; panicking, and c_exception notes the fault (trap_last_fixup, idt/trap.c).

%include "smap.inc"

section .text
bits 64

; uint64_t smap_probe_read(const void *user) -> the quadword, or ~0 if the
; read faulted. AC stays as the kernel keeps it: clear.
global smap_probe_read
smap_probe_read:
.read:
    mov rax, [rdi]
    ret
.fault:
    mov rax, -1
    ret

; uint64_t smap_probe_read_ac(const void *user): the same read inside
; stac/clac, as the copy routines do it: SMAP must let this one through.
global smap_probe_read_ac
smap_probe_read_ac:
    STAC
.read:
    mov rax, [rdi]
    CLAC
    ret
.fault:
    CLAC
    mov rax, -1
    ret

; uint64_t smep_probe_exec(const void *user) -> 0 if the code at user ran
; (it must be a single ret), ~0 if fetching it faulted. The fetch faults
; with RIP = user, so the fixup is found through the return address this
; probe pushes first (trap.c: smep_probe_fixup).
global smep_probe_exec, smep_probe_return
smep_probe_exec:
    xor eax, eax
    call rdi
smep_probe_return:
    ret

section .extable
    dq smap_probe_read.read, smap_probe_read.fault
    dq smap_probe_read_ac.read, smap_probe_read_ac.fault
