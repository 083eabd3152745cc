/* crypto: libsodium behind daicho's own names (see crypto.h). */
#include "auth/crypto.h"

#include "core/xalloc.h"

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Backups: secretstream files and the manifest MAC (crypto.h). */

enum { SUBKEY_STREAM = 1, SUBKEY_MAC = 2, SUBKEY_ID = 3 };
static const char backup_ctx[crypto_kdf_CONTEXTBYTES] = {'d', 'c', 'b', 'a', 'c', 'k', 'u', 'p'};

static void backup_subkey(const unsigned char *key, uint64_t id, unsigned char *sub, size_t n)
{
	crypto_kdf_derive_from_key(sub, n, id, backup_ctx, key);
}

/* Reads up to n bytes (fewer only at end of file); -1 on error. */
static ssize_t read_full(int fd, unsigned char *p, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, p + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

static int write_full(int fd, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

enum { STREAM_CHUNK = 65536, STREAM_SEALED = STREAM_CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES };

/*
 * Encrypts everything readable from in to out as a secretstream under the stream key sub:
 * 64 KiB chunks, the last one tagged FINAL (read one chunk ahead to know it). The
 * plaintext's hash goes to sha and its size to *size (either may be NULL). Backups and
 * class I files both use it, each with its own subkey.
 */
static bool stream_seal(const unsigned char *sub, int in, int out, struct crypto_sha256 *sha,
			int64_t *size)
{
	unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
	crypto_secretstream_xchacha20poly1305_state st;
	unsigned char *plain = xcalloc(STREAM_CHUNK), *sealed = xcalloc(STREAM_SEALED);
	int64_t total = 0;
	crypto_secretstream_xchacha20poly1305_init_push(&st, header, sub);
	bool ok = write_full(out, header, sizeof header) == 0;
	ssize_t n = ok ? read_full(in, plain, STREAM_CHUNK) : -1;
	while (ok && n >= 0) {
		unsigned char next = 0;
		ssize_t more = n == STREAM_CHUNK ? read_full(in, &next, 1) : 0;
		if (more < 0) {
			n = -1;
			break;
		}
		if (sha)
			crypto_sha256_update(sha, plain, (size_t)n);
		total += n;
		unsigned char tag = more == 0 ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0;
		unsigned long long len;
		crypto_secretstream_xchacha20poly1305_push(&st, sealed, &len, plain, (unsigned long long)n,
							   NULL, 0, tag);
		ok = write_full(out, sealed, (size_t)len) == 0;
		if (tag)
			break;
		plain[0] = next;
		ssize_t rest = read_full(in, plain + 1, STREAM_CHUNK - 1);
		n = rest < 0 ? -1 : rest + 1;
	}
	sodium_memzero(&st, sizeof st);
	sodium_memzero(plain, STREAM_CHUNK);
	free(plain);
	free(sealed);
	if (size)
		*size = total;
	return ok && n >= 0;
}

/*
 * Decrypts a stream made by stream_seal into out (-1: check only). False when the key is
 * wrong, the stream was altered, cut short or extended, or on an I/O error.
 */
static bool stream_open(const unsigned char *sub, int in, int out, struct crypto_sha256 *sha,
			int64_t *size)
{
	unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
	crypto_secretstream_xchacha20poly1305_state st;
	if (read_full(in, header, sizeof header) != (ssize_t)sizeof header ||
	    crypto_secretstream_xchacha20poly1305_init_pull(&st, header, sub) != 0)
		return false;
	unsigned char *plain = xcalloc(STREAM_CHUNK), *sealed = xcalloc(STREAM_SEALED);
	int64_t total = 0;
	bool ok = false;
	for (;;) {
		ssize_t n = read_full(in, sealed, STREAM_SEALED);
		if (n <= 0)
			break;	/* ended without the FINAL tag: truncated */
		unsigned long long len;
		unsigned char tag;
		if (crypto_secretstream_xchacha20poly1305_pull(&st, plain, &len, &tag, sealed,
							       (unsigned long long)n, NULL, 0) != 0)
			break;
		if (sha)
			crypto_sha256_update(sha, plain, (size_t)len);
		total += (int64_t)len;
		if (out >= 0 && write_full(out, plain, (size_t)len) != 0)
			break;
		if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
			unsigned char extra;
			ok = read_full(in, &extra, 1) == 0;	/* nothing may follow */
			break;
		}
		if (n < STREAM_SEALED)
			break;	/* a short chunk must be the last */
	}
	sodium_memzero(&st, sizeof st);
	sodium_memzero(plain, STREAM_CHUNK);
	free(plain);
	free(sealed);
	if (size)
		*size = total;
	return ok;
}

int crypto_backup_encrypt(int in, int out, const unsigned char *key, char *sha_hex,
			  int64_t *size)
{
	unsigned char sub[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	struct crypto_sha256 h;
	backup_subkey(key, SUBKEY_STREAM, sub, sizeof sub);
	crypto_sha256_init(&h);
	bool ok = stream_seal(sub, in, out, &h, size);
	sodium_memzero(sub, sizeof sub);
	crypto_sha256_final(&h, sha_hex);
	return ok ? 0 : -1;
}

int crypto_backup_decrypt(int in, int out, const unsigned char *key, char *sha_hex,
			  int64_t *size)
{
	unsigned char sub[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	struct crypto_sha256 h;
	backup_subkey(key, SUBKEY_STREAM, sub, sizeof sub);
	crypto_sha256_init(&h);
	bool ok = stream_open(sub, in, out, &h, size);
	sodium_memzero(sub, sizeof sub);
	crypto_sha256_final(&h, sha_hex);
	return ok ? 0 : -1;
}

void crypto_backup_mac(const unsigned char *key, const void *m, size_t n, char *hex)
{
	unsigned char sub[crypto_auth_hmacsha256_KEYBYTES], mac[crypto_auth_hmacsha256_BYTES];
	backup_subkey(key, SUBKEY_MAC, sub, sizeof sub);
	crypto_auth_hmacsha256(mac, m, n, sub);
	crypto_hex(mac, sizeof mac, hex);
	sodium_memzero(sub, sizeof sub);
}

void crypto_backup_key_id(const unsigned char *key, char *hex)
{
	unsigned char sub[crypto_kdf_BYTES_MIN];
	backup_subkey(key, SUBKEY_ID, sub, sizeof sub);
	crypto_hex(sub, 8, hex);
}

/* ---- class I values: crypto_secretbox (see crypto.h) ---- */

_Static_assert(CRYPTO_BOX_KEY == crypto_secretbox_KEYBYTES, "secretbox key size");
_Static_assert(CRYPTO_BOX_NONCE == crypto_secretbox_NONCEBYTES, "secretbox nonce size");
_Static_assert(CRYPTO_BOX_OVERHEAD == crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES,
	       "secretbox overhead");

void crypto_box_keygen(unsigned char *key)
{
	crypto_secretbox_keygen(key);
}

void crypto_box_seal_value(const unsigned char *key, const void *m, size_t n, unsigned char *out)
{
	randombytes_buf(out, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES, m, n, out, key);
}

bool crypto_box_open_value(const unsigned char *key, const unsigned char *c, size_t n, void *out)
{
	if (n < CRYPTO_BOX_OVERHEAD)
		return false;
	return crypto_secretbox_open_easy(out, c + crypto_secretbox_NONCEBYTES,
					  n - crypto_secretbox_NONCEBYTES, c, key) == 0;
}

/* ---- class I files: crypto_secretstream (see crypto.h) ---- */

/* The file subkey of a record key (KDF context "dcfile01", id 1). */
static void file_key(const unsigned char *key, unsigned char *sub)
{
	crypto_kdf_derive_from_key(sub, crypto_secretstream_xchacha20poly1305_KEYBYTES, 1,
				   "dcfile01", key);
}

bool crypto_file_seal(const unsigned char *key, int in, int out)
{
	unsigned char sub[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	file_key(key, sub);
	bool ok = stream_seal(sub, in, out, NULL, NULL);
	sodium_memzero(sub, sizeof sub);
	return ok;
}

bool crypto_file_open(const unsigned char *key, int in, int out, struct crypto_sha256 *sha)
{
	unsigned char sub[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	file_key(key, sub);
	bool ok = stream_open(sub, in, out, sha, NULL);
	sodium_memzero(sub, sizeof sub);
	return ok;
}
