/*
 * store/lifecycle: an app's governance columns (class, flags, state, owner, maintainer,
 * registration, dates, personal fields) and its approvals with their steps (RULES.md
 * rows 1, 8, 9: Abiko §9(3)–(5)). The rules about them are rules/lifecycle.c and the
 * handler http/handlers/lifecycle.c; this file only reads and writes rows. Strings
 * returned are allocated in the caller's arena.
 */
#ifndef DAICHO_STORE_LIFECYCLE_H
#define DAICHO_STORE_LIFECYCLE_H

#include "store/store.h"

/* The governance columns of one app, with the owner's and maintainer's names
 * (store/apps.h's struct app_gov is the foundation's shorter view). */
struct lc_gov {
	int64_t app_id;
	int info_class;			/* rank, 1 = Ⅰ (most sensitive); 0 = not set */
	unsigned flags;			/* APP_FLAG_* */
	const char *state;		/* app_state_name() text */
	bool mynumber_approved;		/* the My Number flag was approved */
	int64_t owner_id, maintainer_id;	/* 0: none */
	const char *owner_code, *owner_name;		/* "" when none */
	const char *maintainer_code, *maintainer_name;
	const char *registration;	/* JSON object: purpose, responsible (and what else was kept) */
	const char *start_date, *end_date;	/* "YYYY-MM-DD" or "" */
	const char *personal_fields;	/* JSON array of field codes flagged personal */
	int64_t gov_revision;		/* bumps on every change of these columns */
	int64_t state_changed_at;	/* unix seconds */
};

/* Reads the governance of app_id; E_APP_NOT_FOUND when it does not exist. */
int store_lc_gov_get(struct store *st, struct arena *a, int64_t app_id, struct lc_gov *g,
		     struct err *e);
/*
 * Writes every governance column of g->app_id but the state (class, flags, My Number
 * approval, owner, maintainer, registration, dates, personal fields) and bumps the
 * governance revision.
 */
int store_lc_gov_save(struct store *st, const struct lc_gov *g, struct err *e);

/* One step of an approval route. */
struct lc_step {
	int pos;			/* 0, 1, ...: the order steps decide in */
	const char *step;		/* "section_head", "department_head", "administration" */
	int64_t unit_id;		/* the unit whose head approves */
	const char *unit_name;
	int64_t approver_id;		/* who is to decide (and who did) */
	const char *approver_code, *approver_name;
	const char *decision;		/* "" (waiting), "approved", "refused" */
	const char *comment;
	int64_t decided_at;		/* unix seconds, 0 while waiting */
	int64_t revision;		/* the app's live form revision when decided */
};

/* One approval (a request and its route). */
struct lc_approval {
	int64_t id, app_id;
	const char *kind;		/* "publish", "change", "end" */
	int64_t requested_by;
	const char *requester_code, *requester_name;
	int64_t requested_at;
	const char *request;		/* JSON: what was asked (class, flags, registration) */
	const char *status;		/* "pending", "approved", "refused", "withdrawn" */
	int64_t decided_at;
	struct lc_step *steps;
	size_t n_steps;
};

/* Inserts approval a (status pending) with its steps; fills a->id. */
int store_lc_approval_add(struct store *st, struct lc_approval *a, int64_t now, struct err *e);
/* Reads approval id with its steps; a field error on "id" when there is none. */
int store_lc_approval_get(struct store *st, struct arena *ar, int64_t id, struct lc_approval *a,
			  struct err *e);
/* The pending approval of app_id; *id = 0 when there is none. */
int store_lc_pending(struct store *st, int64_t app_id, int64_t *id, struct err *e);
/* Every approval of app_id, newest first, with steps; *out is an arena array of *n. */
int store_lc_approvals_of(struct store *st, struct arena *ar, int64_t app_id,
			  struct lc_approval **out, size_t *n, struct err *e);
/* Records the decision of step pos of approval id (by approver_id, at the form's revision). */
int store_lc_step_decide(struct store *st, int64_t id, int pos, int64_t approver_id,
			 bool approve, const char *comment, int64_t revision, int64_t now,
			 struct err *e);
/* Ends approval id: status "approved", "refused" or "withdrawn". */
int store_lc_approval_close(struct store *st, int64_t id, const char *status, int64_t now,
			    struct err *e);

/* The section of user_id and its department, with their heads (0 when none). */
struct lc_units {
	int64_t section_id, section_head;
	int64_t department_id, department_head;
	const char *section_name, *department_name;
};
int store_lc_units_of(struct store *st, struct arena *a, int64_t user_id, struct lc_units *u,
		      struct err *e);

#endif
