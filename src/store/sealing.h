/*
 * store/sealing: the values of class I apps are kept as ciphertext (docs/ENCRYPTION.md).
 *
 * The store never sees a key. The keyring (auth/keyring.c, which holds one key per
 * record in files outside the database) is installed here once at start-up as a table of
 * functions; the store calls it to seal values it writes and, through the SQL function
 * dc_plain(), to open them where queries read them. A sealed value is a BLOB that names
 * its app and record; plaintext values are TEXT, so a column may hold both while an app
 * changes class and dc_plain() passes TEXT through unchanged.
 *
 * Which apps are sealed is the column apps.sealed, changed only by store_app_seal() (the
 * migration, in the caller's transaction). Schema snapshots carry it as schema->sealed.
 *
 * Destroying keys (crypto-erase) is queued by the functions below and carried out by
 * store_commit() right after the outermost COMMIT succeeds; a rollback forgets the queue.
 */
#ifndef DAICHO_STORE_SEALING_H
#define DAICHO_STORE_SEALING_H

#include "store/store.h"

/* The keyring's operations; every function is safe to call from any thread. */
struct store_keyring {
	/* Makes a new random key for a record, replacing any old one, durable on disk
	 * before it returns. 0, or -1 when it cannot be written. */
	int (*fresh)(int64_t app, int64_t record);
	/* Seals n bytes with the record's existing key into *out (malloc'd, *out_n bytes).
	 * -1 when the record has no key. */
	int (*seal)(int64_t app, int64_t record, const void *m, size_t n, unsigned char **out,
		    size_t *out_n);
	/* Opens a sealed value (it names its app and record) into *out (malloc'd, NUL
	 * added, *out_n bytes without it). -1 when the key is gone or c is not genuine. */
	int (*open)(const unsigned char *c, size_t n, char **out, size_t *out_n);
	/* Destroys the key of one record, or of every record of the app when record is 0.
	 * disposal: a crypto-erase, remembered outside the database so that keys brought
	 * back by restoring a backup are destroyed again (false: keys retired when an app
	 * leaves class I, its data decrypted). Returns the number of keys destroyed, or -1
	 * when one could not be. */
	int (*erase)(int64_t app, int64_t record, bool disposal);
	/* Seals the file at in for (app, record) into the new file out (fsync'd). 0 or -1. */
	int (*seal_file)(int64_t app, int64_t record, const char *in, const char *out);
	/* Opens the sealed file in into the file out (created, fsync'd) and writes the
	 * plaintext's SHA-256 in hex into sha (65 bytes). 0 or -1. */
	int (*open_file)(const char *in, const char *out, char *sha);
};

/* Installs the keyring (called once, before store_thread() is first used). */
void store_set_keyring(const struct store_keyring *k);
/* True once a keyring is installed. */
bool store_keyring_ready(void);

/* Whether an app's values are sealed now (false for unknown apps). */
int store_app_sealed(struct store *st, int64_t app_id, bool *sealed, struct err *e);

/*
 * Seals (on) or opens (off) every value of an app: its record table, subtable tables and
 * record history, and sets apps.sealed. Runs inside the caller's transaction; *records
 * (may be NULL) gets the number of records changed. Sealing gives each record a fresh
 * key first. Opening queues every key of the app for destruction after the commit.
 * Nothing happens when the app already is in that state. E_CRYPTO_KEYS when the
 * keyring is missing or a key cannot be made; E_CRYPTO_OPEN when a value cannot be
 * opened (its key is gone).
 */
int store_app_seal(struct store *st, int64_t app_id, bool on, int64_t *records, struct err *e);

/*
 * Attachments of a sealed app's record (record 0: of every record of the app): each
 * file still stored as plaintext gets a sealed copy under a random name (a blob
 * "sealed-<hex>", so equal files in other apps are not linked to it), its row points
 * there, the uploader's spent upload key goes, and the plaintext blob goes too unless
 * something else still refers to it (its bytes are removed after the commit). Does
 * nothing for apps that are not sealed. Call after a write attached files.
 */
int store_files_seal(struct store *st, int64_t app_id, int64_t record_id, struct err *e);
/* True when a blob name is a sealed copy ("sealed-..."): downloads open it first. */
bool store_blob_sealed(const char *sha256);

/*
 * Crypto-erase of a deleted record of a sealed app: writes the disposal row (who, now)
 * and queues the record's key for destruction after the commit. Does nothing for apps
 * that are not sealed. Call in the deleting transaction, after the delete.
 */
int store_crypto_erase_record(struct store *st, int64_t app_id, int64_t record_id,
			      const char *who, int64_t now, struct err *e);
/*
 * Crypto-erase of a whole sealed app (closing it): writes the disposal row with the
 * number of records and queues every key of the app for destruction after the commit.
 * Does nothing for apps that are not sealed.
 */
int store_crypto_erase_app(struct store *st, int64_t app_id, const char *who, int64_t now,
			   struct err *e);

/*
 * Whether a record's key is still needed: its app is sealed and the record exists (the
 * key sweep destroys the others). Unknown apps need none.
 */
int store_key_needed(struct store *st, int64_t app_id, int64_t record_id, bool *needed,
		     struct err *e);

/*
 * Brings an app's encryption in line with its governance, in the caller's transaction:
 * an app of class I (CLASS_ENCRYPTED_RANK) is sealed, another one opened
 * (store_app_seal); a closed sealed app is crypto-erased (store_crypto_erase_app, who
 * and now for the disposal row). Idempotent: call it after every change of class or
 * state (the lifecycle does); bumps gov_revision when it changed anything.
 */
int store_crypto_apply(struct store *st, int64_t app_id, const char *who, int64_t now,
		       struct err *e);

/*
 * The safety net run by `daicho serve` at start: store_crypto_apply (as "daicho") for
 * every app whose encryption does not match its class or state (a database from before
 * this feature, a change made by a path that did not apply it), each in its own
 * transaction. Returns how many apps it changed, -1 on error (e says which).
 */
int store_crypto_reconcile(struct store *st, int64_t now, struct err *e);

/*
 * Sets an app's information class (rank) and bumps gov_revision: the command line's
 * minimal path (`daicho crypto class`); the lifecycle's approvals are the normal one.
 * Follow it with store_crypto_apply. E_APP_NOT_FOUND when the app does not exist.
 */
int store_crypto_set_class(struct store *st, int64_t app_id, int rank, struct err *e);

/* ---- the disposal register (store/disposals.c) ---------------------------------- */

struct disposal_row {
	int64_t id;
	const char *what;	/* "record" or "app" */
	int64_t app_id;		/* the app */
	const char *app_name;	/* its name ("" when the app is gone) */
	int64_t record_id;	/* the record (0 for a whole app) */
	int64_t records;	/* records made unreadable */
	const char *who;	/* user code of whoever caused it */
	int64_t at;		/* Unix time */
	const char *method;	/* "crypto-erase" */
};

/* Adds a row to the register. */
int store_disposal_add(struct store *st, const char *what, int64_t app_id, int64_t record_id,
		       int64_t records, const char *who, int64_t at, struct err *e);
/* Rows newest first, after `before` (id; 0 = from the newest), at most limit. */
int store_disposals_list(struct store *st, struct arena *a, int64_t before, int64_t limit,
			 struct disposal_row **out, size_t *n, struct err *e);

#endif
