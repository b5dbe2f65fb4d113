#!/bin/sh
# Usage: gen-asm-offsets.sh IN.s OUT.inc: the "->NAME value" markers left by
# tools/asm-offsets.c become NASM %define lines.
set -e
{
    echo "; Generated from tools/asm-offsets.c by tools/gen-asm-offsets.sh. Do not edit."
    sed -n 's/.*"->\([A-Za-z0-9_]*\) \$\{0,1\}\(-\{0,1\}[0-9][0-9]*\)".*/%define \1 \2/p' "$1"
} > "$2.tmp"
grep -q FRAME_SIZE "$2.tmp" || { echo "gen-asm-offsets: no markers in $1" >&2; exit 1; }
mv "$2.tmp" "$2"
