; syscall at the very end of the user half: see noncanon.inc.
%define DOOR_INSN syscall
%define DOOR_NR NR64_getpid
%include "noncanon.inc"
