/* Host tests for chacha.c: RFC 8439's block vector (2.3.2), and the
 * generator's properties: output differs from call to call, a mixed seed
 * changes it, and the key after a fill is not the key before. */
#include <stdint.h>
#include <string.h>

#include "chacha.h"
#include "check.h"

static void test_rfc8439_block(void)
{
    uint32_t key[8], nonce[3] = {0x09000000, 0x4a000000, 0};
    for (int i = 0; i < 8; i++)
        key[i] = (uint32_t)(4 * i) | (uint32_t)(4 * i + 1) << 8 | (uint32_t)(4 * i + 2) << 16 |
                 (uint32_t)(4 * i + 3) << 24;
    static const uint8_t want[64] = {
        0x10, 0xf1, 0xe7, 0xe4, 0xd1, 0x3b, 0x59, 0x15, 0x50, 0x0f, 0xdd, 0x1f, 0xa3, 0x20, 0x71, 0xc4,
        0xc7, 0xd1, 0xf4, 0xc7, 0x33, 0xc0, 0x68, 0x03, 0x04, 0x22, 0xaa, 0x9a, 0xc3, 0xd4, 0x6c, 0x4e,
        0xd2, 0x82, 0x64, 0x46, 0x07, 0x9f, 0xaa, 0x09, 0x14, 0xc2, 0xd7, 0x05, 0xd9, 0x8b, 0x02, 0xa2,
        0xb5, 0x12, 0x9c, 0xd1, 0xde, 0x16, 0x4e, 0xb9, 0xcb, 0xd0, 0x83, 0xe8, 0xa2, 0x50, 0x3c, 0x4e};
    uint8_t out[64];
    chacha20_block(key, 1, nonce, out);
    CHECK(memcmp(out, want, 64) == 0);
}

static void test_generator(void)
{
    struct crng g;
    memset(&g, 0, sizeof g);
    uint8_t seed[32];
    for (int i = 0; i < 32; i++)
        seed[i] = (uint8_t)(i * 7 + 1);
    crng_mix(&g, seed);
    uint32_t key0[8];
    memcpy(key0, g.key, sizeof key0);

    uint8_t a[100], b[100];
    crng_fill(&g, a, sizeof a);
    CHECK(memcmp(key0, g.key, sizeof key0) != 0); /* fast key erasure */
    crng_fill(&g, b, sizeof b);
    CHECK(memcmp(a, b, sizeof a) != 0);

    /* The same seed from the same state gives the same stream... */
    struct crng h;
    memset(&h, 0, sizeof h);
    crng_mix(&h, seed);
    uint8_t c[100];
    crng_fill(&h, c, sizeof c);
    CHECK(memcmp(a, c, sizeof a) == 0);
    /* ...and a different seed a different one. */
    memset(&h, 0, sizeof h);
    seed[31] ^= 1;
    crng_mix(&h, seed);
    crng_fill(&h, c, sizeof c);
    CHECK(memcmp(a, c, sizeof a) != 0);

    /* A fill that is not a multiple of 64 bytes ends where asked. */
    uint8_t d[70];
    memset(d, 0xAA, sizeof d);
    crng_fill(&g, d, 65);
    CHECK(d[65] == 0xAA && d[69] == 0xAA);
    int ones = 0;
    for (int i = 0; i < 65; i++)
        ones += __builtin_popcount(d[i]);
    CHECK(ones > 65 * 8 / 4 && ones < 65 * 8 * 3 / 4); /* about half the bits */
}

int main(void)
{
    test_rfc8439_block();
    test_generator();
    return check_report("chacha");
}
