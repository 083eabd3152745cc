/*
 * store/customize: JS/CSS customisations of apps, the review of each pinned file, the
 * plugin allow-list (requests and decisions, Abiko §10) and the plugins each app uses.
 *
 * A customisation is kept per app and stage ("preview" while edited, "live" once
 * deployed) as kintone's app/customize.json body (JSON text the store does not
 * interpret) with its scope. A review is one row per (app, SHA-256): approving it
 * approves exactly that content for that app. Strings are allocated from the arena
 * the caller passes.
 */
#ifndef DAICHO_STORE_CUSTOMIZE_H
#define DAICHO_STORE_CUSTOMIZE_H

#include "store/store.h"

/* ---- customisations -------------------------------------------------------------- */

/*
 * The customisation of one stage. Without one, *scope is "ALL" and *body is the empty
 * customisation ({"desktop":{"js":[],"css":[]},"mobile":{"js":[],"css":[]}}).
 */
int store_customize_get(struct store *st, struct arena *a, int64_t app_id, const char *stage,
			const char **scope, const char **body, struct err *e);
/* Saves the preview customisation and bumps the app's preview revision into *new_rev. */
int store_customize_put(struct store *st, int64_t app_id, const char *scope, const char *body,
			int64_t *new_rev, struct err *e);
/* Copies the preview customisation to live (deploy), or live back to preview (revert). */
int store_customize_publish(struct store *st, int64_t app_id, struct err *e);
int store_customize_revert(struct store *st, int64_t app_id, struct err *e);

/* ---- reviews of pinned files ----------------------------------------------------- */

struct cu_review {
	int64_t id, app_id;
	const char *app_name;
	const char *sha256;		/* the content approved or refused */
	const char *name;		/* file name when first seen */
	int64_t author_id;		/* the uploader */
	const char *author_code;
	const char *status;		/* pending, approved, refused */
	const char *reviewer_code;	/* "" while pending */
	const char *comment;
	int64_t created_at, decided_at;
};

/*
 * The review of (app, sha256), created pending for author_id when there is none;
 * *created tells which.
 */
int store_cu_review_ensure(struct store *st, struct arena *a, int64_t app_id, const char *sha256,
			   const char *name, int64_t author_id, int64_t now, struct cu_review *out,
			   bool *created, struct err *e);
/* The review of (app, sha256): 1 found, 0 none, -1 error. */
int store_cu_review_find(struct store *st, struct arena *a, int64_t app_id, const char *sha256,
			 struct cu_review *out, struct err *e);
/* A review by id; E_INPUT (field "id") when unknown. */
int store_cu_review_get(struct store *st, struct arena *a, int64_t id, struct cu_review *out,
			struct err *e);
/* Records a decision ("approved" or "refused") on a pending review. */
int store_cu_review_decide(struct store *st, int64_t id, const char *status, int64_t reviewer_id,
			   const char *comment, int64_t now, struct err *e);
/* Reviews, newest first; status "" for all, app_id 0 for every app. */
int store_cu_review_list(struct store *st, struct arena *a, const char *status, int64_t app_id,
			 struct cu_review **out, size_t *n, struct err *e);

/* ---- plugins --------------------------------------------------------------------- */

struct cu_plugin {
	int64_t id;
	const char *name, *purpose, *function, *version;
	const char *files;		/* JSON array [{kind, name, sha256, size, fileKey}] */
	int64_t requested_by;
	const char *requester_code;
	int64_t requested_at;
	const char *status;		/* pending, approved, refused, removed */
	const char *reviewer_code;	/* "" while pending */
	const char *comment;
	int64_t decided_at;
};

/* Adds a plugin request (status pending); fills p->id. */
int store_plugin_add(struct store *st, struct cu_plugin *p, int64_t now, struct err *e);
/* A plugin by id; E_INPUT (field "id") when unknown. */
int store_plugin_get(struct store *st, struct arena *a, int64_t id, struct cu_plugin *out,
		     struct err *e);
/* Plugins by id; approved_only for the allow-list. */
int store_plugin_list(struct store *st, struct arena *a, bool approved_only,
		      struct cu_plugin **out, size_t *n, struct err *e);
/* Sets a plugin's status with who decided and why. */
int store_plugin_decide(struct store *st, int64_t id, const char *status, int64_t reviewer_id,
			const char *comment, int64_t now, struct err *e);
/* The plugins an app enabled (any status: the caller filters), by plugin id. */
int store_app_plugins(struct store *st, struct arena *a, int64_t app_id, int64_t **ids,
		      size_t *n, struct err *e);
/* Replaces the plugins an app enabled. */
int store_app_plugins_set(struct store *st, int64_t app_id, const int64_t *ids, size_t n,
			  int64_t user_id, int64_t now, struct err *e);

#endif
