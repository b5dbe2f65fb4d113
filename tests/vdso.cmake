# The vDSO's command-line words, one boot each (included by tests/tests.cmake):
# vsyscall=xonly (the default: no word), emulate and none, each program
# case with the fault the kernel must deliver; door32= with each door and
# with a word it must refuse. The vDSO itself (vdso64, vdso32) runs in the
# test image.
set(VSYS "ok [0-9]+ vsyscall64")
set(VSYSCALL_xonly
    --line "^\\[vsyscall\\] mode xonly$"
    --line "^${VSYS} xonly$"
    --line "^${VSYS} xonly read # killed as expected: #PF error=0x4 addr=0xffffffffff600000 at rip=0x40[0-9a-f]+$"
    --line "^${VSYS} xonly write # killed as expected: #PF error=0x6 addr=0xffffffffff600000 at rip=0x40[0-9a-f]+$"
    --line "^${VSYS} xonly misaligned # killed as expected: #PF error=0x14 addr=0xffffffffff600010 at rip=0xffffffffff600010$"
    --line "^${VSYS} xonly badptr # killed as expected: #PF error=0x14 addr=0x10000000 at rip=0xffffffffff600000$")
set(VSYSCALL_emulate
    --line "^\\[vsyscall\\] mode emulate$"
    --line "^${VSYS} emulate$"
    --line "^${VSYS} emulate read$"
    --line "^${VSYS} emulate write # killed as expected: #PF error=0x7 addr=0xffffffffff600000 at rip=0x40[0-9a-f]+$"
    --line "^${VSYS} emulate misaligned # killed as expected: #PF error=0x15 addr=0xffffffffff600010 at rip=0xffffffffff600010$")
set(VSYSCALL_none
    --line "^\\[vsyscall\\] mode none$"
    --line "^${VSYS} none # killed as expected: #PF error=0x14 addr=0xffffffffff600000 at rip=0xffffffffff600000$"
    --line "^${VSYS} none read # killed as expected: #PF error=0x4 addr=0xffffffffff600000 at rip=0x40[0-9a-f]+$")
set(VSYSCALL_CMDLINE_xonly "")
set(VSYSCALL_CMDLINE_emulate "vsyscall=emulate")
set(VSYSCALL_CMDLINE_none "vsyscall=none")
set(VSYSCALL_PROGS_xonly "vsyscall64 xonly" "vsyscall64 xonly read" "vsyscall64 xonly write"
    "vsyscall64 xonly misaligned" "vsyscall64 xonly badptr")
set(VSYSCALL_PROGS_emulate "vsyscall64 emulate" "vsyscall64 emulate read" "vsyscall64 emulate write"
    "vsyscall64 emulate misaligned")
set(VSYSCALL_PROGS_none "vsyscall64 none" "vsyscall64 none read")
foreach(mode xonly emulate none)
    entrylab_iso(entrylab-vsyscall-${mode} CMDLINE "exit=emu ${VSYSCALL_CMDLINE_${mode}}"
        TITLE "vsyscall ${mode}" PROGRAMS ${VSYSCALL_PROGS_${mode}})
    add_dependencies(iso_entrylab-vsyscall-${mode} user_programs)
    boot_test(vsyscall.${mode} ISO entrylab-vsyscall-${mode} FIRMWARE bios CPU Skylake-Client
        EXPECT pass TIMEOUT 60 ARGS ${VSYSCALL_${mode}})
endforeach()

# door32=: __kernel_vsyscall takes the door asked for; an unknown word is
# refused with a line and the vendor's door is used.
foreach(door int80 sysenter syscall bogus)
    set(expect ${door})
    set(extra "")
    if(door STREQUAL "bogus")
        set(expect default)
        set(extra --line "^\\[vdso\\] door32=bogus: unknown door")
    endif()
    entrylab_iso(entrylab-door32-${door} CMDLINE "exit=emu door32=${door}" TITLE "door32 ${door}"
        PROGRAMS "kvsyscall32 ${expect}" "vdso32" "restart32")
    add_dependencies(iso_entrylab-door32-${door} user_programs)
    foreach(vendor intel amd)
        boot_test(door32.${door}.${vendor} ISO entrylab-door32-${door} FIRMWARE bios CPU ${CPU_${vendor}}
            EXPECT pass TIMEOUT 60 ARGS ${extra})
    endforeach()
endforeach()
