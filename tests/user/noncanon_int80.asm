; int 0x80 at the very end of the user half: see noncanon.inc.
%define DOOR_INSN int 0x80
%define DOOR_NR NR32_getpid
%include "noncanon.inc"
