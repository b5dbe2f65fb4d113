/* The CMOS RTC (ports 0x70/0x71): the date and time at boot. */
#include "cpu.h"
#include "rtc.h"

static uint8_t cmos(uint8_t reg)
{
    outb(0x70, reg);
    return inb(0x71);
}

static unsigned bcd(uint8_t v, bool is_bcd) { return is_bcd ? (v & 15) + (v >> 4) * 10 : v; }

int64_t rtc_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    /* Howard Hinnant's algorithm: years start in March, so leap days come last. */
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

uint64_t rtc_read_epoch(void)
{
    uint8_t r[7], again[7];
    /* Read until two reads agree, each outside an update (register A bit 7). */
    for (int tries = 0; tries < 1000; tries++) {
        for (int spin = 0; spin < 100000 && (cmos(0x0A) & 0x80); spin++)
            ;
        static const uint8_t regs[7] = {0x00, 0x02, 0x04, 0x07, 0x08, 0x09, 0x32};
        for (int i = 0; i < 7; i++)
            r[i] = cmos(regs[i]);
        for (int i = 0; i < 7; i++)
            again[i] = cmos(regs[i]);
        bool same = true;
        for (int i = 0; i < 7; i++)
            same = same && r[i] == again[i];
        if (same)
            break;
    }
    uint8_t b = cmos(0x0B);
    bool is_bcd = !(b & 0x04);
    unsigned sec = bcd(r[0], is_bcd), min = bcd(r[1], is_bcd);
    unsigned hour = bcd(r[2] & 0x7F, is_bcd);
    if (!(b & 0x02) && (r[2] & 0x80)) /* 12-hour clock, PM */
        hour = (hour % 12) + 12;
    else if (!(b & 0x02) && hour == 12)
        hour = 0;
    unsigned day = bcd(r[3], is_bcd), mon = bcd(r[4], is_bcd), year = bcd(r[5], is_bcd);
    unsigned century = bcd(r[6], is_bcd);
    int64_t y = (century >= 19 && century <= 30 ? century * 100 : 2000) + year;
    if (mon < 1 || mon > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 59)
        return 0; /* no believable RTC: the epoch itself */
    int64_t days = rtc_days_from_civil(y, mon, day);
    return (uint64_t)(days * 86400 + hour * 3600 + min * 60 + sec);
}
