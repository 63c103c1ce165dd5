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
#endif
