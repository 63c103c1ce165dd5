// COpenSSL: the OpenSSL digests, MACs and randomness that LoomCrypto wraps (its only Swift importer).
#ifndef LOOM_COPENSSL_SHIM_H
#define LOOM_COPENSSL_SHIM_H
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/rand.h>
#include <openssl/err.h>
#include <openssl/opensslv.h>
#include <openssl/core_names.h>
#include <openssl/params.h>

/// An HMAC context keyed with `key` for digest `digest` ("SHA256", "SHA1"), or NULL. Computing a
/// MAC then only duplicates this context: OpenSSL 3's one-shot HMAC looks the algorithm up by
/// name on every call, which costs more than hashing a small body.
static inline EVP_MAC_CTX *loom_hmac_context_new(const char *digest, const unsigned char *key, size_t key_length) {
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    if (mac == NULL) return NULL;
    EVP_MAC_CTX *context = EVP_MAC_CTX_new(mac);
    EVP_MAC_free(mac);
    if (context == NULL) return NULL;
    OSSL_PARAM params[2];
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)digest, 0);
    params[1] = OSSL_PARAM_construct_end();
    /* A zero-length key still needs a valid pointer. */
    static const unsigned char empty = 0;
    if (EVP_MAC_init(context, key_length ? key : &empty, key_length, params) != 1) {
        EVP_MAC_CTX_free(context);
        return NULL;
    }
    return context;
}

/// The MAC of `message` under a context from `loom_hmac_context_new`; writes `*out_length` bytes.
static inline int loom_hmac_compute(const EVP_MAC_CTX *keyed, const unsigned char *message, size_t length,
                                    unsigned char *out, size_t out_size, size_t *out_length) {
    EVP_MAC_CTX *context = EVP_MAC_CTX_dup(keyed);
    if (context == NULL) return 0;
    int ok = EVP_MAC_update(context, message, length) == 1 && EVP_MAC_final(context, out, out_length, out_size) == 1;
    EVP_MAC_CTX_free(context);
    return ok;
}
#endif
