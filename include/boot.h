/* What the loader handed over, parsed once by kmain. */
#pragma once
#include <stdint.h>
#include "multiboot2.h"

extern const struct mb2_info *boot_info;
extern uint64_t boot_info_phys;
extern bool booted_uefi;
