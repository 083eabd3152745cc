/*
 * routes: THE route table. Every endpoint is one line: method, path, handler, who may
 * call it, which app right it needs and where the app id comes from, its body limit,
 * whether it writes (and so runs in a transaction), and the access-log action.
 *
 * The dispatcher applies authentication, the CSRF check, the permission check, the
 * transaction and the access log from this table; handlers only do their own work.
 * docs/API.md is written from this table.
 */
#ifndef DAICHO_HTTP_ROUTES_H
#define DAICHO_HTTP_ROUTES_H

#include <stddef.h>
#include <stdint.h>

struct req;
struct res;

typedef int (*handler_fn)(struct req *r, struct res *s);

/* Who may call a route at all. */
enum route_auth {
	AUTH_PUBLIC,		/* anyone (login, health) */
	AUTH_USER,		/* any signed-in user or API token (when ROUTE_TOKEN) */
	AUTH_ROLE,		/* people holding one of the route's roles (ROLE_*) */
};

/* Where the app whose rights are checked comes from. */
enum route_app {
	APP_NONE,		/* no app right needed */
	APP_PARAM_APP,		/* parameter "app" */
	APP_PARAM_ID,		/* parameter "id" */
	APP_BY_HANDLER,		/* the handler checks (several apps, or app found via a key) */
};

enum {
	ROUTE_WRITE = 1 << 0,	/* runs in one transaction with its access-log entries */
	ROUTE_TOKEN = 1 << 1,	/* API tokens may call it */
	ROUTE_BULK = 1 << 2,	/* may be a sub-request of bulkRequest.json */
	ROUTE_UPLOAD = 1 << 3,	/* multipart/form-data upload, streamed to disk */
	ROUTE_NOLOG_OK = 1 << 4,/* log only refusals (the success is not a record access) */
	ROUTE_OFF_HOURS = 1 << 5,/* reachable outside working hours (learn why, sign out) */
	ROUTE_NO_DEVICE = 1 << 6,/* reachable from a browser without an approved device */
	ROUTE_DATA = 1 << 7,	/* reads or writes records: refused while the app is not in use */
	ROUTE_OWN_TX = 1 << 8,	/* long work that opens its own short transactions (a backup):
				 * not wrapped in one, so writers never wait for it */
};

struct route {
	const char *method;		/* GET, POST, PUT, DELETE */
	const char *path;		/* exact path, e.g. "/k/v1/record.json" */
	handler_fn handler;
	enum route_auth auth;
	unsigned rights;		/* RIGHT_* the caller needs on the app */
	enum route_app app_from;
	unsigned flags;			/* ROUTE_* */
	const char *action;		/* access-log action, NULL when the route is not logged */
	const char *note;		/* for APP_BY_HANDLER: what the handler checks */
	unsigned roles;			/* AUTH_ROLE: any of these ROLE_* bits admits */
};

/* The route for method and path; NULL with *path_known telling whether the path exists. */
const struct route *routes_find(const char *method, const char *path, int *path_known);
/* The methods a path accepts, comma-separated (for 405 answers). */
const char *routes_methods(const char *path, char *buf, size_t size);
/* The table itself (terminated by a NULL method), for docs and tests. */
const struct route *routes_all(void);

#endif
