#include "emu.h"
#include "cmdline.h"
#include "console.h"
#include "cpu.h"

void emu_exit(int code)
{
    kprintf("[emu] verdict: %s (%#x)\n",
            code == EMU_EXIT_PASS ? "pass" : code == EMU_EXIT_FAIL ? "fail" : "panic", code);
    console_flush(); /* Bochs would drop what the UART still holds */
    if (cmdline_has("exit", "emu")) {
        outb(0xF4, (uint8_t)code); /* QEMU isa-debug-exit */
        /* Bochs: writing "Shutdown" to port 0x8900 ends the simulation. The
         * verdict is in the KTAP output; Bochs' own status is always 1. */
        for (const char *s = "Shutdown"; *s; s++)
            outb(0x8900, (uint8_t)*s);
    }
    kprintf("[emu] halted\n");
    cpu_halt_forever();
    __builtin_unreachable();
}
