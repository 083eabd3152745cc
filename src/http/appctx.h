/*
 * appctx: what a request needs to know about a deployed app (its schema snapshot and
 * permission list), cached per (app, live revision) and shared between threads.
 *
 * appctx_get() checks the app's live revision in the database on every call (one
 * indexed read), so a deploy is seen by the very next request; the parsed schema and
 * permissions are reused until then. A context stays valid until the request that got
 * it ends (it is released with the request).
 */
#ifndef DAICHO_HTTP_APPCTX_H
#define DAICHO_HTTP_APPCTX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/identity.h"
#include "rules/classes.h"

struct req;
struct schema;
struct err;

enum acl_entity { ACL_USER, ACL_EVERYONE, ACL_CREATOR };

struct acl_entry {
	enum acl_entity type;
	const char *code;	/* ACL_USER: login name */
	unsigned rights;	/* RIGHT_* bits */
};

struct app_ctx {
	int64_t id;			/* the app */
	int64_t revision;		/* live revision this context describes */
	struct schema *schema;		/* live form */
	struct acl_entry *acl;		/* permission list, first match wins */
	size_t n_acl;
	const char *creator_code;	/* the app's creator (for the CREATOR entity) */
	/* Governance (RULES.md rows 1, 8-10), as of gov_revision. */
	int64_t gov_revision;
	int info_class;			/* rank, 1 = most sensitive (Ⅰ, encrypted at rest) */
	unsigned app_flags;		/* APP_FLAG_* (rules/classes.h) */
	bool mynumber_approved;		/* the My Number flag went through its approval */
	enum app_state state;
	char end_date[11];		/* YYYY-MM-DD or "" */
	int64_t owner_id, maintainer_id;	/* 0 when none */
	char **personal_fields;		/* field codes flagged as personal data */
	size_t n_personal_fields;
	int refs;			/* holders (cache + requests); guarded by the cache lock */
};

/*
 * The live context of an app, held until the request ends. Errors: E_APP_NOT_FOUND,
 * E_APP_NOT_DEPLOYED (created but never deployed), storage errors.
 */
int appctx_get(struct req *r, int64_t app_id, const struct app_ctx **out);
/* Releases every context the request holds (called by the dispatcher). */
void appctx_release_all(struct req *r);
/*
 * Whether records of the app may be read or written now (ROUTE_DATA routes and handlers
 * that find their app themselves): 0, or -1 with E_APP_STATE (an unpublished or closed
 * app; arg: the state's label) or E_APP_ENDED (past its planned end date; arg: the date).
 * With the lifecycle rule off (policy apps.lifecycle) only a closed app refuses.
 * today is YYYY-MM-DD in local time.
 */
int appctx_usable(const struct app_ctx *c, const char *today, bool english, struct err *e);
/* True when the app may hold My Numbers: flagged for them and that flag approved. */
bool appctx_mynumber_exempt(const struct app_ctx *c);
/* True when field code is flagged as personal data. */
bool appctx_field_personal(const struct app_ctx *c, const char *code);
/* Rights of the caller on the app (tokens: their grants; users: the permission list). */
unsigned appctx_rights(const struct app_ctx *c, const struct identity *who);
/*
 * Parses a permission list in kintone's app/acl.json form (rights array) into entries.
 * Returns false when it is malformed.
 */
bool acl_parse(const char *json, struct acl_entry **out, size_t *n, void *(*alloc)(void *, size_t),
	       void *ctx);
/* Drops every cached context (tests, shutdown). */
void appctx_cache_clear(void);

#endif
