/*
 * store/backup: the database side of backups (docs/BACKUP.md): an online copy of the
 * live database taken with SQLite's backup API (a consistent snapshot while the server
 * keeps serving), the facts a restore test checks in such a copy, and the record of
 * backup runs kept in the live database.
 */
#ifndef DAICHO_STORE_BACKUP_H
#define DAICHO_STORE_BACKUP_H

#include "store/store.h"

struct arena;

/* Copies the live database into a new file at path (which must not exist). */
int store_backup_copy(struct store *st, const char *path, struct err *e);

/* What a copy holds, and whether SQLite finds it intact. */
struct snapshot_stats {
	bool intact;			/* PRAGMA integrity_check said ok */
	char problem[160];		/* its first complaint otherwise */
	int schema;			/* user_version */
	int64_t users, apps, records, blobs, log_entries;
	char log_head[72];		/* chain hash of the last access-log entry ("" when none) */
};

/* Opens the database file at path read-only and fills s; -1 (E_STORAGE) if unreadable. */
int store_snapshot_stats(const char *path, struct snapshot_stats *s, struct err *e);

/* One backup, restore test or restore, as recorded in backup_runs. */
struct backup_run {
	int64_t id;
	const char *kind;		/* backup, restore_test, restore */
	const char *name;		/* the backup's directory name */
	const char *by;			/* login name, or "daicho (schedule)" */
	int64_t started_at, finished_at;	/* unix seconds */
	bool ok;
	const char *detail;		/* JSON: counts, sizes, the problem */
};

/* Records a run (fills r->id). */
int store_backup_run_add(struct store *st, struct backup_run *r, struct err *e);
/* The latest runs, newest first. */
int store_backup_runs(struct store *st, struct arena *a, int limit, struct backup_run **out,
		      size_t *n, struct err *e);
/* Start time of the newest successful backup (0 when none). */
int store_backup_last_ok(struct store *st, int64_t *at, struct err *e);

#endif
