/* crypto: libsodium behind daicho's own names (see crypto.h). */
#include "auth/crypto.h"

#include <sodium.h>
#include <string.h>

/* OWASP's Argon2id baseline: 19 MiB, 2 passes, 1 lane. */
static const unsigned long long PW_OPS = 2;
static const size_t PW_MEM = 19u * 1024 * 1024;
static unsigned char cache_key[crypto_generichash_KEYBYTES];

_Static_assert(sizeof(struct crypto_sha256) >= sizeof(crypto_hash_sha256_state),
	       "crypto_sha256 too small for libsodium's state");
_Static_assert(CRYPTO_PWHASH_MAX >= crypto_pwhash_STRBYTES, "password hash buffer too small");

bool crypto_init(void)
{
	if (sodium_init() < 0)
		return false;
	randombytes_buf(cache_key, sizeof cache_key);
	return true;
}

bool crypto_password_hash(const char *password, char *out)
{
	return crypto_pwhash_str_alg(out, password, strlen(password), PW_OPS, PW_MEM,
				     crypto_pwhash_ALG_ARGON2ID13) == 0;
}

bool crypto_password_verify(const char *hash, const char *password)
{
	if (hash == NULL || strncmp(hash, "$argon2id$", 10) != 0)
		return false;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void crypto_random_token(char *out, size_t n)
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	for (size_t i = 0; i < n; i++)
		out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
	out[n] = '\0';
}

void crypto_random_bytes(void *out, size_t n)
{
	randombytes_buf(out, n);
}

uint64_t crypto_random_u64(void)
{
	uint64_t v;
	randombytes_buf(&v, sizeof v);
	return v;
}

void crypto_token_hash(const char *token, unsigned char *out)
{
	crypto_generichash(out, CRYPTO_HASH_LEN, (const unsigned char *)token, strlen(token),
			   NULL, 0);
}

void crypto_keyed_hash(const char *const *parts, size_t n, unsigned char *out)
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, cache_key, sizeof cache_key, CRYPTO_HASH_LEN);
	for (size_t i = 0; i < n; i++) {
		/* Length-prefix each part so ("ab","c") and ("a","bc") differ. */
		uint64_t len = strlen(parts[i]);
		crypto_generichash_update(&st, (const unsigned char *)&len, sizeof len);
		crypto_generichash_update(&st, (const unsigned char *)parts[i], len);
	}
	crypto_generichash_final(&st, out, CRYPTO_HASH_LEN);
}

bool crypto_str_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la != lb)
		return false;
	return sodium_memcmp(a, b, la) == 0;
}

bool crypto_base64_decode(const char *in, char *out, size_t size)
{
	size_t len = 0;
	if (size == 0)
		return false;
	if (sodium_base642bin((unsigned char *)out, size - 1, in, strlen(in), " ", &len, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0)
		return false;
	out[len] = '\0';
	return strlen(out) == len;
}

void crypto_wipe(void *p, size_t n)
{
	sodium_memzero(p, n);
}

void crypto_sha256_init(struct crypto_sha256 *h)
{
	crypto_hash_sha256_init((crypto_hash_sha256_state *)h->state);
}

void crypto_sha256_update(struct crypto_sha256 *h, const void *p, size_t n)
{
	crypto_hash_sha256_update((crypto_hash_sha256_state *)h->state, p, n);
}

void crypto_sha256_final(struct crypto_sha256 *h, char *hex)
{
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final((crypto_hash_sha256_state *)h->state, d);
	sodium_bin2hex(hex, CRYPTO_SHA256_HEX, d, sizeof d);
}

void crypto_sha256_final_bin(struct crypto_sha256 *h, unsigned char *out)
{
	crypto_hash_sha256_final((crypto_hash_sha256_state *)h->state, out);
}

_Static_assert(CRYPTO_SIG_PK == crypto_sign_ed25519_PUBLICKEYBYTES, "Ed25519 public key size");
_Static_assert(CRYPTO_SIG_SK == crypto_sign_ed25519_SECRETKEYBYTES, "Ed25519 secret key size");
_Static_assert(CRYPTO_SIG_LEN == crypto_sign_ed25519_BYTES, "Ed25519 signature size");

void crypto_sig_keypair(unsigned char *pk, unsigned char *sk)
{
	crypto_sign_ed25519_keypair(pk, sk);
}

void crypto_sig_public(const unsigned char *sk, unsigned char *pk)
{
	crypto_sign_ed25519_sk_to_pk(pk, sk);
}

void crypto_sig_sign(const unsigned char *sk, const void *m, size_t n, unsigned char *sig)
{
	crypto_sign_ed25519_detached(sig, NULL, m, n, sk);
}

bool crypto_sig_verify(const unsigned char *pk, const void *m, size_t n, const unsigned char *sig)
{
	return crypto_sign_ed25519_verify_detached(sig, m, n, pk) == 0;
}

void crypto_hex(const unsigned char *in, size_t n, char *out)
{
	sodium_bin2hex(out, 2 * n + 1, in, n);
}

bool crypto_unhex(const char *hex, unsigned char *out, size_t n)
{
	size_t len = 0;
	if (hex == NULL || strlen(hex) != 2 * n)
		return false;
	return sodium_hex2bin(out, n, hex, 2 * n, NULL, &len, NULL) == 0 && len == n;
}
