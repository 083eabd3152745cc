/*
 * mynumber_guard: the My Number guard on every write path (Abiko §5(2), RULES.md row 2).
 * It runs rules/mynumber.c over what a write would store (record fields and subtable
 * rows, CSV import rows, comments, the names and the contents of text files being
 * attached) and refuses with E_MYNUMBER (DC_MN01), or E_MYNUMBER_CONFIRM (DC_MN02) for
 * a bare hit in long prose, which a retry with the header "X-Daicho-Confirm: mynumber"
 * lets through. Apps approved for specific personal information are exempt
 * (appctx_mynumber_exempt). The guard is always on, whatever the policy says.
 *
 * Refusals name the place (field code, subtable row, import row and column, comment,
 * file) in r->err and its field errors, never the number; nothing here logs.
 */
#ifndef DAICHO_HTTP_MYNUMBER_GUARD_H
#define DAICHO_HTTP_MYNUMBER_GUARD_H

#include <stdbool.h>
#include <stdint.h>

#include "fields/value.h"
#include "http/req.h"

struct app_ctx;

/* The header and value that confirm a DC_MN02 warning. */
#define MNGUARD_CONFIRM_HEADER "X-Daicho-Confirm"
#define MNGUARD_CONFIRM_VALUE "mynumber"

/* Where a record write comes from, for the messages. */
struct mnguard_src {
	const char *prefix;	/* error-key prefix: "record" or "records[3]" */
	long import_row;	/* CSV import: the record's position in the request (1-based), else 0 */
};

/*
 * Scans one validated record write of app c (values as fields/record_in.c made them,
 * before upload keys become attachments). Returns 0 when it may be stored (*confirmed
 * is set when a DC_MN02 warning was confirmed by the header); -1 with field errors
 * added and r->err.code set to E_MYNUMBER or E_MYNUMBER_CONFIRM otherwise (E_MYNUMBER
 * wins over every other code, E_MYNUMBER_CONFIRM over E_INPUT). Storage errors while
 * reading an attached file's row are ignored: the record path reports them itself.
 */
int mnguard_record(struct req *r, const struct app_ctx *c, const struct record_write *rw,
		   const struct mnguard_src *src, bool *confirmed);

/*
 * Scans free text (prose) under error key `key`, named what_ja / what_en in the message;
 * c is its app, or NULL for text outside apps (incidents, reports), which no app
 * exempts. Returns as mnguard_record.
 */
int mnguard_text(struct req *r, const struct app_ctx *c, const char *key, const char *what_ja,
		 const char *what_en, const char *text, bool *confirmed);
/* Scans a comment's text for app c; returns as mnguard_record (key "comment.text"). */
int mnguard_comment(struct req *r, const struct app_ctx *c, const char *text, bool *confirmed);

/* True for the codes the guard sets (so bulk loops keep validating the other records). */
bool mnguard_is_refusal(enum err_code code);

/*
 * Adds the access-log entry "mynumber.confirmed" for a write let through by the
 * header (app and record; never the number). Keeps the request's current entry.
 */
void mnguard_log_confirmed(struct req *r, int64_t app_id, int64_t record_id);

#endif
