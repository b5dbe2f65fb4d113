# User programs: the runtime in user/lib, the test programs in tests/user and
# the demos in user/. Each is a static, non-PIE ELF at build/user/<name>,
# built by gcc, nasm and ld directly (32-bit and 64-bit side by side).
# Included by CMakeLists.txt, which turns ENTRYLAB_TEST_PROGRAMS and
# ENTRYLAB_RUN_PROGRAMS (set at the end) into the ISOs' modules.

set(USER_OUT ${CMAKE_BINARY_DIR}/user)          # the programs
set(USER_OBJ ${CMAKE_BINARY_DIR}/user-obj)      # their objects
set(USER_GEN ${CMAKE_BINARY_DIR}/gen/user)      # generated numbers
set(USER_LIB ${CMAKE_SOURCE_DIR}/user/lib)
file(MAKE_DIRECTORY ${USER_OUT} ${USER_OBJ}/64 ${USER_OBJ}/32)

# --- system call numbers from syscall/syscalls.tbl ---------------------------
set(SYSCALL_HEADERS ${USER_GEN}/entrylab/syscalls.h ${USER_GEN}/syscalls.inc
    ${CMAKE_BINARY_DIR}/gen/syscall_table.h)
add_custom_command(
    OUTPUT ${SYSCALL_HEADERS}
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tools/gen-syscalls.py
            ${CMAKE_SOURCE_DIR}/syscall/syscalls.tbl ${CMAKE_BINARY_DIR}/gen
    DEPENDS ${CMAKE_SOURCE_DIR}/syscall/syscalls.tbl ${CMAKE_SOURCE_DIR}/tools/gen-syscalls.py
    COMMENT "Generating system call numbers from syscall/syscalls.tbl"
    VERBATIM)
add_custom_target(gen_syscalls DEPENDS ${SYSCALL_HEADERS})

# --- compiling ---------------------------------------------------------------
set(USER_C_HEADERS ${USER_LIB}/sys.h ${CMAKE_SOURCE_DIR}/include/uapi/entrylab.h
    ${CMAKE_SOURCE_DIR}/include/uapi/mman.h
    ${USER_GEN}/entrylab/syscalls.h)
# The Linux-call tests' shared header and the Linux layouts they check.
list(APPEND USER_C_HEADERS ${CMAKE_SOURCE_DIR}/tests/user/calls.h ${CMAKE_SOURCE_DIR}/tests/user/fuzz.h
    ${CMAKE_SOURCE_DIR}/include/uapi/linux_fs.h ${CMAKE_SOURCE_DIR}/include/uapi/linux_tty.h
    ${CMAKE_SOURCE_DIR}/include/uapi/linux_task.h ${CMAKE_SOURCE_DIR}/include/uapi/linux_wait.h)

# user_object(OUT src bits): one object file of a C or NASM source.
function(user_object out src bits)
    get_filename_component(stem ${src} NAME_WE)
    get_filename_component(ext ${src} LAST_EXT)
    set(obj ${USER_OBJ}/${bits}/${stem}.o)
    if(ext STREQUAL ".c")
        set(arch -m64)
        if(bits EQUAL 32)
            set(arch -m32 -march=i686)
        endif()
        # -MMD: every header the source includes (tests/user/kit.h, the
        # uapi layouts) is a dependency, through the depfile.
        add_custom_command(
            OUTPUT ${obj}
            COMMAND ${CMAKE_C_COMPILER} ${USER_C_FLAGS} ${arch}
                    -I${CMAKE_SOURCE_DIR}/include -I${CMAKE_SOURCE_DIR}/lib -I${USER_GEN} -I${USER_LIB}
                    -MMD -MF ${obj}.d -c ${src} -o ${obj}
            DEPENDS ${src} ${USER_C_HEADERS}
            DEPFILE ${obj}.d
            COMMENT "Compiling user-obj/${bits}/${stem}.o"
            VERBATIM COMMAND_EXPAND_LISTS)
    else()
        get_filename_component(dir ${src} DIRECTORY)
        file(GLOB incs ${dir}/*.inc ${USER_LIB}/*.inc)  # beside the source (noncanon.inc), and the runtime's (cdecl32.inc)
        add_custom_command(
            OUTPUT ${obj}
            COMMAND ${CMAKE_ASM_NASM_COMPILER} -f elf${bits} -I${USER_GEN}/ -I${USER_LIB}/ -I${dir}/
                    ${src} -o ${obj}
            DEPENDS ${src} ${USER_GEN}/syscalls.inc ${incs}
            COMMENT "Assembling user-obj/${bits}/${stem}.o"
            VERBATIM)
    endif()
    set(${out} ${obj} PARENT_SCOPE)
endfunction()

# The runtime, once per width.
foreach(bits 64 32)
    set(USER_RUNTIME${bits} "")
    foreach(src ${USER_LIB}/start${bits}.asm ${USER_LIB}/door${bits}.asm ${USER_LIB}/sys.c
                ${CMAKE_SOURCE_DIR}/lib/string.c) # lib/: the one mem*/str* of kernel and programs
        user_object(obj ${src} ${bits})
        list(APPEND USER_RUNTIME${bits} ${obj})
    endforeach()
endforeach()

# --- linking -----------------------------------------------------------------
# user_program(NAME BITS bits SOURCES src... [NORUNTIME]): build/user/NAME.
# NORUNTIME: a program with its own _start (plain NASM, no runtime).
set(USER_PROGRAMS "")
function(user_program name)
    cmake_parse_arguments(A "NORUNTIME" "BITS" "SOURCES;LINK" ${ARGN})
    set(objs "")
    foreach(src ${A_SOURCES})
        user_object(obj ${CMAKE_SOURCE_DIR}/${src} ${A_BITS})
        list(APPEND objs ${obj})
    endforeach()
    if(NOT A_NORUNTIME)
        list(APPEND objs ${USER_RUNTIME${A_BITS}})
    endif()
    set(exe ${USER_OUT}/${name})
    add_custom_command(
        OUTPUT ${exe}
        COMMAND ${CMAKE_C_COMPILER} -m${A_BITS} -nostdlib -static -no-pie
                -Wl,--build-id=none -Wl,-z,noexecstack -Wl,-z,max-page-size=0x1000
                ${A_LINK} ${objs} -o ${exe}
        DEPENDS ${objs}
        COMMENT "Linking user program ${name} (${A_BITS}-bit)"
        VERBATIM)
    set(USER_PROGRAMS ${USER_PROGRAMS} ${exe} PARENT_SCOPE)
endfunction()

# Both widths from one C source: NAME64 and NAME32.
function(user_program_both name src)
    foreach(bits 64 32)
        user_program(${name}${bits} BITS ${bits} SOURCES ${src})
    endforeach()
    set(USER_PROGRAMS ${USER_PROGRAMS} PARENT_SCOPE)
endfunction()

user_program_both(doors tests/user/doors.c)
user_program_both(startup tests/user/startup.c)
user_program_both(syscalls tests/user/syscalls.c)
user_program_both(signals tests/user/signals.c)
user_program_both(debugreg tests/user/debugreg.c)
user_program_both(files tests/user/files.c)
user_program_both(creds tests/user/creds.c)
user_program_both(limits tests/user/limits.c)
user_program_both(clocks tests/user/clocks.c)
user_program_both(procs tests/user/procs.c)
user_program_both(threads tests/user/threads.c)
user_program_both(switch tests/user/switch.c)
user_program_both(exec tests/user/exec.c)
user_program_both(wdtree tests/user/wdtree.c)
user_program_both(pipes tests/user/pipes.c)
user_program_both(restart tests/user/restart.c)
user_program_both(ptrace tests/user/ptrace.c)
user_program_both(ioport tests/user/ioport.c)
user_program_both(jobctl tests/user/jobctl.c)
user_program_both(tree tests/user/tree.c)
user_program_both(tour user/tour.c)
user_program_both(walk user/walk.c)
foreach(bits 64 32)
    user_program(bench${bits} BITS ${bits} SOURCES user/bench.c user/bench_loops${bits}.asm)
endforeach()
# /init of the initramfs ./lab bench --linux boots Linux with.
user_program(linux_init BITS 64 SOURCES user/linux_init.c)
user_program_both(mm tests/user/mm.c)
user_program_both(mmfault tests/user/mmfault.c)
user_program(nx_stack64 BITS 64 SOURCES tests/user/nx_stack.c)
user_program(guard64 BITS 64 SOURCES tests/user/guard.c)
user_program(ud64 BITS 64 SOURCES tests/user/ud.c)
user_program(hello64 BITS 64 SOURCES user/hello64.asm NORUNTIME)
user_program(hello32 BITS 32 SOURCES user/hello32.asm NORUNTIME)

# Hostile flags and returns the kernel must refuse (docs/abi.md, "Returning
# to ring 3"). The non-canonical ones are the regressions Bochs judges.
set(LASTPAGE -Wl,--section-start=.lastpage=0x7ffffffff000)
user_program(noncanon_syscall BITS 64 SOURCES tests/user/noncanon_syscall.asm NORUNTIME LINK ${LASTPAGE})
user_program(noncanon_int80 BITS 64 SOURCES tests/user/noncanon_int80.asm NORUNTIME LINK ${LASTPAGE})
user_program(noncanon_sysenter64 BITS 64 SOURCES tests/user/noncanon_sysenter64.c)
user_program(bad_ss32 BITS 32 SOURCES tests/user/bad_ss32.asm NORUNTIME)
user_program(ss_kept32 BITS 32 SOURCES tests/user/ss_kept32.asm NORUNTIME)
user_program(tf_syscall64 BITS 64 SOURCES tests/user/tf_syscall64.asm NORUNTIME)
user_program(tf_sysenter32 BITS 32 SOURCES tests/user/tf_sysenter32.asm NORUNTIME)
user_program(spin64 BITS 64 SOURCES tests/user/spin64.asm NORUNTIME)
user_program(fpu64 BITS 64 SOURCES tests/user/fpu64.asm NORUNTIME)
user_program(tls32 BITS 32 SOURCES tests/user/tls32.asm NORUNTIME)
user_program(compat_regs32 BITS 32 SOURCES tests/user/compat_regs32.c tests/user/compat_door32.asm)
user_program(umip64 BITS 64 SOURCES tests/user/umip64.asm NORUNTIME)
user_program(farret64 BITS 64 SOURCES tests/user/farret64.asm NORUNTIME)
user_program_both(vdso tests/user/vdso.c)
user_program(kvsyscall32 BITS 32 SOURCES tests/user/kvsyscall.c)
user_program(vsyscall64 BITS 64 SOURCES tests/user/vsyscall.c)
# Issue 11's catalogue, items 1-6: hostile flags, registers, vectors,
# privileged instructions and addresses, each fault caught by the program.
foreach(bits 64 32)
    user_program(hostile${bits} BITS ${bits} SOURCES tests/user/hostile.c tests/user/hostile_ones${bits}.asm)
endforeach()

# Item 8: every door in a loop while the timer runs fast (tests/irqland.cmake).
user_program_both(irqland tests/user/irqland.c)
# The seeded door fuzzer (issue 11; docs/fuzz.md): its own image, entrylab-fuzz.
foreach(bits 64 32)
    user_program(fuzz${bits} BITS ${bits} SOURCES tests/user/fuzz.c tests/user/fuzz_pick.c
                 tests/user/fuzz_sigret.c
                 tests/user/fuzz${bits}.asm)
endforeach()

add_custom_target(user_programs ALL DEPENDS ${USER_PROGRAMS})
add_dependencies(user_programs gen_syscalls)

# The ISO targets (made after this file is included) copy the programs: they
# must come after user_programs, or make would run the same rules in two
# targets at once.
function(entrylab_user_program_deps)
    foreach(t iso_entrylab iso_entrylab-test iso_entrylab-walk iso_entrylab-bench iso_entrylab-budget
              iso_entrylab-irqland iso_entrylab-fuzz iso_entrylab-fuzz-bochs iso_entrylab-wdtree)
        if(TARGET ${t})
            add_dependencies(${t} user_programs)
        endif()
    endforeach()
endfunction()
cmake_language(DEFER CALL entrylab_user_program_deps)

# --- what the ISOs run -------------------------------------------------------
# Each entry is a module string: the program's name, then its arguments.
set(ENTRYLAB_TEST_PROGRAMS
    "doors64 int80" "doors64 syscall" "doors64 sysenter"
    "doors32 int80" "doors32 syscall" "doors32 sysenter"
    "hello64" "hello32"
    "startup64 --fast x" "startup32 --fast x"
    "syscalls64" "syscalls32" "signals64" "signals32"
    "files64" "files32" "creds64" "creds32" "limits64" "limits32" "clocks64" "clocks32"
    "procs64" "procs32" "threads64" "threads32" "switch64" "switch32" "exec64" "exec32"
    "pipes64" "pipes32" "tree64" "tree32" "restart64" "restart32" "ptrace64" "ptrace32"
    "debugreg64" "debugreg32" "ioport64" "ioport32" "jobctl64" "jobctl32"
    "nx_stack64" "guard64" "ud64"
    "tf_syscall64" "tf_sysenter32" "spin64"
    "fpu64 first" "fpu64 second" "tls32" "compat_regs32" "umip64" "farret64"
    "noncanon_syscall" "noncanon_int80" "noncanon_sysenter64" "bad_ss32" "ss_kept32"
    "tour64" "tour32"
    "mm64" "mm32" "mmfault64 ro" "mmfault64 unmapped" "mmfault32 none" "mmfault32 ro"
    "vdso64" "vdso32" "vdso64 write vvar" "vdso32 write image" "kvsyscall32 default"
    "vsyscall64 xonly"
    "hostile64 flags" "hostile32 flags" "hostile64 ones" "hostile32 ones"
    "hostile64 intn" "hostile32 intn" "hostile64 priv" "hostile32 priv"
    "hostile64 kmem" "hostile32 kmem")
set(ENTRYLAB_RUN_PROGRAMS "tour64" "tour32" "hello64" "hello32" "bench64" "bench32")
