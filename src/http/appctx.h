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

struct req;
struct schema;

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
	int refs;			/* holders (cache + requests); guarded by the cache lock */
};

/*
 * The live context of an app, held until the request ends. Errors: E_APP_NOT_FOUND,
 * E_APP_NOT_DEPLOYED (created but never deployed), storage errors.
 */
int appctx_get(struct req *r, int64_t app_id, const struct app_ctx **out);
/* Releases every context the request holds (called by the dispatcher). */
void appctx_release_all(struct req *r);
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
