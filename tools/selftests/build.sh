#!/usr/bin/env bash
# Builds Linux's own x86 and vDSO selftests, unmodified, as static programs
# for entrylab, with Linux's own Makefiles, plus the Debian-toolchain hello
# worlds. Usage: build.sh LINUX_TARBALL HELLO_C OUT_DIR "RUN_64" "RUN_32"
# (RUN_*: the x86 tests the images run, from tests/selftests/selftests.cmake).
# OUT_DIR/src holds the extracted parts of Linux (done once), OUT_DIR/obj the
# Makefiles' outputs, OUT_DIR/bin the programs under their final names:
# NAME_64, NAME_32 (glibc) and NAME_64_musl.
set -euo pipefail
tarball=$1 hello=$2 out=$3 RUN_64=$4 RUN_32=$5
top=linux-source-6.1
src=$out/src/$top
st=$src/tools/testing/selftests

# Only what the two Makefiles and their sources read: lib.mk, kselftest.h,
# the two folders, and the one kernel header sigreturn.c reaches for.
if [ ! -e "$out/src/.extracted" ] || [ "$tarball" -nt "$out/src/.extracted" ]; then
    rm -rf "$out/src"
    mkdir -p "$out/src"
    echo "selftests: extracting from $tarball (once)"
    tar -xJf "$tarball" -C "$out/src" --wildcards \
        "$top/tools/testing/selftests/lib.mk" \
        "$top/tools/testing/selftests/kselftest.h" \
        "$top/tools/testing/selftests/x86/*" \
        "$top/tools/testing/selftests/vDSO/*" \
        "$top/arch/x86/include/asm/desc_defs.h"
    touch "$out/src/.extracted"
fi

# Linux's uapi headers (linux/, asm/), as `make headers_install` would give
# them, from Debian's linux-libc-dev; musl has none of its own.
khdr=$out/khdr
mkdir -p "$khdr"
ln -sfn /usr/include/linux "$khdr/linux"
ln -sfn /usr/include/asm-generic "$khdr/asm-generic"
ln -sfn /usr/include/x86_64-linux-gnu/asm "$khdr/asm"

# What the images run (RUN_*: a build failure there fails the build), then
# programs built for a later issue when they compile, not run yet (none now:
# every x86 test the issues name runs).
NEXT_64=""
NEXT_32=""

# Linux's Makefiles run on their own, not as part of CMake's make: no
# inherited -s (the log keeps every command) and no parent's jobserver.
unset MAKEFLAGS MFLAGS MAKELEVEL
mkdir -p "$out/obj" "$out/bin"
log=$out/build.log  # every command line, as the Makefiles gave it
echo "==== build.sh, $(date -u)" >>"$log"
failed=()

# make_x86 FLAVOUR CC TARGET...: Linux's x86 Makefile; -k so that one program
# that does not build does not stop the others (they are checked below).
make_x86() {
    local flavour=$1 cc=$2
    shift 2
    mkdir -p "$out/obj/$flavour"
    # CAN_BUILD_I386=1 for musl, which has no 32-bit half: the Makefile
    # then gives the musl programs the same set and flags as glibc's 64-bit.
    make -k -j"$(nproc)" -C "$st/x86" OUTPUT="$out/obj/$flavour" CC="$cc" CAN_BUILD_I386=1 \
        KHDR_INCLUDES="-isystem $khdr" "$@" >>"$log" 2>&1 || true
    for t in "$@"; do
        [ -e "$out/obj/$flavour/$t" ] || failed+=("$flavour/$t")
    done
}

# make_vdso FLAVOUR CC: vdso_test_correctness; its Makefile knows one width,
# so the width travels in CC.
make_vdso() {
    mkdir -p "$out/obj/$1"
    make -C "$st/vDSO" OUTPUT="$out/obj/$1" CC="$2" KHDR_INCLUDES="-isystem $khdr" \
        "$out/obj/$1/vdso_test_correctness" >>"$log" 2>&1 || failed+=("$1/vdso_test_correctness")
}

# -static in CC: the x86 Makefile sets its own CFLAGS and would drop ours.
suffix() { for t in $2; do echo "${t}_$1"; done; }
make_x86 glibc "gcc -static" $(suffix 64 "$RUN_64 $NEXT_64") $(suffix 32 "$RUN_32 $NEXT_32")
make_x86 musl "musl-gcc -static" $(suffix 64 "$RUN_64 $NEXT_64")
make_vdso vdso64 "gcc -static -m64"
make_vdso vdso32 "gcc -static -m32"
make_vdso vdso64_musl "musl-gcc -static"

# Our own Linux programs beside hello.c, with the same Debian toolchain:
# cc_linux SRC NAME CC...: builds obj/NAME from SRC when SRC is newer.
cc_linux() {
    local src=$1 name=$2
    shift 2
    [ "$out/obj/$name" -nt "$src" ] || "$@" -o "$out/obj/$name" "$src" >>"$log" 2>&1 || failed+=("$name")
}
# The hello worlds; processes through the C libraries' wrappers
# (forkexec.c); threads through their pthreads (pthreads.c).
for prog in hello forkexec pthreads; do
    lsrc=$(dirname "$hello")/$prog.c
    flags=-O2
    [ $prog = pthreads ] && flags="-O2 -pthread"
    cc_linux "$lsrc" ${prog}_64 gcc -static -m64 $flags
    cc_linux "$lsrc" ${prog}_32 gcc -static -m32 $flags
    cc_linux "$lsrc" ${prog}_64_musl musl-gcc -static $flags
done

# put SRC NAME: into bin/ only when it changed, so the ISOs are remade
# only then.
put() {
    [ -e "$1" ] || return 0
    cmp -s "$1" "$out/bin/$2" || cp "$1" "$out/bin/$2"
}
for f in "$out"/obj/glibc/*_64 "$out"/obj/glibc/*_32; do put "$f" "$(basename "$f")"; done
for f in "$out"/obj/musl/*_64; do put "$f" "$(basename "$f")_musl"; done
put "$out/obj/vdso64/vdso_test_correctness" vdso_test_correctness_64
put "$out/obj/vdso32/vdso_test_correctness" vdso_test_correctness_32
put "$out/obj/vdso64_musl/vdso_test_correctness" vdso_test_correctness_64_musl
for n in hello_64 hello_32 hello_64_musl forkexec_64 forkexec_32 forkexec_64_musl \
         pthreads_64 pthreads_32 pthreads_64_musl; do put "$out/obj/$n" $n; done

status=0
for f in ${failed[@]+"${failed[@]}"}; do
    t=${f#*/}
    t=${t%_64}
    t=${t%_32}
    case " $(echo $NEXT_64 $NEXT_32) " in
    *" $t "*) echo "selftests: $f does not build (next issue's set; see $log)" ;;
    *) echo "selftests: $f does not build (see $log)"; status=1 ;;
    esac
done
[ $status = 0 ] || { tail -40 "$log"; exit 1; }
touch "$out/bin/.stamp"
