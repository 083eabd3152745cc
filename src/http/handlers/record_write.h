/*
 * record_write: the steps every record write shares, whichever endpoint it came
 * through (record.json, records.json, bulkRequest): validation by fields/record.c,
 * duplicate checks for unique fields, turning upload keys into attachments, the write
 * itself, keeping the revision it replaces in the record's history, and the access-log
 * ids.
 *
 * All functions run inside the request's transaction and report problems in r->err
 * with keys under `prefix` ("record" or "records[i]").
 */
#ifndef DAICHO_HTTP_RECORD_WRITE_H
#define DAICHO_HTTP_RECORD_WRITE_H

#include <jansson.h>

#include "http/req.h"

struct app_ctx;

struct write_ctx {
	struct req *r;
	struct store *st;
	const struct app_ctx *app;
	char now[21];		/* the request time in UTC text */
	long import_row;	/* CSV import: the record's 1-based position, else 0 */
};

void write_ctx_init(struct write_ctx *w, struct req *r);
/* Adds one record; returns its id and revision. */
int write_add(struct write_ctx *w, json_t *record, const char *prefix, int64_t *id, int64_t *rev);
/*
 * Updates one record addressed by id (> 0) or by updateKey (non-NULL). revision: NULL or
 * -1 means no check. With upsert, a missing record is added instead and *inserted is set.
 */
int write_update(struct write_ctx *w, int64_t id, json_t *update_key, json_t *revision,
		 json_t *record, const char *prefix, bool upsert, int64_t *id_out, int64_t *rev,
		 bool *inserted);
/* Deletes one record; revision as in write_update. */
int write_delete(struct write_ctx *w, int64_t id, json_t *revision, const char *prefix);
/* Reads an expected revision (-1 when absent, null or -1). */
bool write_revision(json_t *v, int64_t *out);

#endif
