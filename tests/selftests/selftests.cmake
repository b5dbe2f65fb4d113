# Linux's own x86 and vDSO selftests, built unmodified and static from
# linux-source-6.1 by tools/selftests/build.sh into build/selftests/bin, run
# from their own images and judged against tests/selftests/expected.txt.
# Included by CMakeLists.txt after entrylab_iso() is defined.

set(SELFTEST_TARBALL /usr/src/linux-source-6.1.tar.xz)
set(SELFTEST_BIN ${CMAKE_BINARY_DIR}/selftests/bin)
find_program(MUSL_GCC musl-gcc)

# What runs: every 64-bit program with glibc and with musl, every 32-bit one
# once per 32-bit door. sysret_ss_attrs_64 and ldt_gdt hard-code Linux's
# selectors (0x23, 0x33; TLS entry 12): entrylab's GDT is Linux's
# (include/gdt.h). mov_ss_trap, syscall_numbering, ptrace_syscall,
# test_syscall_vdso and fsgsbase need ptrace (src/ptrace.c).
set(SELFTESTS_64 sysret_rip syscall_nt single_step_syscall syscall_arg_fault sigreturn
    check_initial_reg_state test_vsyscall sysret_ss_attrs ldt_gdt
    mov_ss_trap syscall_numbering ptrace_syscall fsgsbase iopl ioperm)
set(SELFTESTS_32 syscall_nt single_step_syscall syscall_arg_fault sigreturn sysret_ss_attrs
    check_initial_reg_state test_vsyscall unwind_vdso entry_from_vm86 ldt_gdt
    mov_ss_trap test_syscall_vdso ptrace_syscall iopl ioperm)
set(SELFTEST_PROGRAMS_64 hello_64 hello_64_musl vdso_test_correctness_64 vdso_test_correctness_64_musl
    forkexec_64 forkexec_64_musl pthreads_64 pthreads_64_musl)
foreach(t ${SELFTESTS_64})
    list(APPEND SELFTEST_PROGRAMS_64 ${t}_64 ${t}_64_musl)
endforeach()
set(SELFTEST_PROGRAMS_32 hello_32 vdso_test_correctness_32 forkexec_32 pthreads_32)
foreach(t ${SELFTESTS_32})
    list(APPEND SELFTEST_PROGRAMS_32 ${t}_32)
endforeach()
# Bochs is slow: a few small programs (sysret_rip: Bochs faults a non-canonical
# sysret in ring 0, as hardware does; sysret_ss_attrs: Bochs' AMD model keeps
# SS's hidden attributes across sysret, as AMD CPUs do; mov_ss_trap: Bochs
# holds a mov ss watchpoint's #DB for one instruction, as hardware does, so
# it arrives in ring 0 inside the doors' stubs; iopl and ioperm: Bochs checks
# the TSS's I/O bitmap as the SDM says, both bytes and the limit), through the one 32-bit door
# both of its models accept (sysenter).
set(SELFTEST_PROGRAMS_BOCHS hello_64_musl hello_32 syscall_nt_64_musl syscall_nt_32 sysret_rip_64_musl
    sysret_ss_attrs_64_musl check_initial_reg_state_64_musl check_initial_reg_state_32
    mov_ss_trap_64 mov_ss_trap_32 ptrace_syscall_32 iopl_64_musl ioperm_32)
set(SELFTEST_DOORS int80 sysenter syscall)
# The kernel's watchdog (timeout=) is each program's limit: the slowest one
# under QEMU, syscall_numbering_64 (thousands of traced calls, two ptrace
# stops each), takes about 30 s; the rest a few seconds at most.
set(SELFTEST_WATCHDOG 60)

if(NOT EXISTS ${SELFTEST_TARBALL} OR NOT MUSL_GCC)
    message(STATUS "selftests: not built: linux-source-6.1 or musl-tools is missing (./lab deps installs them)")
else()
    set(outputs "")
    foreach(p ${SELFTEST_PROGRAMS_64} ${SELFTEST_PROGRAMS_32})
        list(APPEND outputs ${SELFTEST_BIN}/${p})
    endforeach()
    list(REMOVE_DUPLICATES outputs)
    string(REPLACE ";" " " run64 "${SELFTESTS_64}")
    string(REPLACE ";" " " run32 "${SELFTESTS_32}")
    add_custom_command(
        OUTPUT ${SELFTEST_BIN}/.stamp ${outputs}
        COMMAND bash ${CMAKE_SOURCE_DIR}/tools/selftests/build.sh ${SELFTEST_TARBALL}
                ${CMAKE_SOURCE_DIR}/tests/linux/hello.c ${CMAKE_BINARY_DIR}/selftests "${run64}" "${run32}"
        DEPENDS ${SELFTEST_TARBALL} ${CMAKE_SOURCE_DIR}/tools/selftests/build.sh
                ${CMAKE_SOURCE_DIR}/tests/linux/hello.c ${CMAKE_SOURCE_DIR}/tests/linux/forkexec.c
                ${CMAKE_SOURCE_DIR}/tests/linux/pthreads.c
                ${CMAKE_CURRENT_LIST_FILE}
        COMMENT "Building Linux's x86 selftests and the hello worlds (static, glibc and musl)"
        VERBATIM)
    add_custom_target(selftest_programs ALL DEPENDS ${SELFTEST_BIN}/.stamp)

    set(cmd "exit=emu timeout=${SELFTEST_WATCHDOG}")
    entrylab_iso(entrylab-selftests64 CMDLINE "${cmd}" TITLE "selftests 64-bit"
        DIR ${SELFTEST_BIN} PROGRAMS ${SELFTEST_PROGRAMS_64})
    add_dependencies(iso_entrylab-selftests64 selftest_programs)
    foreach(door ${SELFTEST_DOORS})
        entrylab_iso(entrylab-selftests32-${door} CMDLINE "${cmd} door32=${door}"
            TITLE "selftests 32-bit, ${door}" DIR ${SELFTEST_BIN} PROGRAMS ${SELFTEST_PROGRAMS_32})
        add_dependencies(iso_entrylab-selftests32-${door} selftest_programs)
    endforeach()
    entrylab_iso(entrylab-selftests-bochs CMDLINE "${cmd} door32=sysenter" TITLE "selftests, Bochs"
        DIR ${SELFTEST_BIN} PROGRAMS ${SELFTEST_PROGRAMS_BOCHS})
    add_dependencies(iso_entrylab-selftests-bochs selftest_programs)
endif()

# --- the tests: every image under QEMU's Intel and AMD models (BIOS), the
# small one under both Bochs models; each judged by tests/selftests/expected.txt.
set(SELFTEST_HARNESS ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/harness/selftests.py run
    --expected ${CMAKE_SOURCE_DIR}/tests/selftests/expected.txt)
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/logs)
set(SELFTEST_CPU_intel Skylake-Client)
set(SELFTEST_CPU_amd EPYC)
set(SELFTEST_TESTS "")
foreach(vendor intel amd)
    set(images "64:-:64")
    foreach(door ${SELFTEST_DOORS})
        list(APPEND images "32-${door}:${door}:32")
    endforeach()
    foreach(image ${images})
        string(REPLACE ":" ";" parts ${image})
        list(GET parts 0 img)
        list(GET parts 1 door)
        list(GET parts 2 bits)
        set(name selftests.qemu.${vendor}.${img})
        add_test(NAME ${name} COMMAND ${SELFTEST_HARNESS} --emu qemu --cpu ${SELFTEST_CPU_${vendor}}
            --iso ${CMAKE_BINARY_DIR}/entrylab-selftests${img}.iso --platform qemu-${vendor} --door ${door}
            --log ${CMAKE_BINARY_DIR}/logs/${name}.log --timeout 600 --programs ${SELFTEST_PROGRAMS_${bits}})
        set_tests_properties(${name} PROPERTIES TIMEOUT 900)
    endforeach()
    set(name selftests.bochs.${vendor})
    add_test(NAME ${name} COMMAND ${SELFTEST_HARNESS} --emu bochs --rc ${CMAKE_BINARY_DIR}/bochs/${vendor}.rc
        --iso ${CMAKE_BINARY_DIR}/entrylab-selftests-bochs.iso --platform bochs-${vendor} --door sysenter
        --log ${CMAKE_BINARY_DIR}/logs/${name}.log --timeout 600 --programs ${SELFTEST_PROGRAMS_BOCHS})
    set_tests_properties(${name} PROPERTIES TIMEOUT 900)
endforeach()
