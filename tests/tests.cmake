# Host unit tests: pure kernel code built with the host compiler.
function(unit_test name)
    add_executable(test_${name} tests/unit/test_${name}.c ${ARGN})
    target_include_directories(test_${name} PRIVATE include lib)
    target_compile_options(test_${name} PRIVATE -std=gnu11 -Wall -Wextra -Werror -g
        -fsanitize=address,undefined -fno-sanitize-recover=all)
    target_link_options(test_${name} PRIVATE -fsanitize=address,undefined)
    add_test(NAME unit.${name} COMMAND test_${name})
endfunction()
unit_test(fmt src/fmt.c)
unit_test(pmm src/pmm.c)
unit_test(multiboot2 src/multiboot2.c src/fmt.c)
unit_test(cmdline src/cmdline.c)
unit_test(elf src/elf.c src/fmt.c)
unit_test(ustack src/ustack.c src/fmt.c)
unit_test(vma src/vma.c src/fmt.c)
unit_test(chacha src/chacha.c)
unit_test(rlimit src/rlimit_rules.c)
unit_test(path src/path_plain.c src/fmt.c)
unit_test(clock src/rtc.c)

# Boots under QEMU: the harness decides from the exit status and the KTAP.
set(HARNESS ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/harness/qemu_boot.py)
function(boot_test name)
    cmake_parse_arguments(A "" "ISO;FIRMWARE;CPU;EXPECT;TIMEOUT" "ARGS" ${ARGN})
    add_test(NAME ${name} COMMAND ${HARNESS} --iso ${CMAKE_BINARY_DIR}/${A_ISO}.iso
        --firmware ${A_FIRMWARE} --cpu ${A_CPU} --expect ${A_EXPECT}
        --log ${CMAKE_BINARY_DIR}/logs/${name}.log --timeout ${A_TIMEOUT} ${A_ARGS})
    set_tests_properties(${name} PROPERTIES TIMEOUT 300)
endfunction()
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/logs)
foreach(fw bios uefi)
    boot_test(boot.${fw} ISO entrylab-test FIRMWARE ${fw} CPU max EXPECT pass TIMEOUT 120)
    boot_test(fault_dump.${fw} ISO entrylab-crash FIRMWARE ${fw} CPU max EXPECT panic TIMEOUT 120)
endforeach()

# The 32-bit entry's refusals: a CPU without long mode, and a loader that is
# not multiboot2 (gdb changes eax at _start). Both must say why and halt.
boot_test(boot.no_long_mode ISO entrylab-test FIRMWARE bios CPU qemu32 EXPECT halt TIMEOUT 60
    ARGS --line "entrylab: cannot boot: this CPU has no 64-bit long mode" --line "entrylab: halted")
boot_test(boot.bad_magic ISO entrylab-test FIRMWARE bios CPU max EXPECT halt TIMEOUT 60
    ARGS --gdb-eax 0x2badb002 --elf ${CMAKE_BINARY_DIR}/entrylab.elf
         --line "entrylab: cannot boot: not started by a multiboot2 loader" --line "entrylab: halted")

# A CPU without NX: the NX bit is reserved there, and the kernel must not set
# it (the walk image: its programs need no NX to pass).
boot_test(boot.no_nx ISO entrylab-walk FIRMWARE bios CPU Skylake-Client,-nx EXPECT pass TIMEOUT 60
    ARGS --line "^\\[mm\\] this CPU has no NX")

include(tests/entry.cmake OPTIONAL)
include(tests/vdso.cmake)
include(tests/fuzz.cmake)
include(tests/irqland.cmake)
include(tests/busybox.cmake)

# The pipe, restart, ptrace and job-control tests are ordinary static Linux programs: the same
# binaries must pass on the Linux that builds entrylab (the host's kernel is
# the reference).
foreach(bits 64 32)
    add_test(NAME native.pipes${bits} COMMAND ${CMAKE_BINARY_DIR}/user/pipes${bits})
    add_test(NAME native.restart${bits} COMMAND ${CMAKE_BINARY_DIR}/user/restart${bits})
    add_test(NAME native.ptrace${bits} COMMAND ${CMAKE_BINARY_DIR}/user/ptrace${bits})
    add_test(NAME native.jobctl${bits} COMMAND ${CMAKE_BINARY_DIR}/user/jobctl${bits})
    set_tests_properties(native.pipes${bits} native.restart${bits} native.ptrace${bits} native.jobctl${bits}
                         PROPERTIES TIMEOUT 60)
endforeach()
