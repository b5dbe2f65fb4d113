/* QEMU's far return from ring 3 under SMAP (src/farret.c). */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "frame.h"

/* A ring-3 #PF at cr2: when it is QEMU 7.2 TCG refusing the stack reads of
 * an lret (a fault no CPU raises), does the lret and returns true. */
bool farret_fault(struct frame *f, uint64_t cr2);
