/* store/tokens: API tokens per app, kept as hashes (the token itself is shown once). */
#ifndef DAICHO_STORE_TOKENS_H
#define DAICHO_STORE_TOKENS_H

#include "store/store.h"

struct api_token {
	int64_t id;
	int64_t app_id;
	const char *hint;		/* first characters of the token */
	int64_t owner_id;
	const char *owner_code;		/* owner's login name */
	const char *owner_name;
	bool owner_active;
	unsigned rights;		/* RIGHT_* bits */
	const char *description;
	int64_t created_at;
	int64_t revoked_at;		/* 0 while valid */
	int64_t last_used_at;
	unsigned owner_roles;		/* the owner's ROLE_* bits */
	const char *state;		/* "pending", "active" or "refused" (Abiko §10) */
	int64_t created_by;		/* who made it (0: before reviews existed) */
	const char *created_by_code;	/* their login name ("" when unknown) */
	int64_t expires_at;		/* 0: never */
	const char *reviewed_by_code;	/* reviewer's login name ("" while pending) */
	int64_t reviewed_at;
	const char *review_comment;
};

/* Finds a token by hash; E_BAD_TOKEN when unknown or revoked. */
int store_token_by_hash(struct store *st, struct arena *a, const unsigned char *hash,
			struct api_token *t, struct err *e);
/* Stores a new token (with t->state, t->created_by, t->expires_at); fills t->id. */
int store_token_insert(struct store *st, const unsigned char *hash, struct api_token *t,
		       struct err *e);
/* Lists tokens (of one app when app_id > 0), newest first. */
int store_token_list(struct store *st, struct arena *a, int64_t app_id, struct api_token **out,
		     size_t *n, struct err *e);
/* Revokes a token; E_INPUT with field "id" when unknown. */
int store_token_revoke(struct store *st, int64_t id, int64_t now, struct err *e);
/* Revokes every live token owned by user owner_id (suspension). */
int store_token_revoke_owner(struct store *st, int64_t owner_id, int64_t now, struct err *e);
/* One token by id (revoked ones too); E_INPUT with field "id" when unknown. */
int store_token_get(struct store *st, struct arena *a, int64_t id, struct api_token *t,
		    struct err *e);
/*
 * Records a reviewer's decision on a pending token: state "active" or "refused". E_REVIEW_DONE
 * when it is no longer pending.
 */
int store_token_review(struct store *st, int64_t id, bool approve, int64_t by, const char *comment,
		       int64_t now, struct err *e);
/* Notes that a token was used (at most once a minute is written). */
int store_token_used(struct store *st, int64_t id, int64_t now, struct err *e);

#endif
