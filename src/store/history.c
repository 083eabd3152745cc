/* store/history: every revision of every record, as the API returned it (see misc.h). */
#include "store/misc.h"
#include "store/db_int.h"
#include "core/arena.h"
#include "store/sealing.h"

#include <stdlib.h>

int store_history_add(struct store *st, int64_t app_id, int64_t record_id, int64_t revision,
		      const char *action, const char *user_code, const char *at, const char *data,
		      size_t data_len, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"INSERT OR REPLACE INTO record_history(app_id, record_id, revision, action,"
		" user_code, at, data) VALUES (?, ?, ?, ?, ?, ?, ?)", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	sqlite3_bind_int64(s, 2, record_id);
	sqlite3_bind_int64(s, 3, revision);
	db_bind_text(s, 4, action);
	db_bind_text(s, 5, user_code);
	db_bind_text(s, 6, at);
	/* Class I apps keep old revisions sealed with the record's key too, so a
	 * crypto-erase leaves no readable revision behind (store/sealing.h). */
	bool sealed = false;
	if (store_app_sealed(st, app_id, &sealed, e) != 0) {
		db_done(s);
		return -1;
	}
	if (sealed && db_seal_worth(data, data_len)) {
		unsigned char *c;
		size_t cn;
		if (db_seal(st, app_id, record_id, data, data_len, &c, &cn, e) != 0) {
			db_done(s);
			return -1;
		}
		sqlite3_bind_blob(s, 7, c, (int)cn, free);
	} else {
		sqlite3_bind_text(s, 7, data, (int)data_len, SQLITE_STATIC);
	}
	return db_step_done(st, s, e);
}

int store_history_list(struct store *st, struct arena *a, int64_t app_id, int64_t record_id,
		       struct history_row **out, size_t *n, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"SELECT h.revision, h.action, h.user_code, coalesce(u.name, h.user_code), h.at,"
		" coalesce(dc_plain(h.data), 'null')"
		" FROM record_history h LEFT JOIN users u ON u.code = h.user_code"
		" WHERE h.app_id = ? AND h.record_id = ? ORDER BY h.revision DESC", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	sqlite3_bind_int64(s, 2, record_id);
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		struct history_row *h = &(*out)[(*n)++];
		h->revision = sqlite3_column_int64(s, 0);
		h->action = db_col_text(a, s, 1);
		h->user_code = db_col_text(a, s, 2);
		h->user_name = db_col_text(a, s, 3);
		h->at = db_col_text(a, s, 4);
		h->data = db_col_text(a, s, 5);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}
