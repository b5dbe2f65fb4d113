# The entry paths under QEMU 7.2 with an Intel and an AMD CPU model, BIOS and
# UEFI. Each boot runs every test program, and the probe's matrix must be the
# model's own (../shared/PLATFORMS.md; docs/abi.md has hardware truth):
#   Intel model: syscall from 32-bit code enters (real Intel CPUs: #UD)
#   AMD model:   sysenter from 32-bit code enters (real AMD CPUs: #UD),
#                sysenter from 64-bit code raises #UD
set(MATRIX_intel
    --line "^\\[probe\\] CPU GenuineIntel"
    --line "^\\[probe\\] int0x80 +enters +enters *$"
    --line "^\\[probe\\] syscall +enters +enters *$"
    --line "^\\[probe\\] sysenter +enters +enters *$")
set(MATRIX_amd
    --line "^\\[probe\\] CPU AuthenticAMD"
    --line "^\\[probe\\] int0x80 +enters +enters *$"
    --line "^\\[probe\\] syscall +enters +enters *$"
    --line "^\\[probe\\] sysenter +#UD +enters *$")
set(CPU_intel Skylake-Client)
set(CPU_amd EPYC)
foreach(vendor intel amd)
    foreach(fw bios uefi)
        boot_test(entry.qemu.${vendor}.${fw} ISO entrylab-test FIRMWARE ${fw} CPU ${CPU_${vendor}}
            EXPECT pass TIMEOUT 180 ARGS ${MATRIX_${vendor}})
    endforeach()
endforeach()

# The same test image under Bochs 2.7, headless, with each model's matrix:
#   Intel (Haswell): syscall from 32-bit code raises #UD, as on hardware
#   AMD (ryzen):     sysenter enters in both modes (real AMD CPUs: #UD)
set(BOCHS_MATRIX_intel
    --line "^\\[probe\\] CPU GenuineIntel"
    --line "^\\[probe\\] int0x80 +enters +enters *$"
    --line "^\\[probe\\] syscall +enters +#UD *$"
    --line "^\\[probe\\] sysenter +enters +enters *$")
set(BOCHS_MATRIX_amd
    --line "^\\[probe\\] CPU AuthenticAMD"
    --line "^\\[probe\\] int0x80 +enters +enters *$"
    --line "^\\[probe\\] syscall +enters +enters *$"
    --line "^\\[probe\\] sysenter +enters +enters *$")
foreach(vendor intel amd)
    add_test(NAME entry.bochs.${vendor}
        COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/harness/bochs_boot.py
            --rc ${CMAKE_BINARY_DIR}/bochs/${vendor}.rc --iso ${CMAKE_BINARY_DIR}/entrylab-test.iso
            --log ${CMAKE_BINARY_DIR}/logs/entry.bochs.${vendor}.log --timeout 600 ${BOCHS_MATRIX_${vendor}})
    set_tests_properties(entry.bochs.${vendor} PROPERTIES TIMEOUT 900)
endforeach()
