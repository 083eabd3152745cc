/*
 * store/webhooks: per-app webhooks and their delivery queue (RULES.md row 12, Abiko §10).
 * A webhook is "pending" until a reviewer other than its author approves it ("active")
 * or refuses it; changing its URL or events makes it pending again under review.
 * Deliveries are queued in the record write's transaction and sent later by
 * hooks/deliver.c, which records each result. Strings returned live in the arena.
 */
#ifndef DAICHO_STORE_WEBHOOKS_H
#define DAICHO_STORE_WEBHOOKS_H

#include "store/store.h"

struct webhook {
	int64_t id;
	int64_t app_id;
	const char *url;
	unsigned events;		/* HOOK_EV_* bits (rules/hooks.h) */
	const char *description;
	bool enabled;			/* the app manager's switch */
	const char *state;		/* "pending", "active" or "refused" */
	int64_t created_by;		/* author of the current version */
	const char *created_by_code;
	int64_t created_at;
	const char *reviewed_by_code;	/* "" while pending */
	int64_t reviewed_at;
	const char *review_comment;
	int64_t last_at;		/* last delivery attempt, 0: none */
	int last_status;		/* its HTTP status, 0: none or no answer */
	const char *last_result;	/* "delivered", "failed: ...", "refused: ..." */
	const char *app_name;		/* the app's live name */
};

/* A queued delivery with what the sender needs of its webhook. */
struct webhook_delivery {
	int64_t id;
	int64_t webhook_id;
	int64_t app_id;
	const char *url;		/* the webhook's URL now */
	bool sendable;			/* webhook active and enabled now */
	const char *payload;		/* JSON body */
	int attempts;			/* made so far */
};

/* Webhooks of app_id (0: every app) in state (NULL: any), oldest first. */
int store_webhook_list(struct store *st, struct arena *a, int64_t app_id, const char *state,
		       struct webhook **out, size_t *n, struct err *e);
/* One webhook; E_INPUT with field "id" when unknown (or of another app when app_id > 0). */
int store_webhook_get(struct store *st, struct arena *a, int64_t id, int64_t app_id,
		      struct webhook *w, struct err *e);
/* Stores a new webhook from w (app_id, url, events, description, enabled, state,
 * created_by, created_at); fills w->id. */
int store_webhook_insert(struct store *st, struct webhook *w, struct err *e);
/* Rewrites url, events, description, enabled, state and (when reset) the author and the
 * review of webhook w->id. */
int store_webhook_update(struct store *st, const struct webhook *w, bool reset_review,
			 struct err *e);
/* Deletes a webhook of app_id with its queue; E_INPUT with field "id" when unknown. */
int store_webhook_delete(struct store *st, int64_t id, int64_t app_id, struct err *e);
/* A reviewer's decision on a pending webhook; E_REVIEW_DONE when not pending. */
int store_webhook_review(struct store *st, int64_t id, bool approve, int64_t by,
			 const char *comment, int64_t now, struct err *e);
/* Ids of the active, enabled webhooks of app_id sent for event (HOOK_EV_*). */
int store_webhooks_for_event(struct store *st, struct arena *a, int64_t app_id, unsigned event,
			     int64_t **out, size_t *n, struct err *e);
/* Queues a delivery of payload (JSON text) to webhook_id, due now. */
int store_delivery_add(struct store *st, int64_t webhook_id, const char *payload, int64_t now,
		       struct err *e);
/* Up to max pending deliveries due at now, oldest first. */
int store_deliveries_due(struct store *st, struct arena *a, int64_t now, size_t max,
			 struct webhook_delivery **out, size_t *n, struct err *e);
/*
 * Records an attempt: status "pending" (retry at next_at), "delivered", "failed" or
 * "refused"; http_status 0 when there was no answer; result a short text. The webhook's
 * last delivery fields follow.
 */
int store_delivery_result(struct store *st, int64_t id, int64_t webhook_id, const char *status,
			  int attempts, int64_t next_at, int http_status, const char *result,
			  int64_t now, struct err *e);
/* Removes finished deliveries (not pending) done before `before`; their bodies go too. */
int store_deliveries_purge(struct store *st, int64_t before, struct err *e);

#endif
