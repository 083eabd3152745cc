/*
 * crypto: the only user of libsodium. Password hashing (Argon2id), random tokens,
 * token hashing, SHA-256 for file contents and the access log's chain, Ed25519 signatures
 * of its checkpoints, hex, and constant-time helpers.
 */
#ifndef DAICHO_AUTH_CRYPTO_H
#define DAICHO_AUTH_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
	CRYPTO_HASH_LEN = 32,		/* bytes of a token hash */
	CRYPTO_PWHASH_MAX = 128,	/* bytes of an encoded password hash, with NUL */
	CRYPTO_SHA256_HEX = 65,		/* hex SHA-256 with NUL */
};

/* Initialises libsodium; false if the library cannot be used. */
bool crypto_init(void);
/* Argon2id hash of password into out (CRYPTO_PWHASH_MAX bytes); false on failure. */
bool crypto_password_hash(const char *password, char *out);
/* True when password matches the encoded hash. */
bool crypto_password_verify(const char *hash, const char *password);
/* n random characters from [A-Za-z0-9] plus a NUL into out (n + 1 bytes). */
void crypto_random_token(char *out, size_t n);
/* n random bytes into out (TOTP secrets). */
void crypto_random_bytes(void *out, size_t n);
/* A random 64-bit value. */
uint64_t crypto_random_u64(void);
/* Hash of a token or session id for storage and lookup (32 bytes into out). */
void crypto_token_hash(const char *token, unsigned char *out);
/* Process-keyed hash of several strings (for in-memory caches only; 32 bytes). */
void crypto_keyed_hash(const char *const *parts, size_t n, unsigned char *out);
/* Constant-time comparison of two strings. */
bool crypto_str_equal(const char *a, const char *b);
/* Decodes standard base64 text into out (size bytes, NUL added); false when invalid. */
bool crypto_base64_decode(const char *in, char *out, size_t size);
/* Wipes n bytes at p. */
void crypto_wipe(void *p, size_t n);

/* Incremental SHA-256 for file contents. */
struct crypto_sha256 {
	_Alignas(16) unsigned char state[512];	/* room for libsodium's crypto_hash_sha256_state */
};
void crypto_sha256_init(struct crypto_sha256 *h);
void crypto_sha256_update(struct crypto_sha256 *h, const void *p, size_t n);
/* Writes the lowercase hex digest (CRYPTO_SHA256_HEX bytes). */
void crypto_sha256_final(struct crypto_sha256 *h, char *hex);

/* Writes the raw digest (32 bytes) instead of hex. */
void crypto_sha256_final_bin(struct crypto_sha256 *h, unsigned char *out);

/* Ed25519 (signed checkpoints of the access log). */
enum { CRYPTO_SIG_PK = 32, CRYPTO_SIG_SK = 64, CRYPTO_SIG_LEN = 64 };
/* A new key pair. */
void crypto_sig_keypair(unsigned char *pk, unsigned char *sk);
/* The public half of a secret key. */
void crypto_sig_public(const unsigned char *sk, unsigned char *pk);
/* Detached signature of n bytes at m (CRYPTO_SIG_LEN bytes into sig). */
void crypto_sig_sign(const unsigned char *sk, const void *m, size_t n, unsigned char *sig);
/* True when sig is pk's signature of m. */
bool crypto_sig_verify(const unsigned char *pk, const void *m, size_t n, const unsigned char *sig);

/* Lowercase hex of n bytes into out (2n + 1 bytes). */
void crypto_hex(const unsigned char *in, size_t n, char *out);
/* Decodes exactly n bytes of hex; false when hex is not 2n hex digits. */
bool crypto_unhex(const char *hex, unsigned char *out, size_t n);

/*
 * Backups (docs/BACKUP.md): whole files encrypted with a 32-byte backup key, as a
 * libsodium secretstream (XChaCha20-Poly1305, 64 KiB chunks, final tag: a truncated or
 * altered file fails). Subkeys for the stream and the manifest MAC are derived from the
 * backup key, so the two uses never share a key.
 */
enum { CRYPTO_BACKUP_KEY_LEN = 32 };
/*
 * Encrypts everything readable from in to out; the SHA-256 (hex) of the plaintext goes
 * to sha_hex (65 bytes) and its size to *size. -1 on an I/O error.
 */
int crypto_backup_encrypt(int in, int out, const unsigned char *key, char *sha_hex,
			  int64_t *size);
/*
 * Decrypts a file made by crypto_backup_encrypt (out may be -1: check only). -1 when
 * the key is wrong or the file was altered or cut short, or on an I/O error.
 */
int crypto_backup_decrypt(int in, int out, const unsigned char *key, char *sha_hex,
			  int64_t *size);
/* HMAC (hex, 65 bytes) of n bytes under the backup key's manifest subkey. */
void crypto_backup_mac(const unsigned char *key, const void *m, size_t n, char *hex);
/* A short fingerprint (hex, 17 bytes) naming a backup key without revealing it. */
void crypto_backup_key_id(const unsigned char *key, char *hex);

/*
 * Secret-key encryption of class I values (libsodium crypto_secretbox: XSalsa20-Poly1305).
 * A sealed value is nonce (24 bytes) | MAC (16) | ciphertext (as long as the plaintext),
 * with a fresh random nonce each time, so equal values never look equal.
 */
enum {
	CRYPTO_BOX_KEY = 32,		/* bytes of a key */
	CRYPTO_BOX_NONCE = 24,		/* bytes of a nonce */
	CRYPTO_BOX_OVERHEAD = 40,	/* nonce + MAC: sealed length = plaintext length + this */
};
/* A new random key (CRYPTO_BOX_KEY bytes into key). */
void crypto_box_keygen(unsigned char *key);
/* Seals n bytes at m into out (n + CRYPTO_BOX_OVERHEAD bytes) with key. */
void crypto_box_seal_value(const unsigned char *key, const void *m, size_t n, unsigned char *out);
/*
 * Opens n sealed bytes at c into out (n - CRYPTO_BOX_OVERHEAD bytes); false when c is too
 * short or was not sealed with key (or was altered).
 */
bool crypto_box_open_value(const unsigned char *key, const unsigned char *c, size_t n, void *out);

struct crypto_sha256;
/*
 * Files of class I records (attachments): libsodium secretstream (XChaCha20-Poly1305) in
 * 64 KiB chunks under a subkey derived from the record's key, so a file of any size is
 * sealed and opened without holding it in memory, and a truncated or reordered file
 * does not open. Both read in to its end and write out; false on an I/O error or, when
 * opening, on a file that is not genuine. sha (may be NULL) is fed the plaintext.
 */
bool crypto_file_seal(const unsigned char *key, int in, int out);
bool crypto_file_open(const unsigned char *key, int in, int out, struct crypto_sha256 *sha);

#endif
