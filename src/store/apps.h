/*
 * store/apps: apps, their preview and live forms, and the migration of an app's record
 * tables when a form is deployed.
 *
 * A form is kept as four JSON texts per stage ("preview" while being edited, "live"
 * once deployed): field properties, layout, settings (name, description, icon) and
 * the permission list. The store does not interpret them, except through the schema
 * snapshots given to store_app_migrate.
 */
#ifndef DAICHO_STORE_APPS_H
#define DAICHO_STORE_APPS_H

#include "store/store.h"

struct schema;

struct app_row {
	int64_t id;
	const char *code;		/* app code, "" when none */
	const char *name;		/* live name (preview name until first deploy) */
	const char *description;
	int64_t creator_id;
	const char *creator_code, *creator_name;
	const char *created_at;		/* UTC text */
	int64_t modifier_id;
	const char *modifier_code, *modifier_name;
	const char *modified_at;
	int64_t next_col;		/* next free column number */
	int64_t preview_revision;	/* bumps on every preview change */
	int64_t live_revision;		/* preview revision last deployed; 0 = never */
	const char *deploy_status;	/* "", PROCESSING, SUCCESS, FAIL */
	const char *deploy_message;	/* why a deploy failed */
};

struct app_form {
	const char *properties;		/* JSON */
	const char *layout;		/* JSON */
	const char *settings;		/* JSON */
	const char *acl;		/* JSON */
	const char *views;		/* JSON object of saved views by name */
};

/* An app under the rules (RULES.md rows 1, 8-10): schema step 10's columns. */
struct app_gov {
	int info_class;			/* rank, 1 = most sensitive (Ⅰ) */
	unsigned flags;			/* APP_FLAG_* (rules/classes.h) */
	int state;			/* enum app_state */
	bool mynumber_approved;		/* the My Number flag went through its approval */
	int64_t owner_id, maintainer_id;	/* 0 when none */
	const char *owner_code, *maintainer_code;	/* "" when none */
	const char *registration;	/* JSON object: purpose, items, admins, users, responsible */
	const char *start_date, *end_date;	/* YYYY-MM-DD or "" */
	const char *personal_fields;	/* JSON array of field codes flagged personal */
	int64_t gov_revision;
	int64_t state_changed_at;	/* unix seconds; 0 = never */
};

/* Reads an app's governance; E_APP_NOT_FOUND when it does not exist. */
int store_app_gov_get(struct store *st, struct arena *a, int64_t id, struct app_gov *g,
		      struct err *e);
/* Bumps gov_revision: call after changing any governance column, in the same transaction. */
int store_app_gov_bump(struct store *st, int64_t id, struct err *e);
/* Moves the app to state (enum app_state) at now (unix seconds); bumps gov_revision. */
int store_app_set_state(struct store *st, int64_t id, int state, int64_t now, struct err *e);

/* Creates an app with its preview form and an empty record table; fills row->id. */
int store_app_create(struct store *st, struct app_row *row, const struct app_form *f,
		     struct err *e);
/* Reads an app; E_APP_NOT_FOUND (arg: id) when it does not exist. */
int store_app_get(struct store *st, struct arena *a, int64_t id, struct app_row *row,
		  struct err *e);
/*
 * The live revision of an app (0 = never deployed) and its governance revision (bumped
 * by every change of class, flags, state, owner, registration); E_APP_NOT_FOUND when
 * missing. One indexed read: app contexts are cached by the pair.
 */
int store_app_revisions(struct store *st, int64_t id, int64_t *live, int64_t *gov,
			struct err *e);
/* Lists all apps ordered by id (filtering by permission is the caller's job). */
int store_app_list(struct store *st, struct arena *a, struct app_row **out, size_t *n,
		   struct err *e);
/* Reads a stage's form ("preview" or "live"); E_APP_NOT_DEPLOYED when live is missing. */
int store_app_form(struct store *st, struct arena *a, int64_t id, const char *stage,
		   struct app_form *f, struct err *e);
/*
 * Saves the preview form, the column counter and the modifier; bumps the preview
 * revision. When expect_revision >= 0 it must equal the current preview revision
 * (E_APP_REVISION otherwise). Writes the new revision to *new_rev.
 */
int store_app_save_preview(struct store *st, int64_t id, const struct app_form *f,
			   int64_t next_col, int64_t modifier_id, const char *now,
			   int64_t expect_revision, int64_t *new_rev, struct err *e);
/* Copies the preview form to live and records the deployed revision and name. */
int store_app_publish(struct store *st, int64_t id, const char *name, const char *description,
		      int64_t revision, struct err *e);
/* Copies the live form back to preview (deploy with revert). */
int store_app_revert(struct store *st, int64_t id, struct err *e);
/* Records the outcome of a deployment. */
int store_app_deploy_status(struct store *st, int64_t id, const char *status,
			    const char *message, struct err *e);
/*
 * Migrates the app's tables from schema `from` (NULL: the empty form of a new app) to
 * `to`, inside the caller's transaction. On data that violates the new form (duplicate
 * values for a field made unique), returns -1 with E_INPUT and a field error naming it.
 */
int store_app_migrate(struct store *st, const struct schema *from, const struct schema *to,
		      struct err *e);

#endif
