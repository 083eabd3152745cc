/*
 * store/hours: working-hours calendars and their closing days, which calendar a section
 * or user follows, overtime orders (時間外勤務命令) and emergency overrides (schema step 5;
 * rules/hours.h decides with them). Strings and arrays returned are allocated from the
 * arena passed in.
 */
#ifndef DAICHO_STORE_HOURS_H
#define DAICHO_STORE_HOURS_H

#include "rules/hours.h"
#include "store/store.h"

struct hours_closing {
	const char *day;		/* YYYY-MM-DD */
	const char *name;		/* e.g. 年末年始 */
};

struct hours_calendar_row {
	int64_t id;
	const char *name;
	bool always;			/* open 24/365 */
	bool holidays_closed;		/* closed on national holidays */
	bool is_default;		/* followed by whoever has no section or user entry */
	const char *week;		/* rules/hours.h week text */
	const char *updated_by;
	int64_t updated_at;
	struct hours_closing *closings;
	size_t n_closings;
};

struct hours_assign_row {
	const char *kind;		/* "section" or "user" */
	int64_t ref_id;
	const char *code, *name;	/* the section's or user's code and name */
	int64_t calendar_id;
};

struct overtime_row {
	int64_t id, user_id, start_at, end_at, ordered_by, created_at, cancelled_at;
	const char *user_code, *user_name, *reason, *ordered_by_code, *ordered_by_name;
};

struct hours_override_row {
	int64_t id, user_id, until_at, created_at;	/* user_id 0: everyone */
	const char *user_code, *reason, *set_by;
};

struct hours_person {
	int64_t id;
	const char *code, *name;
};

/* Every calendar with its closing days, default first. */
int store_hours_calendars(struct store *st, struct arena *a, struct hours_calendar_row **out,
			  size_t *n, struct err *e);
/* The calendar user_id follows: their own entry, else their section's, else the default. */
int store_hours_calendar_of(struct store *st, struct arena *a, int64_t user_id,
			    int64_t section_id, struct hours_calendar_row *out, struct err *e);
/* Inserts (c->id 0; sets c->id) or updates a calendar and replaces its closing days. A
 * default calendar makes every other one non-default. E_INPUT on "name" when taken. */
int store_hours_calendar_save(struct store *st, struct hours_calendar_row *c, const char *by,
			      int64_t now, struct err *e);
/* Deletes a calendar (its assignments go with it); E_INPUT on "id" when unknown. */
int store_hours_calendar_delete(struct store *st, int64_t id, struct err *e);
/* Sets (calendar_id > 0) or removes (0) the calendar of a section or user. */
int store_hours_assign(struct store *st, const char *kind, int64_t ref_id, int64_t calendar_id,
		       struct err *e);
/* Every assignment with the section's or user's code and name. */
int store_hours_assignments(struct store *st, struct arena *a, struct hours_assign_row **out,
			    size_t *n, struct err *e);
/* The id of the section (org_units) with code; 0 when none. */
int store_hours_unit_id(struct store *st, const char *code, int64_t *id, struct err *e);

/* Adds an order; sets o->id. */
int store_overtime_add(struct store *st, struct overtime_row *o, struct err *e);
/* One order; E_INPUT on "id" when unknown. */
int store_overtime_get(struct store *st, struct arena *a, int64_t id, struct overtime_row *o,
		       struct err *e);
/* Cancels an order (no-op when already cancelled). */
int store_overtime_cancel(struct store *st, int64_t id, int64_t by, int64_t now, struct err *e);
/* Orders that concern viewer: theirs, given by them, or for people they head; newest
 * first, at most 200. */
int store_overtime_list(struct store *st, struct arena *a, int64_t viewer, struct overtime_row **out,
			size_t *n, struct err *e);
/* The live orders of user_id (not cancelled, not ended at now) as spans. */
int store_overtime_spans(struct store *st, struct arena *a, int64_t user_id, int64_t now,
			 struct hours_span **out, size_t *n, struct err *e);
/* People whose section (or its department) head_id heads, by code. */
int store_hours_members_of(struct store *st, struct arena *a, int64_t head_id,
			   struct hours_person **out, size_t *n, struct err *e);

/* Adds an override; sets o->id. */
int store_hours_override_add(struct store *st, struct hours_override_row *o, struct err *e);
/* Revokes an override; E_INPUT on "id" when unknown or already over. */
int store_hours_override_revoke(struct store *st, int64_t id, int64_t now, struct err *e);
/* Overrides still running at now. */
int store_hours_overrides(struct store *st, struct arena *a, int64_t now,
			  struct hours_override_row **out, size_t *n, struct err *e);
/* The latest end of a running override covering user_id (theirs or everyone's), or 0. */
int store_hours_override_until(struct store *st, int64_t user_id, int64_t now, int64_t *until,
			       struct err *e);

#endif
