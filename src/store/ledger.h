/*
 * store/ledger: what the ledger (台帳, Kuki 第16条), the hand-over queue (Abiko §9(2))
 * and the auditor's report (Kuki 第42条) read: every app with its governance columns,
 * record counts, record activity and export history from the access log, approvals,
 * incidents; and the hand-over queue and idle/expired notices they write.
 * Every function returns 0 or -1 with e filled; strings and arrays are in arena a.
 */
#ifndef DAICHO_STORE_LEDGER_H
#define DAICHO_STORE_LEDGER_H

#include "store/store.h"

struct ledger_app {
	int64_t id;
	const char *code, *name, *description;
	int64_t info_class;			/* rank, 1 = most sensitive (Ⅰ) */
	int64_t flags;				/* APP_FLAG_* bits */
	const char *state;			/* app_state_name() */
	const char *registration;		/* JSON object text ("{}" when none) */
	const char *start_date, *end_date;	/* "YYYY-MM-DD" or "" */
	const char *personal_fields;		/* JSON array text */
	int64_t owner_id, maintainer_id;	/* 0 when none */
	const char *owner_code, *owner_name;	/* "" when none */
	const char *maintainer_code, *maintainer_name;
	int64_t creator_id;
	const char *creator_code;
	const char *created_at;			/* UTC text */
	const char *state_changed_at;		/* UTC text or "" */
	int64_t live_revision;			/* 0: never deployed */
	const char *acl;			/* permission list (JSON, live once deployed), "" when none */
	const char *properties;			/* field properties (JSON, live once deployed) */
	int64_t section_id;			/* the owner's (else the creator's) section, 0: none */
	const char *section_code, *section_name;
	int64_t handovers_open;			/* open hand-over rows */
};

/* Every app ordered by id; *out is an arena array of *n. */
int store_ledger_apps(struct store *st, struct arena *a, struct ledger_app **out, size_t *n,
		      struct err *e);
/*
 * The rules/ledger.h LEDGER_* marks of x on day today (local "YYYY-MM-DD"), given its
 * newest record activity ("" when none) and the policy's idle days.
 */
unsigned store_ledger_marks(const struct ledger_app *x, const char *last_activity,
			    const char *today, int64_t idle_days);
/*
 * The daily pass: each app newly idle or expired gets one inbox item to its owner (the
 * creator when none) and the head of their section; apps no longer flagged are
 * forgotten, so a later episode notifies again. *sent gets the number of items.
 */
int store_ledger_notify(struct store *st, struct arena *a, const char *today, int64_t idle_days,
			int64_t now, size_t *sent, struct err *e);
/* The number of records of app_id. */
int store_ledger_record_count(struct store *st, int64_t app_id, int64_t *n, struct err *e);

/* The newest successful record access of each app (one pass over the access log). */
struct ledger_activity {
	int64_t app_id;
	const char *last_at;		/* UTC text */
};
int store_ledger_activity(struct store *st, struct arena *a, struct ledger_activity **out,
			  size_t *n, struct err *e);

/* Successful exports ("records.export") per app and person. */
struct ledger_export {
	int64_t app_id;
	const char *user_code, *user_name;
	int64_t count;
	const char *last_at;		/* UTC text */
};
int store_ledger_exports(struct store *st, struct arena *a, struct ledger_export **out,
			 size_t *n, struct err *e);

/*
 * Approvals of app_id (0: every app) whose request or decision falls in [from, to)
 * (unix times; from = to = 0: all), oldest first. steps is a JSON array text of
 * {pos, step, approver, approverName, decision, comment, decidedAt}.
 */
struct ledger_approval {
	int64_t id, app_id;
	const char *app_name, *kind, *status;
	const char *requested_by, *requested_by_name;
	int64_t requested_at, decided_at;	/* unix times, 0 when not decided */
	const char *steps;
};
int store_ledger_approvals(struct store *st, struct arena *a, int64_t app_id, int64_t from,
			   int64_t to, struct ledger_approval **out, size_t *n, struct err *e);

/* Incidents created in [from, to) (unix times), oldest first. */
struct ledger_incident {
	int64_t id, created_at;
	const char *kind, *reporter, *subject, *summary, *action, *status;
};
int store_ledger_incidents(struct store *st, struct arena *a, int64_t from, int64_t to,
			   struct ledger_incident **out, size_t *n, struct err *e);

/* One row of the hand-over queue. */
struct handover {
	int64_t id, app_id, user_id, section_id, created_at, resolved_at, new_user_id;
	const char *app_name, *role, *reason;
	const char *user_code, *user_name;
	const char *section_code, *section_name;
	const char *resolved_by, *new_user_code;	/* "" while open */
	int64_t section_head_id, department_head_id;	/* of section_id, 0: none */
};
/*
 * Puts every app user_id owns or maintains (not closed) into the hand-over queue with
 * reason "moved" or "suspended", unless already queued for them, and sends the head of
 * the section they are in now (else the system administrators) one inbox item per app.
 * Call before changing their section. *queued gets the number of new rows.
 */
int store_handover_open(struct store *st, struct arena *a, int64_t user_id, const char *reason,
			int64_t now, size_t *queued, struct err *e);
/* The queue, newest first; open rows only unless all. */
int store_handover_list(struct store *st, struct arena *a, bool all, struct handover **out,
			size_t *n, struct err *e);
/* One row; E_INPUT on "id" when there is none. */
int store_handover_get(struct store *st, struct arena *a, int64_t id, struct handover *h,
		       struct err *e);
/*
 * Closes row h: sets the app's owner or maintainer (h->role) to new_user_id, records who
 * did it, and marks the section head's inbox item done. The caller bumps the app's
 * governance revision.
 */
int store_handover_resolve(struct store *st, const struct handover *h, int64_t new_user_id,
			   int64_t by, int64_t now, struct err *e);

/* Whether a notice of kind ("idle", "expired") was sent for app_id. */
int store_notice_sent(struct store *st, int64_t app_id, const char *kind, bool *sent,
		      struct err *e);
/* Records (sent) or forgets (!sent) the notice of kind for app_id. */
int store_notice_set(struct store *st, int64_t app_id, const char *kind, bool sent, int64_t now,
		     struct err *e);

#endif
