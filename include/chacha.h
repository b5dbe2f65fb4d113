/* ChaCha20 (RFC 8439) as entrylab's random generator (src/chacha.c, pure:
 * also host-tested against the RFC's vectors). */
#pragma once
#include <stddef.h>
#include <stdint.h>

/* One 64-byte block of key stream for key, block counter and nonce. */
void chacha20_block(const uint32_t key[8], uint32_t counter, const uint32_t nonce[3],
                    uint8_t out[64]);

/* A generator: a key that is replaced after every request (fast key
 * erasure), so earlier output cannot be recomputed from a later state. */
struct crng {
    uint32_t key[8];
    uint64_t generation;
};
/* Folds 32 bytes of entropy into the key. */
void crng_mix(struct crng *g, const uint8_t seed[32]);
/* len bytes of output, then a fresh key. */
void crng_fill(struct crng *g, uint8_t *out, size_t len);
