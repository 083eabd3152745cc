/*
 * store/misc: the smaller record companions: files (blobs by content hash plus their
 * metadata), comments, record history, cursors and the access log.
 */
#ifndef DAICHO_STORE_MISC_H
#define DAICHO_STORE_MISC_H

#include "query/query.h"
#include "store/store.h"

/* ---- files ---------------------------------------------------------------------- */

struct file_row {
	const char *key;		/* upload key or download key */
	const char *sha256;		/* blob */
	const char *name;
	const char *content_type;
	int64_t size;
	int64_t uploader_id;
	int64_t app_id;			/* 0 while only uploaded */
	int64_t record_id;
	const char *field;
};

/*
 * Registers an uploaded blob (already moved to its place on disk) and an upload key
 * pointing at it.
 */
int store_file_upload(struct store *st, const struct file_row *f, int64_t now, struct err *e);
/* Reads a file row by key; E_FILE_NOT_FOUND when unknown. */
int store_file_get(struct store *st, struct arena *a, const char *key, struct file_row *f,
		   struct err *e);
/* Creates a download key for an uploaded file, attached to a record's field. */
int store_file_attach(struct store *st, const struct file_row *upload, const char *new_key,
		      int64_t app_id, int64_t record_id, const char *field, int64_t now,
		      struct err *e);
/* Sets the record of attachments written before the record id was known. */
int store_file_set_record(struct store *st, const char *key, int64_t record_id, struct err *e);
/* Detaches download keys of a record's field that are not in keep (a JSON array). */
int store_file_prune(struct store *st, int64_t app_id, int64_t record_id, const char *field,
		     const char *keep_json, struct err *e);

/* ---- comments ------------------------------------------------------------------- */

struct comment_row {
	int64_t id;
	const char *text;
	const char *creator;		/* user code */
	const char *creator_name;
	const char *created_at;
	const char *mentions;		/* JSON array of {code,type} */
};

/* Adds a comment; returns its id (per record, from 1) in *id. */
int store_comment_add(struct store *st, int64_t app_id, int64_t record_id, const char *text,
		      const char *creator, const char *created_at, const char *mentions,
		      int64_t *id, struct err *e);
/* Lists comments of a record, by id ascending or descending, with offset and limit. */
int store_comment_list(struct store *st, struct arena *a, int64_t app_id, int64_t record_id,
		       bool asc, int64_t offset, int64_t limit, struct comment_row **out,
		       size_t *n, int64_t *total, struct err *e);
/* Reads one comment; E_COMMENT_NOT_FOUND when unknown. */
int store_comment_get(struct store *st, struct arena *a, int64_t app_id, int64_t record_id,
		      int64_t id, struct comment_row *c, struct err *e);
/* Deletes one comment. */
int store_comment_delete(struct store *st, int64_t app_id, int64_t record_id, int64_t id,
			 struct err *e);

/* ---- history -------------------------------------------------------------------- */

struct history_row {
	int64_t revision;
	const char *action;		/* what made this revision: add, update; or delete */
	const char *user_code;
	const char *user_name;
	const char *at;
	const char *data;		/* the record as JSON */
};

int store_history_add(struct store *st, int64_t app_id, int64_t record_id, int64_t revision,
		      const char *action, const char *user_code, const char *at, const char *data,
		      size_t data_len, struct err *e);
int store_history_list(struct store *st, struct arena *a, int64_t app_id, int64_t record_id,
		       struct history_row **out, size_t *n, struct err *e);

/* ---- cursors -------------------------------------------------------------------- */

struct cursor_row {
	const char *id;
	int64_t app_id;
	int64_t user_id;
	const char *fields;		/* JSON array of codes, or "null" */
	int64_t size;
	int64_t total;
	int64_t position;		/* records already returned */
	int64_t expires_at;
};

/* Number of live cursors (expired ones are removed first). */
int store_cursor_count(struct store *st, int64_t now, int64_t *n, struct err *e);
/*
 * Creates a cursor over the records of table `table` matching where (SQL over alias t,
 * or NULL) in order_by, and fills c->total.
 */
int store_cursor_create(struct store *st, struct cursor_row *c, const char *table,
			const char *where, const struct query_param *params, size_t n_params,
			const char *order_by, struct err *e);
/* Reads a cursor; E_CURSOR_NOT_FOUND when unknown or expired. */
int store_cursor_get(struct store *st, struct arena *a, const char *id, int64_t now,
		     struct cursor_row *c, struct err *e);
/* The next ids of a cursor (up to its size), advancing it; *more tells if any remain. */
int store_cursor_next(struct store *st, struct arena *a, struct cursor_row *c, int64_t now,
		      int64_t expires_at, int64_t **ids, size_t *n, bool *more, struct err *e);
/* Deletes a cursor. */
int store_cursor_delete(struct store *st, const char *id, struct err *e);

/* ---- access log ----------------------------------------------------------------- */

struct log_entry {
	const char *at;			/* UTC with milliseconds */
	int64_t user_id;		/* 0 when unknown */
	const char *user_code;
	const char *auth;		/* password, session, token, none */
	int64_t token_id;		/* 0 when none */
	int64_t app_id;			/* 0 when none */
	const char *action;
	const char *record_ids;		/* JSON array */
	const char *result;		/* ok, denied, failed */
	int status;
	const char *code;		/* error code or "" */
	const char *client;
	const char *request_id;
};

/* Appending an entry, with its chain hash, is audit/chain.c's (store/audit.h). */
/* How far the access-log journal has been moved into the table (audit/journal.c). */
int store_journal_offset(struct store *st, int64_t *off, struct err *e);
int store_journal_offset_set(struct store *st, int64_t off, struct err *e);

#endif
