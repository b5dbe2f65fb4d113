# Hostile ring 3 (issue 11, docs/security.md): the checks of items 8-10 and
# the seeded fuzzer.

# Spectre v1 on the number: the dispatcher's table loads use a clamped index.
add_test(NAME security.spectre_clamp
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/harness/spectre_clamp.py
            ${CMAKE_BINARY_DIR}/entrylab.elf)

# The fuzzer: a million iterations over the QEMU models (250000 per program
# and model: fuzz64 and fuzz32, Intel and AMD), a shorter run under Bochs.
# The log's "# fuzzNN: N iterations ..." line has the count and the rate.
foreach(vendor intel amd)
    boot_test(fuzz.qemu.${vendor} ISO entrylab-fuzz FIRMWARE bios CPU ${CPU_${vendor}}
        EXPECT pass TIMEOUT 280
        ARGS --line "^# fuzz64: 250000 iterations .* 0 mismatches$"
             --line "^# fuzz32: 250000 iterations .* 0 mismatches$")
endforeach()
foreach(vendor intel amd)
    add_test(NAME fuzz.bochs.${vendor}
        COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/harness/bochs_boot.py
            --rc ${CMAKE_BINARY_DIR}/bochs/${vendor}.rc --iso ${CMAKE_BINARY_DIR}/entrylab-fuzz-short.iso
            --log ${CMAKE_BINARY_DIR}/logs/fuzz.bochs.${vendor}.log --timeout 600
            --line "^# fuzz64: 20000 iterations .* 0 mismatches$"
            --line "^# fuzz32: 20000 iterations .* 0 mismatches$")
    set_tests_properties(fuzz.bochs.${vendor} PROPERTIES TIMEOUT 700)
endforeach()
