/* The boot probe: which entry instructions this CPU accepts, per mode. */
#pragma once
#include <stdint.h>

extern uint32_t entry_accepts; /* EL_ACCEPT_* bits */
extern uint32_t cpu_vendor;    /* EL_VENDOR_* */
void probe_entries(void);

#define PROBE_ADDR 0x10000000ul /* the probe's code page (syscall/probe.asm) */
