# Debian's static busybox (package busybox-static), unmodified, as a boot
# module: each module line runs one applet with its arguments (GRUB quotes
# an argument with spaces; split_args in src/ustack.c unquotes it). What is
# judged is each applet's own output on the serial console.
set(BUSYBOX /bin/busybox)
if(NOT EXISTS ${BUSYBOX})
    message(STATUS "busybox: not tested: ${BUSYBOX} is missing (./lab deps installs busybox-static)")
    return()
endif()
set(BUSYBOX_DIR ${CMAKE_BINARY_DIR}/busybox)
# Read back through the kernel's file tree, the module must hash as the file.
file(SHA256 ${BUSYBOX} BUSYBOX_SHA256)
add_custom_command(OUTPUT ${BUSYBOX_DIR}/busybox
    COMMAND ${CMAKE_COMMAND} -E make_directory ${BUSYBOX_DIR}
    COMMAND ${CMAKE_COMMAND} -E copy ${BUSYBOX} ${BUSYBOX_DIR}/busybox
    DEPENDS ${BUSYBOX} COMMENT "Copying Debian's busybox")
add_custom_target(busybox_copy ALL DEPENDS ${BUSYBOX_DIR}/busybox)
entrylab_iso(entrylab-busybox CMDLINE "exit=emu timeout=10" TITLE "busybox" DIR ${BUSYBOX_DIR}
    PROGRAMS
    "busybox echo hello from busybox"
    "busybox uname -s -m"
    "busybox expr 6 * 7"
    "busybox seq 3 5"
    "busybox id"
    "busybox printf %s-%d\\\\n entry 80"
    "busybox sha256sum /proc/self/cmdline"
    "busybox grep -c vdso /proc/self/maps"
    "busybox sh -c 'x=6<SEMI> echo \"sh says $((x * 7))\"<SEMI> for d in int80 syscall sysenter<SEMI> do echo door $d<SEMI> done'"
    # Pipelines: the shell forks, each applet runs in its own process, the
    # pipes carry the bytes, wait4 collects them (issue 9).
    "busybox sh -c 'echo one two three four | wc -w'"
    "busybox sh -c 'seq 1 100 | grep 7 | wc -l'"
    "busybox sh -c 'x=$(echo piped | tr a-z A-Z)<SEMI> echo \"substituted $x\"'"
    "busybox sh -c 'for i in 1 2 3<SEMI> do (echo background $i) & done<SEMI> wait<SEMI> echo all waited'"
    "busybox sh -c 'ls /<SEMI> ls /dev | tr \"\\\\n\" \" \"<SEMI> echo'"
    "busybox sha256sum /user/busybox")
add_dependencies(iso_entrylab-busybox busybox_copy)
# The hash is of busybox's own argv as /proc/self/cmdline holds it:
# printf 'busybox\0sha256sum\0/proc/self/cmdline\0' | sha256sum
set(BUSYBOX_LINES
    --line "^hello from busybox$"
    --line "^entrylab x86_64$"
    --line "^42$"
    --line "^3$" --line "^4$" --line "^5$"
    --line "^uid=0 gid=0$"
    --line "^entry-80$"
    --line "^8c7d8d3264eee8ead4cc34428758a9f61db242a3caa68e93bb7dfc99a0720228  /proc/self/cmdline$"
    --line "^1$"
    --line "^sh says 42$"
    --line "^door int80$" --line "^door syscall$" --line "^door sysenter$"
    --line "^4$"
    --line "^19$"
    --line "^substituted PIPED$"
    --line "^background 1$" --line "^background 2$" --line "^background 3$" --line "^all waited$"
    --line "^boot +dev +proc +user$"
    --line "^console null tty zero $"
    --line "^${BUSYBOX_SHA256}  /user/busybox$")
foreach(vendor intel amd)
    boot_test(busybox.applets.${vendor} ISO entrylab-busybox FIRMWARE bios CPU ${CPU_${vendor}}
        EXPECT pass TIMEOUT 120 ARGS ${BUSYBOX_LINES})
endforeach()

# A busybox shell on the console (./lab run --shell): the console waits for
# keys (interactive), and the watchdog gives the shell a day.
entrylab_iso(entrylab-shell CMDLINE "exit=emu interactive timeout=86400" TITLE "busybox shell"
    DIR ${BUSYBOX_DIR} PROGRAMS "busybox sh")
add_dependencies(iso_entrylab-shell busybox_copy)
# The same shell typed at by the harness: each line is sent once the shell
# has printed its prompt, and what the shell answers is judged.
add_test(NAME busybox.shell
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/harness/shell_session.py
        --iso ${CMAKE_BINARY_DIR}/entrylab-shell.iso --cpu Skylake-Client
        --log ${CMAKE_BINARY_DIR}/logs/busybox.shell.log
        --send "echo $((6 * 7)) from the shell" --expect "^42 from the shell"
        --send "for d in int80 syscall sysenter; do echo door-$d; done" --expect "^door-sysenter"
        --send "read a b; echo \"got [$b] [$a]\"" --send "typed words" --expect "^got \\[words\\] \\[typed\\]"
        # Job control (docs/abi.md): ^Z stops cat (SIGTSTP), the shell's
        # wait sees it stopped; fg gives it the console and SIGCONT, and cat
        # copies a line (after the echo of it).
        --send "cat" --ctrl Z --expect "Stopped +cat" --send "fg" --expect "^cat"
        --send "hello again" --expect "^hello again\\nhello again$" --ctrl D --send "echo fg-$?" --expect "^fg-0"
        --send "exit 0" --expect "^ok 1 busybox sh$")
set_tests_properties(busybox.shell PROPERTIES TIMEOUT 120)
