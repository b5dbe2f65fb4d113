# Hostile ring 3 (issue 11, docs/security.md): the checks of items 8-10, and
# the fuzzer.

# Spectre v1 on the number: the dispatcher's table loads use a clamped index.
add_test(NAME security.spectre_clamp
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/harness/spectre_clamp.py
            ${CMAKE_BINARY_DIR}/entrylab.elf)
# SMAP's stac and clac: every one is a boot-time patch site (src/smap.c).
add_test(NAME security.smap_sites
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/harness/smap_sites.py
            ${CMAKE_BINARY_DIR}/entrylab.elf)

# The seeded door fuzzer (tests/user/fuzz.c, docs/fuzz.md): entrylab-fuzz.iso
# runs fuzz64 and fuzz32 for ENTRYLAB_FUZZ_QEMU_COUNT iterations each under
# QEMU's Intel and AMD models (2,000,000 in all), entrylab-fuzz-bochs.iso a
# shorter run under both Bochs models (tests/fuzz_images.cmake). A pass needs
# the kernel alive to the end, both programs' "no failure", the count of
# iterations, and the doors each model accepts. A failure prints the seed,
# the iteration and every register (build/logs/fuzz.*.log) and the command
# that replays it.
# fuzz_lines(OUT COUNT DOORS64 DOORS32): the lines a passing run prints.
function(fuzz_lines out count doors64 doors32)
    math(EXPR last "${count} - 1")
    set(l "")
    foreach(m 64 32)
        list(APPEND l --line "^# fuzz${m}: ${count} iterations \\(0 to ${last}\\), seed ${ENTRYLAB_FUZZ_SEED}, doors ${doors${m}}, "
                      --line "^# fuzz${m} rt_sigreturn: [1-9][0-9]* frames returned to, [1-9][0-9]* refused with SIGSEGV"
                      --line "^# fuzz${m}: no failure$"
                      --line "^ok [0-9]+ fuzz${m} ${ENTRYLAB_FUZZ_SEED} 0 ${count} 0$")
    endforeach()
    set(${out} ${l} PARENT_SCOPE)
endfunction()
# QEMU 7.2: the Intel model lets syscall in from 32-bit code, the AMD model
# refuses sysenter from 64-bit code and lets it in from 32-bit code.
fuzz_lines(FUZZ_intel ${ENTRYLAB_FUZZ_QEMU_COUNT} "int80 syscall sysenter" "int80 syscall sysenter")
fuzz_lines(FUZZ_amd ${ENTRYLAB_FUZZ_QEMU_COUNT} "int80 syscall" "int80 syscall sysenter")
boot_test(fuzz.qemu.intel ISO entrylab-fuzz FIRMWARE bios CPU Skylake-Client EXPECT pass TIMEOUT 450
    ARGS ${FUZZ_intel})
boot_test(fuzz.qemu.amd ISO entrylab-fuzz FIRMWARE bios CPU EPYC EXPECT pass TIMEOUT 450
    ARGS ${FUZZ_amd})
# Bochs 2.7: the Intel (Haswell) model refuses syscall from 32-bit code, as
# hardware does; the AMD (ryzen) model lets every door in.
fuzz_lines(FUZZ_bochs_intel ${ENTRYLAB_FUZZ_BOCHS_COUNT} "int80 syscall sysenter" "int80 sysenter")
fuzz_lines(FUZZ_bochs_amd ${ENTRYLAB_FUZZ_BOCHS_COUNT} "int80 syscall sysenter" "int80 syscall sysenter")
foreach(vendor intel amd)
    add_test(NAME fuzz.bochs.${vendor}
        COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/harness/bochs_boot.py
            --rc ${CMAKE_BINARY_DIR}/bochs/${vendor}.rc --iso ${CMAKE_BINARY_DIR}/entrylab-fuzz-bochs.iso
            --log ${CMAKE_BINARY_DIR}/logs/fuzz.bochs.${vendor}.log --timeout 300 ${FUZZ_bochs_${vendor}})
    set_tests_properties(fuzz.bochs.${vendor} PROPERTIES TIMEOUT 400)
endforeach()
