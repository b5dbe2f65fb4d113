; The symbol table of the first link: empty (see tools/gen-ksyms.py).
section .ksyms
align 8
global ksyms_count, ksyms_table
ksyms_count: dq 0
ksyms_table:
