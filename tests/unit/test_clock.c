/* The pure parts of the clock: the RTC's date conversion and the TSC
 * arithmetic the kernel and the vDSO share (include/vvar.h). */
#include <time.h>
#include "check.h"
#include "rtc.h"
#include "vvar.h"

static uint64_t mult_shift_ref(uint64_t t, uint32_t mult, uint32_t shift)
{
    return (uint64_t)(((unsigned __int128)t * mult) >> shift);
}

int main(void)
{
    CHECK(rtc_days_from_civil(1970, 1, 1) == 0);
    CHECK(rtc_days_from_civil(1970, 1, 2) == 1);
    CHECK(rtc_days_from_civil(2000, 3, 1) == 11017);
    CHECK(rtc_days_from_civil(1969, 12, 31) == -1);
    /* Every day from 1970 to 2100 against the C library's timegm. */
    for (int64_t y = 1970; y < 2100; y++)
        for (unsigned m = 1; m <= 12; m++) {
            struct tm tm = {.tm_year = (int)(y - 1900), .tm_mon = (int)m - 1, .tm_mday = 28};
            CHECK(rtc_days_from_civil(y, m, 28) * 86400 == (int64_t)timegm(&tm));
        }

    /* The 32x32 multiply-shift against a 128-bit reference. */
    const uint32_t shifts[] = {0, 1, 20, 31, 32};
    const uint64_t ts[] = {0, 1, 0xffffffffu, 0x100000000ull, 0x123456789abcull, 1ull << 50};
    for (unsigned i = 0; i < 5; i++)
        for (unsigned j = 0; j < 6; j++)
            CHECK(vvar_mul_shift(ts[j], 0xdeadbeefu, shifts[i]) ==
                  mult_shift_ref(ts[j], 0xdeadbeefu, shifts[i]));
    uint32_t ns;
    CHECK(vvar_split_ns(0, &ns) == 0 && ns == 0);
    CHECK(vvar_split_ns(1999999999ull, &ns) == 1 && ns == 999999999);
    CHECK(vvar_split_ns(1796154260400323634ull, &ns) == 1796154260ull && ns == 400323634);
    return check_report("clock");
}
