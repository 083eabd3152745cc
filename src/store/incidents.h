/*
 * store/incidents: incident records (RULES.md row 30; Kuki 第39–41条), their timeline of
 * entries, and the people each escalation level reaches; also the comment rules' tables
 * (deleted comments kept, who was reminded of the rules; Abiko §11). Which transitions
 * are allowed is rules/incidents.c's; who may act is the handler's. Strings returned live
 * in the arena passed in.
 */
#ifndef DAICHO_STORE_INCIDENTS_H
#define DAICHO_STORE_INCIDENTS_H

#include "store/store.h"

struct incident {
	int64_t id;
	const char *kind;		/* 紛失 漏えい 改ざん 障害 その他 */
	int64_t reporter_id;		/* 0: reported signed out, unproven */
	int64_t subject_id;		/* whose account or device, 0 when none */
	int64_t section_id;		/* the section whose protection managers handle it, 0: none */
	const char *reporter_code, *reporter_name, *subject_code;	/* "" when none */
	const char *section_code, *section_name;			/* "" when none */
	const char *summary, *action;	/* what was reported, what daicho did at once */
	const char *status;		/* open contained recurrence_prevention closed */
	const char *level;		/* protection_manager chief mayor */
	bool serious;			/* 特に重大 (Kuki 第39条3) */
	bool national_report;		/* reported to the PPC (APPI Art. 68) */
	const char *national_report_date;	/* YYYY-MM-DD or "" */
	const char *client;
	int64_t created_at, updated_at;
};

struct incident_entry {
	int64_t id, at, user_id;
	const char *user_code, *user_name;	/* "" for daicho itself */
	const char *kind;		/* report escalation containment cause prevention note status national serious */
	const char *text;
	const char *detail;		/* JSON object text */
};

/* Which incidents a list returns. */
struct incident_filter {
	const char *status, *kind, *level;	/* NULL or "": any */
	int serious;				/* -1 any, 0 not serious, 1 serious */
	int64_t section_id;			/* 0: any */
	bool all;				/* every incident (chief, security admin, auditor) */
	int64_t viewer_id;			/* !all: reported by, or protection manager of the section */
	bool viewer_mayor;			/* !all: also those escalated to the mayor's office */
	int64_t limit, offset;
};

/* Opens an incident (status open, level as given) and its "report" entry; *id is its id. */
int store_incident_open(struct store *st, const struct incident *in, int64_t now, int64_t *id,
			struct err *e);
/* The incident id; E_INCIDENT_NOT_FOUND when none. */
int store_incident_get(struct store *st, struct arena *a, int64_t id, struct incident *out,
		       struct err *e);
/* Incidents matching f, newest first; *total counts all matches. */
int store_incident_list(struct store *st, struct arena *a, const struct incident_filter *f,
			struct incident **out, size_t *n, int64_t *total, struct err *e);
/* Writes status, level, serious, national_report and national_report_date of in. */
int store_incident_update(struct store *st, const struct incident *in, int64_t now, struct err *e);
/* Appends a timeline entry (user_id 0: daicho itself); detail NULL means "{}". */
int store_incident_entry_add(struct store *st, int64_t incident_id, int64_t user_id,
			     const char *kind, const char *text, const char *detail, int64_t now,
			     int64_t *id, struct err *e);
/* The timeline of incident_id, oldest first. */
int store_incident_entries(struct store *st, struct arena *a, int64_t incident_id,
			   struct incident_entry **out, size_t *n, struct err *e);
/* Number of entries of kind in incident_id's timeline. */
int store_incident_entry_count(struct store *st, int64_t incident_id, const char *kind,
			       int64_t *n, struct err *e);
/* True when user_id is a protection manager of section_id. */
int store_is_protection_manager(struct store *st, int64_t user_id, int64_t section_id,
				bool *yes, struct err *e);
/* True when user_id is a protection manager of any section. */
int store_is_protection_manager_any(struct store *st, int64_t user_id, bool *yes, struct err *e);
/* Active members of section_id; *out is an arena array of *n user ids. */
int store_section_members(struct store *st, struct arena *a, int64_t section_id, int64_t **out,
			  size_t *n, struct err *e);
/* The id and head of the unit with code (0, 0 when none). */
int store_unit_by_code(struct store *st, const char *code, int64_t *id, int64_t *head,
		       struct err *e);

/* Comments (Abiko §11). Keeps comment c_id of (app, record) in comment_history before it
 * is deleted, with who deleted it and when. */
int store_comment_keep(struct store *st, int64_t app_id, int64_t record_id, int64_t c_id,
		       int64_t deleted_by, int64_t now, struct err *e);
struct comment_kept {
	int64_t record_id, comment_id, deleted_at;
	const char *text, *creator, *created_at, *mentions, *deleted_by;
};
/* Deleted comments of app (record 0: every record), newest deletion first, at most limit. */
int store_comment_history(struct store *st, struct arena *a, int64_t app_id, int64_t record_id,
			  int64_t limit, struct comment_kept **out, size_t *n, struct err *e);
/* When user_id acknowledged the comment rules (0: never). */
int store_comment_reminder_get(struct store *st, int64_t user_id, int64_t *at, struct err *e);
/* Records that user_id acknowledged the comment rules now. */
int store_comment_reminder_set(struct store *st, int64_t user_id, int64_t now, struct err *e);
/* The live setting enableComments of app_id (true when absent, as kintone). */
int store_app_comments_enabled(struct store *st, int64_t app_id, bool *on, struct err *e);
/* The app's owner (apps.owner_id), else its creator (0 when none). */
int store_app_owner(struct store *st, int64_t app_id, int64_t *owner, struct err *e);

#endif
