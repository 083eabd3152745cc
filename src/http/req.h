/*
 * req: daicho's own request and response types. http/server.c fills a struct req from
 * libmicrohttpd and sends a struct res back; everything between (router, gate,
 * handlers) sees only these, so it can be driven without a socket in tests.
 *
 * Ownership: everything reachable from a req is allocated from req->arena (or owned by
 * the jansson value req->params, released with the request). A res owns its body buffer
 * and, when set, the file descriptor to send.
 */
#ifndef DAICHO_HTTP_REQ_H
#define DAICHO_HTTP_REQ_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "auth/identity.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/jsonw.h"

struct route;
struct app_ctx;

struct kv {
	const char *name;
	const char *value;
};

/* One access-log entry being assembled by a handler. */
struct audit_entry {
	const char *action;		/* e.g. "records.read" (from the route table) */
	int64_t app_id;			/* 0 when no app */
	int64_t *ids;			/* record ids touched */
	size_t n_ids, cap_ids;
};

enum { AUDIT_MAX_ENTRIES = 24 };

/* A file received by a multipart upload, already on disk in the data directory. */
struct upload {
	bool present;			/* a part named "file" arrived */
	const char *tmp_path;		/* temporary file holding the bytes */
	const char *name;		/* file name sent by the client */
	const char *content_type;	/* part content type */
	int64_t size;			/* bytes */
	char sha256[65];		/* hex digest of the bytes */
	bool too_large;			/* the file exceeded the limit and was dropped */
};

struct req {
	struct arena *arena;		/* owns the request's allocations */
	const char *method;		/* effective method (after X-HTTP-Method-Override) */
	const char *path;		/* URL path */
	const char *query_string;	/* raw query string without '?', "" when none */
	struct kv *headers;		/* request headers */
	size_t n_headers;
	const char *body;		/* raw body (NUL-terminated), "" when none */
	size_t body_len;
	bool body_too_large;		/* the body exceeded the route's limit */
	json_t *params;			/* parameters: query string or JSON body, an object */
	const char *client;		/* client address */
	enum lang lang;			/* message language */
	const struct route *route;	/* matched route */
	struct identity who;		/* authenticated caller */
	struct err err;			/* error being reported */
	char request_id[32];		/* support id sent back in errors */
	time_t now;			/* request time */
	struct audit_entry audit[AUDIT_MAX_ENTRIES];	/* access-log entries */
	int n_audit;
	struct audit_entry *cur_audit;	/* entry handlers add to */
	struct upload upload;		/* multipart upload, when the route takes one */
	struct app_ctx **held;		/* app contexts to release when the request ends */
	size_t n_held, cap_held;
	const struct app_ctx *app;	/* the app named by the route's app parameter, if any */
	const char *set_cookie;		/* Set-Cookie value the response must carry */
	int depth;			/* nesting: 0 for a request, 1 inside bulkRequest */
	int bulk_index;			/* bulkRequest: failing sub-request, or -1 */
	int bulk_count;			/* bulkRequest: number of sub-requests */
	/* Run by the dispatcher once the handler and the gates after it passed, before the
	 * response leaves (the export history is written only for files that are sent);
	 * NULL when none. A failure turns the response into its error. */
	int (*after_gates)(struct req *r);
	void *after_ctx;		/* that hook's data (in the arena) */
};

struct res {
	int status;			/* HTTP status */
	const char *content_type;	/* Content-Type of the body */
	struct buf body;		/* response body */
	struct jsonw w;			/* JSON writer over body */
	struct kv headers[8];		/* extra headers */
	int n_headers;
	int fd;				/* file to send instead of body, or -1 */
	int64_t fd_size;		/* bytes of fd to send */
	const void *static_body;	/* bytes that live as long as the process, or NULL */
	size_t static_len;
};

/* Header value by case-insensitive name, or NULL. */
const char *req_header(const struct req *r, const char *name);
/* Prepares a response: status 200, JSON content type, empty body. */
void res_init(struct res *s);
/* Releases the response's body and file. */
void res_free(struct res *s);
/* Adds a response header (name and value must outlive the response: arena or static). */
void res_header(struct res *s, const char *name, const char *value);
/* Starts the audit entry for the current (sub)request: action and app. */
void audit_begin(struct req *r, const char *action, int64_t app_id);
/* Sets the app of the current audit entry. */
void audit_app(struct req *r, int64_t app_id);
/* Adds a record id to the current audit entry. */
void audit_id(struct req *r, int64_t id);

#endif
