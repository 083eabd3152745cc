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

/* Creates an app with its preview form and an empty record table; fills row->id. */
int store_app_create(struct store *st, struct app_row *row, const struct app_form *f,
		     struct err *e);
/* Reads an app; E_APP_NOT_FOUND (arg: id) when it does not exist. */
int store_app_get(struct store *st, struct arena *a, int64_t id, struct app_row *row,
		  struct err *e);
/* The live revision of an app (0 = never deployed); E_APP_NOT_FOUND when missing. */
int store_app_live_revision(struct store *st, int64_t id, int64_t *rev, struct err *e);
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
