/*
 * store/downloads: what the bulk-download warnings (rules/downloads.h) keep: per-user,
 * per-app hourly counters of records read (purged once outside the window), per-app
 * thresholds and hard caps with who set them and when and when they were last reviewed,
 * and the warnings that proceeded with a reason or were refused at the cap.
 */
#ifndef DAICHO_STORE_DOWNLOADS_H
#define DAICHO_STORE_DOWNLOADS_H

#include "store/store.h"

struct dl_limit {
	int64_t app_id;
	const char *app_name;
	bool has_threshold;		/* false: the policy's default applies */
	int64_t threshold, hard_cap;	/* hard_cap 0: none */
	const char *set_by, *reviewed_by;	/* "" when never */
	int64_t set_at, reviewed_at;	/* 0 when never */
};

struct dl_warning {
	int64_t id, at, user_id, app_id, count, prior, threshold, hard_cap;
	const char *request_id, *action, *outcome, *reason;
	const char *user_code, *user_name, *app_name;	/* filled by the list */
};

/* Records user_id read from app_id since hour `since` (hours are unix time / 3600). */
int store_dl_window_count(struct store *st, int64_t user_id, int64_t app_id, int64_t since,
			  int64_t *n, struct err *e);
/* Adds n reads in hour `hour` and deletes every counter older than `purge_before`. */
int store_dl_count_add(struct store *st, int64_t user_id, int64_t app_id, int64_t hour,
		       int64_t n, int64_t purge_before, struct err *e);
/* The settings of app_id; *found false (and *out zeroed) when none are stored. */
int store_dl_limit_get(struct store *st, struct arena *a, int64_t app_id, struct dl_limit *out,
		       bool *found, struct err *e);
/* Every deployed app with its settings (absent ones zeroed); arena array of *n. */
int store_dl_limits_list(struct store *st, struct arena *a, struct dl_limit **out, size_t *n,
			 struct err *e);
/* Sets an app's threshold (has_threshold false: back to the default) and hard cap. */
int store_dl_limit_set(struct store *st, int64_t app_id, bool has_threshold, int64_t threshold,
		       int64_t hard_cap, const char *by, int64_t now, struct err *e);
/* Marks an app's settings reviewed by `by` now (creating a default row if needed). */
int store_dl_reviewed(struct store *st, int64_t app_id, const char *by, int64_t now,
		      struct err *e);
/* Records a warning; *id gets its id. */
int store_dl_warning_add(struct store *st, const struct dl_warning *w, int64_t *id,
			 struct err *e);
/* The newest warnings (at most limit), with user and app names. */
int store_dl_warnings_list(struct store *st, struct arena *a, int limit, struct dl_warning **out,
			   size_t *n, struct err *e);
/* The section (org_units.id) of user_id, 0 when none. */
int store_dl_user_section(struct store *st, int64_t user_id, int64_t *section, struct err *e);

#endif
