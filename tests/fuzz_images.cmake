# The fuzzer's images (docs/fuzz.md). Each module string is
# "fuzzNN SEED FROM COUNT SECONDS": tests/fuzz.cmake boots them. QEMU runs
# 500,000 iterations per mode on each of its two models (2,000,000 in all);
# Bochs, some five times slower in wall time, 20,000 per mode. timeout= is the
# watchdog's limit per program (src/proc.c): room for the slowest model on a
# loaded machine (idle, fuzz64 takes some 90 s on Skylake-Client; the
# watchdog runs on wall time under TCG).
set(ENTRYLAB_FUZZ_SEED 20261201)
set(ENTRYLAB_FUZZ_QEMU_COUNT 500000)
set(ENTRYLAB_FUZZ_BOCHS_COUNT 20000)
entrylab_iso(entrylab-fuzz CMDLINE "exit=emu timeout=200" TITLE "fuzz"
    PROGRAMS "fuzz64 ${ENTRYLAB_FUZZ_SEED} 0 ${ENTRYLAB_FUZZ_QEMU_COUNT} 0"
             "fuzz32 ${ENTRYLAB_FUZZ_SEED} 0 ${ENTRYLAB_FUZZ_QEMU_COUNT} 0")
entrylab_iso(entrylab-fuzz-bochs CMDLINE "exit=emu timeout=100" TITLE "fuzz (Bochs)"
    PROGRAMS "fuzz64 ${ENTRYLAB_FUZZ_SEED} 0 ${ENTRYLAB_FUZZ_BOCHS_COUNT} 0"
             "fuzz32 ${ENTRYLAB_FUZZ_SEED} 0 ${ENTRYLAB_FUZZ_BOCHS_COUNT} 0")
