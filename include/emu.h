/* Ending the run under an emulator (kernel command line exit=emu). */
#pragma once

/* Values for QEMU's isa-debug-exit (port 0xf4): QEMU exits with (v << 1) | 1,
 * so 0x10 gives 33. A triple fault under -no-reboot exits 0: never a pass. */
#define EMU_EXIT_PASS  0x10
#define EMU_EXIT_FAIL  0x11
#define EMU_EXIT_PANIC 0x12

/* With exit=emu: stops QEMU (isa-debug-exit) or Bochs (shutdown port) with
 * this verdict. Without it, or if neither is there: halts forever. */
__attribute__((noreturn)) void emu_exit(int code);
