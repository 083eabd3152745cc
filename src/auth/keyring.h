/*
 * keyring: the keys of class I records, kept outside the database (docs/ENCRYPTION.md).
 *
 * One random 32-byte key per record, in its own file <keys_dir>/app-<app>/<record>.key
 * (directories 0700, files 0600), written durably before any value sealed with it is
 * committed. Crypto-erase overwrites the file with random bytes, fsyncs it and unlinks
 * it; the key also leaves the in-memory cache (wiped). keyring_open() installs the
 * keyring into the store (store/sealing.h), which calls it to seal and open values.
 *
 * Each crypto-erase is appended to <keys_dir>/erased.log first, so that a key restored
 * from a backup is destroyed again by the next sweep.
 *
 * A sealed value is "DC" 0x01 | app (8 bytes, big-endian) | record (8 bytes) | the
 * secretbox of the value (auth/crypto.h: nonce, MAC, ciphertext of the padded value).
 */
#ifndef DAICHO_AUTH_KEYRING_H
#define DAICHO_AUTH_KEYRING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

enum { KEYRING_HEADER = 19 };	/* bytes before the secretbox in a sealed value */

/*
 * Opens (creating, mode 0700) the key directory dir and installs the keyring into the
 * store. 0, or -1 with a logged reason (the directory cannot be made or is open to
 * others).
 */
int keyring_open(const char *dir);
/* The directory given to keyring_open ("" before). */
const char *keyring_dir(void);

/* A new random key for a record, replacing (destroying) any old one; durable. 0 or -1. */
int keyring_fresh(int64_t app, int64_t record);
/*
 * Crypto-erase: destroys a record's key (record 0: every key of the app and its
 * directory): random bytes over the file, fsync, unlink, fsync of the directory; the
 * cached copy is wiped. Returns the number of keys destroyed, -1 on error.
 */
int keyring_erase(int64_t app, int64_t record);

/* Seals n bytes for (app, record) with a key given (for tests; *out malloc'd). */
void keyring_seal_with(const unsigned char *key, int64_t app, int64_t record, const void *m,
		       size_t n, unsigned char **out, size_t *out_n);
/* Opens a sealed value with a key given; false when it is not that key's. *out malloc'd. */
bool keyring_open_with(const unsigned char *key, const unsigned char *c, size_t n, char **out,
		       size_t *out_n);
/* The app and record a sealed value names; false when c is not a sealed value. */
bool keyring_names(const unsigned char *c, size_t n, int64_t *app, int64_t *record);

/*
 * Attachments of class I records: the file at in_path sealed for (app, record) into a
 * new file out_path (mode 0600, fsync'd): "DCF" 0x01 | app | record | secretstream.
 * 0, or -1 (no key, I/O error; out_path is removed).
 */
int keyring_seal_file(int64_t app, int64_t record, const char *in_path, const char *out_path);
/*
 * Opens a sealed file (with the key it names) into out_fd; sha_hex (may be NULL,
 * CRYPTO_SHA256_HEX bytes) gets the plaintext's SHA-256. -1 when the key is gone, the
 * file is not genuine or on I/O error.
 */
int keyring_open_file(const char *in_path, int out_fd, char *sha_hex);

/*
 * Tries every key in the key directory on a sealed value (whatever it names): the check
 * that a crypto-erase left nothing that opens it. Returns how many keys were tried and
 * sets *opened when one of them opened it; -1 when the directory cannot be read.
 */
int keyring_try_all(const unsigned char *c, size_t n, bool *opened);

/*
 * Destroys keys no longer needed: those of records that no longer exist (a crash
 * between a deletion's commit and its erase), of apps that are not sealed, and every key
 * the erase log names (brought back by restoring a backup). Keys
 * younger than a minute are left alone (a write may still be in its transaction), so it
 * is safe while the server runs. Returns the number destroyed, -1 on error. Run by
 * `daicho serve` at start.
 */
int keyring_sweep(struct store *st);

#endif
