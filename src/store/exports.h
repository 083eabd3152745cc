/*
 * store/exports: what the export rules keep (Kuki 第11条, 第14条): every export with who
 * made it, when, from which app, how many records, the reason and the approval; exports
 * of personal data held until a second person approves them, then released once; and
 * each app's own approval threshold. The ledger reads the history through
 * store_exports_list. Strings are allocated from the caller's arena.
 */
#ifndef DAICHO_STORE_EXPORTS_H
#define DAICHO_STORE_EXPORTS_H

#include "store/store.h"

/* An export's status: written at once, or held, decided, and released. */
#define EXPORT_DONE "done"		/* written at once */
#define EXPORT_PENDING "pending"	/* held until a second person approves */
#define EXPORT_APPROVED "approved"	/* approved: the requester may download it once */
#define EXPORT_REFUSED "refused"	/* refused by the approver */
#define EXPORT_DOWNLOADED "downloaded"	/* approved and downloaded */

struct export_row {
	int64_t id, app_id, user_id, requested_at;
	const char *app_name;		/* the app's name when exported */
	const char *request_id;		/* the access log's request id */
	int info_class;			/* the app's class rank then (0 unknown) */
	bool personal;			/* personal data was included */
	int64_t count;			/* records */
	const char *reason;		/* "" when none */
	const char *format;		/* JSON: query, fields, encoding, header */
	int64_t max_record_id;		/* held exports leave out newer records */
	const char *status;		/* EXPORT_* */
	int64_t approver_id, decided_at, expires_at, downloaded_at;	/* 0 when none */
	const char *comment;		/* the approver's, "" when none */
	const char *watermark;		/* what the file carries, "" when none yet */
	/* Filled by reads: */
	const char *user_code, *user_name, *approver_code, *approver_name;
};

/* Records an export (x->id is ignored); *id gets its id. */
int store_export_add(struct store *st, const struct export_row *x, int64_t *id, struct err *e);
/* One export; E_INPUT on field "id" when there is none. */
int store_export_get(struct store *st, struct arena *a, int64_t id, struct export_row *out,
		     struct err *e);
/*
 * Decides a pending export: status EXPORT_APPROVED (with expires_at) or EXPORT_REFUSED.
 * *changed is false when it was no longer pending (someone else decided first).
 */
int store_export_decide(struct store *st, int64_t id, const char *status, int64_t approver_id,
			const char *comment, int64_t now, int64_t expires_at, bool *changed,
			struct err *e);
/* Marks an approved export downloaded with the watermark it carried; *changed as above. */
int store_export_downloaded(struct store *st, int64_t id, const char *watermark, int64_t now,
			    bool *changed, struct err *e);
/*
 * The history, newest first: app_id 0 for every app, user_id 0 for everyone; at most
 * limit rows (1..1000) before id `before` (0: from the newest).
 */
int store_exports_list(struct store *st, struct arena *a, int64_t app_id, int64_t user_id,
		       int64_t before, int limit, struct export_row **out, size_t *n,
		       struct err *e);
/* The app's own approval threshold; *found false when it has none (the policy's applies). */
int store_export_threshold_get(struct store *st, int64_t app_id, int64_t *threshold,
			       bool *found, struct err *e);
/* Sets (has false: removes) the app's own threshold. */
int store_export_threshold_set(struct store *st, int64_t app_id, bool has, int64_t threshold,
			       const char *by, int64_t now, struct err *e);

#endif
