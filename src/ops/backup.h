/*
 * ops/backup: encrypted, verified backups of a data directory and their restore
 * (RULES.md row 33, Kuki 第31条; docs/BACKUP.md).
 *
 * A backup is a directory <root>/daicho-<UTC time> holding the database (an online
 * snapshot taken with SQLite's backup API while the server keeps serving) and every
 * other file of the data directory (attachments, signing key, access-log journal), each
 * encrypted with the backup key (libsodium secretstream), plus manifest.json listing the
 * SHA-256 and size of every plaintext and what the database holds, authenticated by
 * manifest.mac. The backup key never goes into a backup.
 *
 * Checking a backup decrypts every file and compares it with the manifest; the restore
 * test restores into a scratch directory, asks SQLite for an integrity check, compares
 * the counts, and runs `daicho audit verify` on the result. Each backup, restore test and
 * restore is recorded (backup_runs) and written to the access log.
 */
#ifndef DAICHO_OPS_BACKUP_H
#define DAICHO_OPS_BACKUP_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/crypto.h"
#include "store/backup.h"

struct store;

struct backup_report {
	char name[64];			/* daicho-YYYYMMDDTHHMMSSZ */
	char path[1024];		/* the backup's directory */
	bool ok;
	char problem[512];		/* why not, for a person */
	int64_t files, bytes;		/* files and plaintext bytes in the backup */
	struct snapshot_stats stats;	/* what the database holds */
	bool log_verified;		/* restore test: `daicho audit verify` passed */
};

/*
 * The key in path (64 hex digits). With create, a missing file is made with a fresh
 * random key (mode 0600). -1 with a message when unreadable, malformed, or readable by
 * other users.
 */
int backup_key_load(const char *path, bool create, unsigned char key[CRYPTO_BACKUP_KEY_LEN],
		    char *msg, size_t msgsz);

/*
 * Makes a backup of data_dir (whose database st is) under root, checks it, removes
 * the oldest beyond keep (0: none), records and logs the run as `by`. Returns 0 when the
 * backup was made and checked; r says what happened either way.
 */
int backup_make(struct store *st, const char *data_dir, const char *root,
		const unsigned char *key, int keep, const char *by, struct backup_report *r);
/*
 * The restore test of the backup at path: restore into a scratch directory under
 * data_dir/tmp, check it, run `daicho audit verify` on it, remove it; recorded and
 * logged. 0 when everything holds.
 */
int backup_test(struct store *st, const char *data_dir, const char *path,
		const unsigned char *key, const char *by, struct backup_report *r);
/*
 * Restores the backup at path into data_dir (no server may be using it: see
 * backup_lock_data). An existing database is refused unless force, and then kept as
 * daicho.db.before-restore-<time>. Runs without a store; the caller opens the restored
 * store, verifies the log and records the run (backup_record).
 */
int backup_restore(const char *path, const char *data_dir, const unsigned char *key,
		   bool force, struct backup_report *r);
/* Records a run in backup_runs and the access log (action backup.<kind>). */
int backup_record(struct store *st, const char *kind, const struct backup_report *r,
		  const char *by, int64_t started, struct err *e);

/* One backup found under a root. */
struct backup_entry {
	char name[64];
	char created_at[32];
	char by[128];
	char key_id[24];
	int64_t files, bytes;
	struct snapshot_stats stats;
	bool manifest_ok;		/* manifest.mac matches under the given key */
};
/* Lists backups under root, newest first (up to max). Returns how many, -1 if unreadable. */
int backup_list(const char *root, const unsigned char *key, struct backup_entry *out, int max);
/*
 * The path of backup `name` under root into out. False when name is not a backup
 * directory name (daicho-...; no path separators).
 */
bool backup_path(const char *root, const char *name, char *out, size_t size);

/* The backup key file: the configured one, or <data_dir>/backup.key. */
void backup_key_file(const char *configured, const char *data_dir, char *out, size_t size);

/*
 * Takes the data directory's lock (data_dir/serve.lock): held by `daicho serve` for
 * its whole life, so a restore cannot run under a server. Returns the lock's file
 * descriptor, or -1 when another process holds it.
 */
int backup_lock_data(const char *data_dir);

#endif
