/*
 * store/org: the organisation (部 departments and 課/係 sections under them, their heads
 * and 保護管理者 protection managers), users' sections, and what a person owns when
 * they move between sections (人事異動). The rules on the tree are checked by the
 * handler (http/handlers/org.c); this file only reads and writes rows.
 */
#ifndef DAICHO_STORE_ORG_H
#define DAICHO_STORE_ORG_H

#include "store/store.h"

struct org_unit {
	int64_t id, parent_id, head_id, position;
	const char *kind;		/* "department" or "section" */
	const char *code, *name;
	const char *parent_code;	/* "" for a department */
	const char *head_code;		/* "" when no head */
	const char *managers;		/* protection managers' login names, comma-separated */
	int64_t members, children;	/* users in the unit, units under it */
};

/* Every unit, departments and their sections in order; *out is an arena array of *n. */
int store_org_list(struct store *st, struct arena *a, struct org_unit **out, size_t *n,
		   struct err *e);
/* The unit with code; 0 and *u untouched when none (no error). */
int store_org_by_code(struct store *st, struct arena *a, const char *code, struct org_unit *u,
		      int64_t *id, struct err *e);
/* Number of sections (users must belong to one once there is any). */
int store_org_section_count(struct store *st, int64_t *n, struct err *e);
/* Inserts (u->id 0) or updates unit u (kind, code, name, parent_id, head_id, position). */
int store_org_save(struct store *st, struct org_unit *u, int64_t now, struct err *e);
/* Replaces the protection managers of unit_id. */
int store_org_set_managers(struct store *st, int64_t unit_id, const int64_t *users, size_t n,
			   struct err *e);
/* Deletes unit id (callers check it has no members nor children). */
int store_org_delete(struct store *st, int64_t id, struct err *e);
/* Clears the head of every unit headed by user_id except those in keep (0: none). */
int store_org_clear_heads(struct store *st, int64_t user_id, int64_t keep_a, int64_t keep_b,
			  struct err *e);
/* Removes user_id from the protection managers of every unit but keep. */
int store_org_drop_managers(struct store *st, int64_t user_id, int64_t keep, struct err *e);
/* Sets the section of user_id. */
int store_org_set_section(struct store *st, int64_t user_id, int64_t section_id, struct err *e);

/* One thing a person owns: kind ("app", "token", "head", "protection", "inbox"). */
struct org_owned {
	const char *kind;
	int64_t id;
	const char *label;
};
/* Everything user_id owns; *out is an arena array of *n. */
int store_org_owned(struct store *st, struct arena *a, int64_t user_id, struct org_owned **out,
		    size_t *n, struct err *e);

#endif
