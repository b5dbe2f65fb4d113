/* Where the timer interrupt lands (issue 11, item 8; docs/security.md).
 *
 * The kernel runs with IF clear, so an interrupt can only arrive in ring 3,
 * in the idle loop's hlt, or in the two-instruction windows of the sysexit
 * ways back (popfq has set IF; swapgs and sysexit remain). irq_timer_check
 * asserts that on every tick, with a sane stack and the kernel's GS, and
 * panics otherwise. With the command-line word irqland=HZ the timer runs at
 * HZ and each landing is counted: after each program the runner prints the
 * histogram (irqland_report). */
#pragma once
#include <stdbool.h>
#include "frame.h"

void irqland_init(void);             /* reads irqland=HZ from the command line */
void irq_timer_check(struct frame *f); /* every IRQ 0, from idt/trap.c */
void irqland_begin(void);              /* a program starts: counts from 0 */
void irqland_report(const char *name); /* it ended: print its counts */
