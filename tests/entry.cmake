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
# The refusals must be the kernel's own, with the program's address: a kernel
# that only survives by luck (a fault inside its return instruction) names a
# kernel RIP instead and fails these.
set(REFUSALS
    --line "^ok [0-9]+ noncanon_syscall # killed as expected: #GP error=0x0 at rip=0x800000000000 \\(return to a non-user RIP refused\\)$"
    --line "^ok [0-9]+ noncanon_int80 # killed as expected: #GP error=0x0 at rip=0x800000000000 \\(return to a non-user RIP refused\\)$"
    --line "^ok [0-9]+ bad_ss32 # killed as expected: #GP error=0x0 at rip=0x[0-9a-f]+ \\(return to a bad SS refused\\)$"
    # int 0x80 back to SS 0x3b and to a TLS selector (kept), then to that
    # selector made read-only by set_thread_area (refused: tests/user/ss_kept32.asm).
    --line "^ok [0-9]+ ss_kept32 # killed as expected: #GP error=0x0 at rip=0x80[0-9a-f]+ \\(return to a bad SS refused\\)$"
    --line "^ok [0-9]+ tf_sysenter32 # killed as expected: #DB at rip=0xffffe0c1$"
    --line "^ok [0-9]+ spin64 # killed as expected: timeout \\(still running after its time\\) at rip=0x40[0-9a-f]+$"
    # Memory faults (docs/abi.md, "Memory"): a write to a PROT_READ page is a
    # protection fault (P|W|U), the others find no page (U); the first mmap
    # lands a page below mmap_base.
    --line "^ok [0-9]+ mmfault64 ro # killed as expected: #PF error=0x7 addr=0x7ffff7ffe00a at rip=0x40[0-9a-f]+$"
    --line "^ok [0-9]+ mmfault64 unmapped # killed as expected: #PF error=0x4 addr=0x7ffff7ffe00a at rip=0x40[0-9a-f]+$"
    --line "^ok [0-9]+ mmfault32 none # killed as expected: #PF error=0x4 addr=0xf7ffd00a at rip=0x804[0-9a-f]+$"
    --line "^ok [0-9]+ mmfault32 ro # killed as expected: #PF error=0x7 addr=0xf7ffd00a at rip=0x804[0-9a-f]+$")
# The vDSO's data page and image are read-only: a write is the program's #PF.
list(APPEND REFUSALS
    --line "^ok [0-9]+ vdso64 write vvar # killed as expected: #PF error=0x7 addr=0xffffc000 at rip=0x40[0-9a-f]+$"
    --line "^ok [0-9]+ vdso32 write image # killed as expected: #PF error=0x7 addr=0xffffd000 at rip=0x80[0-9a-f]+$")
# Processes (docs/abi.md, "Processes and scheduling"): a child's fault is
# logged with its pid and reported to its parent, not as a result line; an
# orphan outlives the program, whose result comes only after it; switches
# inside every door give each process its own registers; execve by path.
foreach(m 64 32)
    list(APPEND REFUSALS
        --line "^\\[proc\\] pid [0-9]+ \\(procs${m}\\) #PF error=0x6 addr=0x10000000 at rip=0x[0-9a-f]+$"
        --line "^\\[proc\\] pid [0-9]+ \\(procs${m}\\) #UD at rip=0x[0-9a-f]+$"
        --line "^\\[proc\\] pid [0-9]+ \\(procs${m}\\) signal 15 \\(SIGTERM\\) at rip=0x[0-9a-f]+$"
        --line "^# procs${m} orphan: getppid 1, the program \\(pid [0-9]+\\) has ended\\n(.*\\n)*?ok [0-9]+ procs${m}$"
        --line "^# switch${m} child: [0-9]+ calls with poisoned registers, 0 failure\\(s\\)"
        --line "^# switch${m} parent: [0-9]+ calls with poisoned registers, 0 failure\\(s\\)"
        --line "^# exec${m} child: argv and envp as given \\(exec${m}\\)$")
endforeach()
# sysenter64 with a non-canonical rbp: the kernel leaves by iretq (sysexit
# would #GP in ring 0) and the landing pad's pop faults in ring 3: #SS on
# hardware and in Bochs, #GP under QEMU 7.2 TCG (which has no #SS for a
# non-canonical stack address). Refused 64-bit sysenter: #UD.
set(SYSENTER64_QEMU --line "^# noncanon_sysenter64: signal 11, trap 13 at rip=0xffffe140, rsp=0x800000000000$")
set(SYSENTER64_HW --line "^# noncanon_sysenter64: signal 7, trap 12 at rip=0xffffe140, rsp=0x800000000000$")
set(SYSENTER64_UD --line "^# noncanon_sysenter64: signal 4, trap 6 at rip=")
# int 0x81 from ring 3 (signals64/32): #GP whose error code names the IDT
# entry. Hardware and Bochs: (0x81 << 3) | 2; QEMU 7.2 TCG: 0x81 * 16 + 2.
set(INT81_QEMU --line "^# int 0x81: #GP error code 0x812$")
set(INT81_HW --line "^# int 0x81: #GP error code 0x40a$")
# hostile64/32 (issue 11's catalogue): where the platforms answer differently.
# int n: hardware and Bochs (n << 3) | 2, QEMU 7.2 TCG (n << 4) | 2. iret to
# a ring-0 CS: #GP(selector) on hardware and Bochs; QEMU pops the frame as a
# supervisor access, which SMAP refuses on the user's stack (#PF, P only).
# sysexit from ring 3: Intel #GP, AMD in long mode #UD (Bochs' ryzen: #GP).
# sysret from compatibility mode: Intel #UD (Bochs Intel), #GP elsewhere here.
# icebp (int1): #DB, a SIGTRAP breakpoint, on hardware and Bochs; QEMU: #UD.
foreach(m 64 32)
    list(APPEND HOSTILE_QEMU --line "^# ${m} int n: 252 vectors #GP, error code \\(n << 4\\) \\| 2$"
                             --line "^# ${m} priv iret to ring 0: #PF error 0x1$"
                             --line "^# ${m} icebp: #UD$")
    list(APPEND HOSTILE_HW --line "^# ${m} int n: 252 vectors #GP, error code \\(n << 3\\) \\| 2$"
                           --line "^# ${m} priv iret to ring 0: #GP error 0x8$"
                           --line "^# ${m} icebp: #DB$")
    list(APPEND HOSTILE_ALL --line "^ok [0-9]+ hostile${m} (flags|ones|intn|priv|kmem)$"
                            --line "^# ${m} flags: TF, NT, NT\\+TF, AC\\+DF\\+TF on [1-3] door\\(s\\): ok$"
                            --line "^# ${m} ones: .*: ok "
                            --line "^# ${m} priv: 20 privileged instructions, a signal each and no effect: ok$"
                            --line "^# ${m} kmem: .*: ok$")
endforeach()
list(APPEND HOSTILE_ALL --line "^# 64 priv swapgs: #GP error 0x0$" --line "^# 32 priv swapgs: #UD error 0x0$"
                        --line "^# 64 priv sysret: #GP error 0x0$")
set(HOSTILE_intel ${HOSTILE_ALL} ${HOSTILE_QEMU} --line "^# 64 priv sysexit: #GP error 0x0$"
    --line "^# 32 priv sysret: #GP error 0x0$")
set(HOSTILE_amd ${HOSTILE_ALL} ${HOSTILE_QEMU} --line "^# 64 priv sysexit: #UD error 0x0$"
    --line "^# 32 priv sysret: #GP error 0x0$")
set(HOSTILE_bochs_intel ${HOSTILE_ALL} ${HOSTILE_HW} --line "^# 64 priv sysexit: #GP error 0x0$"
    --line "^# 32 priv sysret: #UD error 0x0$")
set(HOSTILE_bochs_amd ${HOSTILE_ALL} ${HOSTILE_HW} --line "^# 64 priv sysexit: #GP error 0x0$"
    --line "^# 32 priv sysret: #GP error 0x0$")
# SMEP and SMAP (issue 11, item 9: src/ktest.c): each must fault where the
# CPU model offers it. Bochs' Haswell has SMEP only (SMAP came with Broadwell).
set(SMEP_ON --line "^    ok [0-9]+ smep$")
set(SMAP_ON --line "^    ok [0-9]+ smap$")
set(SMAP_ABSENT --line "^    ok [0-9]+ smap # SKIP SMAP not offered by this CPU$")
list(APPEND HOSTILE_intel ${SMEP_ON} ${SMAP_ON})
list(APPEND HOSTILE_amd ${SMEP_ON} ${SMAP_ON})
list(APPEND HOSTILE_bochs_intel ${SMEP_ON} ${SMAP_ABSENT})
list(APPEND HOSTILE_bochs_amd ${SMEP_ON} ${SMAP_ON})
list(APPEND MATRIX_intel ${REFUSALS} ${SYSENTER64_QEMU} ${INT81_QEMU} ${HOSTILE_intel})
list(APPEND MATRIX_amd ${REFUSALS} ${SYSENTER64_UD} ${INT81_QEMU} ${HOSTILE_amd})
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
list(APPEND BOCHS_MATRIX_intel ${REFUSALS} ${SYSENTER64_HW} ${INT81_HW} ${HOSTILE_bochs_intel})
list(APPEND BOCHS_MATRIX_amd ${REFUSALS} ${SYSENTER64_HW} ${INT81_HW} ${HOSTILE_bochs_amd})
foreach(vendor intel amd)
    add_test(NAME entry.bochs.${vendor}
        COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/harness/bochs_boot.py
            --rc ${CMAKE_BINARY_DIR}/bochs/${vendor}.rc --iso ${CMAKE_BINARY_DIR}/entrylab-test.iso
            --log ${CMAKE_BINARY_DIR}/logs/entry.bochs.${vendor}.log --timeout 600 ${BOCHS_MATRIX_${vendor}})
    set_tests_properties(entry.bochs.${vendor} PROPERTIES TIMEOUT 900)
endforeach()

# The watchdog over a whole tree (tests/user/wdtree.c, timeout=1): a program
# blocked in wait4 on a child blocked in pause, then one on a child spinning
# in ring 3, then one stopped (SIGSTOP) with its stopped child; the runner
# kills every process of the tree, and the next program finds the process
# table empty. Then programs alone, blocked in pause or in an endless poll
# through one door: the report names the door's way back, for sysenter the
# vDSO's landing pad (EL_VDSO_LANDING64 0xffffe140, EL_VDSO_LANDING32
# 0xffffe0c0), a slot its fast way leaves out of the frame.
boot_test(entry.wdtree ISO entrylab-wdtree FIRMWARE bios CPU Skylake-Client EXPECT pass TIMEOUT 60
    ARGS --line "^ok 1 wdtree64 blocked # killed as expected: timeout \\(still running after its time\\) at rip=0x40[0-9a-f]+$"
         --line "^ok 2 wdtree64 spinning # killed as expected: timeout \\(still running after its time\\) at rip=0x40[0-9a-f]+$"
         --line "^\\[proc\\] pid [0-9]+ \\(wdtree64\\) timeout \\(still running after its time\\) at rip=0x40[0-9a-f]+$"
         --line "^ok 3 wdtree64 stopped # killed as expected: timeout \\(still running after its time\\) at rip=0x40[0-9a-f]+$"
         --line "^# wdtree64 after: 15 children before fork said -11$"
         --line "^ok 4 wdtree64 after$"
         --line "^ok 5 wdtree64 pause syscall # killed as expected: timeout \\(still running after its time\\) at rip=0x40[0-9a-f]+$"
         --line "^ok 6 wdtree64 pause sysenter # killed as expected: timeout \\(still running after its time\\) at rip=0xffffe140$"
         --line "^ok 7 wdtree64 poll sysenter # killed as expected: timeout \\(still running after its time\\) at rip=0xffffe140$"
         --line "^ok 8 wdtree32 pause int80 # killed as expected: timeout \\(still running after its time\\) at rip=0x80[0-9a-f]+$"
         --line "^ok 9 wdtree32 pause sysenter # killed as expected: timeout \\(still running after its time\\) at rip=0xffffe0c0$"
         --line "^ok 10 wdtree32 poll sysenter # killed as expected: timeout \\(still running after its time\\) at rip=0xffffe0c0$")

# The Bochs walkthrough (./lab bochs --walk): walk64 then walk32 call getpid
# through each door the model accepts; the debugger must stop at each entry
# stub and each exit instruction, in this order. On AMD there is no sysexit
# in long mode, so the sysenter calls Bochs lets in leave by iretq.
set(WALK_intel
    entry_int80 int80_iretq entry_syscall64 syscall64_sysret entry_sysenter64 sysenter_sysexit64
    entry_int80
    entry_int80 int80_iretq entry_sysenter32 sysenter_sysexit32
    entry_int80)
set(WALK_amd
    entry_int80 int80_iretq entry_syscall64 syscall64_sysret entry_sysenter64 int80_iretq
    entry_int80
    entry_int80 int80_iretq entry_syscall32 syscall32_sysret entry_sysenter32 int80_iretq
    entry_int80)
foreach(vendor intel amd)
    string(REPLACE ";" " " stops "${WALK_${vendor}}")
    add_test(NAME bochs.walk.${vendor}
        COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/harness/bochs_walk.py
            --rc ${CMAKE_BINARY_DIR}/bochs/${vendor}.rc --cmds ${CMAKE_BINARY_DIR}/bochs/walk.cmds
            --iso ${CMAKE_BINARY_DIR}/entrylab-walk.iso --out ${CMAKE_BINARY_DIR}/logs/bochs-walk-${vendor}
            --expect "${stops}")
    set_tests_properties(bochs.walk.${vendor} PROPERTIES TIMEOUT 600)
endforeach()

# The benchmark must run and report every door it may use, the baselines
# and the JSON; its figures are not judged here (plain TCG: they vary).
boot_test(bench.runs ISO entrylab-bench FIRMWARE bios CPU Skylake-Client EXPECT pass TIMEOUT 180
    ARGS --line "^bench64: kernel entrylab. per call in TSC ticks"
         --line "^bench64: int 0x80 +getppid +[0-9]+\\.[0-9] +[0-9]+\\.[0-9] +[0-9]+\\.[0-9]$"
         --line "^bench64: syscall +getppid +[0-9]+\\.[0-9] "
         --line "^bench64: syscall +ENOSYS +[0-9]+\\.[0-9] "
         --line "^bench64: syscall +clock_gettime +[0-9]+\\.[0-9] "
         --line "^bench64: sysenter +getppid +[0-9]+\\.[0-9] "
         --line "^bench64: syscall +bare +[0-9]+\\.[0-9] "
         --line "^bench64: syscall +out by iretq +[0-9]+\\.[0-9] "
         --line "^bench64: sysenter +out by sysret +[0-9]+\\.[0-9] "
         --line "^bench32: int 0x80 +getppid +[0-9]+\\.[0-9] "
         --line "^bench32: syscall +getppid +[0-9]+\\.[0-9] "
         --line "^bench32: sysenter +getppid +[0-9]+\\.[0-9] "
         --line "^bench32: AT_SYSINFO +getppid +[0-9]+\\.[0-9] "
         --line "^bench32: sysenter +bare +[0-9]+\\.[0-9] "
         --line "^\\{\"bench\":1,\"kernel\":\"entrylab\",\"mode\":64,\"door\":\"syscall\",\"call\":\"getppid\",\"kind\":\"call\",\"min\":[0-9.]+,\"median\":[0-9.]+,\"p99\":[0-9.]+,"
         --line "^\\{\"bench\":1,\"kernel\":\"entrylab\",\"mode\":32,\"door\":\"int 0x80\",\"call\":\"bare\",\"kind\":\"bare\","
         --line "^ok [0-9]+ bench64$" --line "^ok [0-9]+ bench32$")

# Path-length budgets (tests/bench-budgets.txt): exact instruction counts
# under -icount, so a door made longer fails here (docs/bench.md).
foreach(vendor intel amd)
    add_test(NAME bench.budget.${vendor}
        COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/harness/bench_budget.py
            --iso ${CMAKE_BINARY_DIR}/entrylab-budget.iso --cpu ${CPU_${vendor}}
            --budgets ${CMAKE_SOURCE_DIR}/tests/bench-budgets.txt
            --log ${CMAKE_BINARY_DIR}/logs/bench.budget.${vendor}.log)
    set_tests_properties(bench.budget.${vendor} PROPERTIES TIMEOUT 400)
endforeach()
