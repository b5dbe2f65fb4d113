/* ChaCha20 block function and the generator built on it (include/chacha.h). */
#include "chacha.h"
#include "kstring.h"

#define ROTL(v, n) (((v) << (n)) | ((v) >> (32 - (n))))
#define QR(a, b, c, d)                                          \
    a += b, d ^= a, d = ROTL(d, 16), c += d, b ^= c, b = ROTL(b, 12), \
    a += b, d ^= a, d = ROTL(d, 8), c += d, b ^= c, b = ROTL(b, 7)

void chacha20_block(const uint32_t key[8], uint32_t counter, const uint32_t nonce[3],
                    uint8_t out[64])
{
    uint32_t s[16] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574}; /* "expand 32-byte k" */
    for (int i = 0; i < 8; i++)
        s[4 + i] = key[i];
    s[12] = counter;
    s[13] = nonce[0], s[14] = nonce[1], s[15] = nonce[2];
    uint32_t x[16];
    memcpy(x, s, sizeof x);
    for (int r = 0; r < 10; r++) {
        QR(x[0], x[4], x[8], x[12]);
        QR(x[1], x[5], x[9], x[13]);
        QR(x[2], x[6], x[10], x[14]);
        QR(x[3], x[7], x[11], x[15]);
        QR(x[0], x[5], x[10], x[15]);
        QR(x[1], x[6], x[11], x[12]);
        QR(x[2], x[7], x[8], x[13]);
        QR(x[3], x[4], x[9], x[14]);
    }
    for (int i = 0; i < 16; i++) {
        uint32_t v = x[i] + s[i];
        out[4 * i] = (uint8_t)v, out[4 * i + 1] = (uint8_t)(v >> 8);
        out[4 * i + 2] = (uint8_t)(v >> 16), out[4 * i + 3] = (uint8_t)(v >> 24);
    }
}

void crng_mix(struct crng *g, const uint8_t seed[32])
{
    /* The new key is a block keyed by the old key XOR the seed: entropy
     * adds up, and a weak seed cannot undo a strong key. */
    uint32_t k[8], nonce[3] = {0x6d697865, 0, 0}; /* "mixe" */
    for (int i = 0; i < 8; i++)
        k[i] = g->key[i] ^ ((uint32_t)seed[4 * i] | (uint32_t)seed[4 * i + 1] << 8 |
                            (uint32_t)seed[4 * i + 2] << 16 | (uint32_t)seed[4 * i + 3] << 24);
    uint8_t b[64];
    chacha20_block(k, 0, nonce, b);
    memcpy(g->key, b, 32);
    memset(b, 0, sizeof b);
}

void crng_fill(struct crng *g, uint8_t *out, size_t len)
{
    uint32_t nonce[3] = {(uint32_t)g->generation, (uint32_t)(g->generation >> 32), 0};
    uint8_t b[64];
    /* Block 0 becomes the next key; blocks 1.. are the output. */
    chacha20_block(g->key, 0, nonce, b);
    uint32_t next[8];
    memcpy(next, b, 32);
    uint32_t ctr = 1;
    while (len) {
        chacha20_block(g->key, ctr++, nonce, b);
        size_t n = len < 64 ? len : 64;
        memcpy(out, b, n);
        out += n, len -= n;
    }
    memcpy(g->key, next, sizeof next);
    g->generation++;
    memset(b, 0, sizeof b);
}
