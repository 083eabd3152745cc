/*
 * extensions: the review of API tokens before use (RULES.md row 12, Abiko §10), shared
 * by the token API (users.c) and the review endpoints. Under the policy
 * "extensions.review" a new token is pending: it opens nothing until a system or
 * security administrator other than its author approves it from their inbox, it may
 * not carry rights its owner lacks on the app, and it needs a purpose.
 */
#ifndef DAICHO_HTTP_HANDLERS_EXTENSIONS_H
#define DAICHO_HTTP_HANDLERS_EXTENSIONS_H

#include "core/jsonw.h"
#include "http/req.h"
#include "store/tokens.h"
#include "store/users.h"

/* RIGHT_* bits to API names ("viewRecord, addRecord"), in r's arena. */
const char *ext_rights_names(struct req *r, unsigned rights);
/*
 * Checks a token about to be created under the policy: a purpose, and rights within
 * owner's on the app now (E_TOKEN_ABOVE_OWNER naming the extra rights). 0 when the
 * policy is off.
 */
int ext_token_check(struct req *r, int64_t app, const struct user *owner, unsigned rights,
		    const char *purpose);
/* After a token was stored: a pending one goes to the reviewers' inboxes. */
int ext_token_created(struct req *r, const struct api_token *t, const char *owner_code,
		      const char *app_name);
/* Writes a token's review members (state, purpose, expiresAt, createdBy, reviewedBy,
 * reviewedAt, canReview) into the open object of w. */
void ext_token_review_out(struct req *r, struct jsonw *w, const struct api_token *t);
/*
 * Ids of the reviewers of something authored by author: every system and security
 * administrator but the author. *out is an arena array of *n ids.
 */
int ext_reviewers(struct req *r, int64_t author, int64_t **out, size_t *n);
/* True when the caller may review something authored by author (role and not theirs). */
bool ext_may_review(const struct req *r, int64_t author);
/*
 * After a token's or webhook's review (kind "token" or "webhook"): closes the reviewers'
 * "<kind>.review" inbox items, tells the author ("<kind>.decision", subject) and answers
 * {id, state}.
 */
int ext_review_done(struct req *r, struct res *s, const char *kind, int64_t id, int64_t author,
		    bool approve, const char *subject);

#endif
