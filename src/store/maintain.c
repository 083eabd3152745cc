/*
 * maintain: housekeeping run periodically by `daicho serve`: expired sessions and
 * cursors, uploads never attached to a record within three days (as kintone does), and
 * file contents no longer referenced by any key.
 */
#include "store/maintain.h"
#include "store/db_int.h"
#include "core/log.h"

#include <stdio.h>
#include <unistd.h>

int store_maintain(struct store *st, int64_t now, struct maintain_stats *out, struct err *e)
{
	static const char *const purge[] = {
		"DELETE FROM sessions WHERE expires_at <= ?1",
		"DELETE FROM cursors WHERE expires_at <= ?1",
		/* three days, in seconds */
		"DELETE FROM files WHERE app_id IS NULL AND created_at <= ?1 - 259200",
	};
	struct maintain_stats s = {0};
	if (store_begin(st, e) != 0)
		return -1;
	for (size_t i = 0; i < sizeof purge / sizeof purge[0]; i++) {
		sqlite3_stmt *q = db_prepare(st, purge[i], e);
		if (q == NULL || (sqlite3_bind_int64(q, 1, now), db_step_done(st, q, e)) != 0) {
			store_rollback(st);
			return -1;
		}
		if (i == 2)
			s.uploads = sqlite3_changes(st->db);
	}
	/* Blobs nothing points at any more: remove the row, then the bytes. */
	sqlite3_stmt *q = db_prepare(st, "DELETE FROM blobs WHERE NOT EXISTS"
				     " (SELECT 1 FROM files WHERE files.sha256 = blobs.sha256)"
				     " RETURNING sha256", e);
	if (q == NULL) {
		store_rollback(st);
		return -1;
	}
	char paths[64][700];
	int n = 0, rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW && n < 64) {
		const char *sha = (const char *)sqlite3_column_text(q, 0);
		snprintf(paths[n++], sizeof paths[0], "%s/files/%.2s/%s", store_data_dir(), sha, sha);
	}
	db_done(q);
	if ((rc != SQLITE_DONE && rc != SQLITE_ROW) || store_commit(st, e) != 0) {
		store_rollback(st);
		return rc != SQLITE_DONE && rc != SQLITE_ROW ? db_fail(st, rc, e) : -1;
	}
	/* Only after the commit: a crash in between leaves bytes without a row, never a row
	 * without bytes. */
	for (int i = 0; i < n; i++)
		if (unlink(paths[i]) == 0)
			s.blobs++;
	if (out)
		*out = s;
	return 0;
}
