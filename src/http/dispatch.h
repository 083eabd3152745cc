/*
 * dispatch: one request through the route table: route, parameters, authentication,
 * CSRF, the route's permission, the transaction, the handler, the access log, and the
 * error body. http/server.c calls http_dispatch with a filled struct req; tests can too.
 */
#ifndef DAICHO_HTTP_DISPATCH_H
#define DAICHO_HTTP_DISPATCH_H

#include "http/req.h"
#include "http/routes.h"

struct config;

/* Settings the dispatcher needs (body limits, default language). */
void dispatch_configure(const struct config *c);
/* Largest body accepted for a method and path (before reading it). */
int64_t dispatch_body_limit(const char *method, const char *path);
/* True when the route at method and path takes a multipart upload. */
bool dispatch_is_upload(const char *method, const char *path);
/*
 * Runs the request. On return s holds the response (status, headers, body or file).
 * r->params is owned by r and released by the caller with json_decref.
 */
void http_dispatch(struct req *r, struct res *s);
/*
 * Checks the route's permission for the current (sub)request: loads the app named by
 * the route's parameter into r->app and verifies the rights. Used by bulkRequest too.
 */
int dispatch_authorize(struct req *r, const struct route *rt);
/* Requires rights `need` on app c for the caller (E_NO_PERMISSION / E_TOKEN_PERMISSION). */
int dispatch_require(struct req *r, const struct app_ctx *c, unsigned need);
/*
 * dispatch_require, then whether the app's records may be used now (its lifecycle
 * state and end date: appctx_usable). For handlers that find their app themselves.
 */
int dispatch_require_usable(struct req *r, const struct app_ctx *c, unsigned need);
/*
 * For apps never deployed (no live permissions yet): only their creator and
 * administrators may manage them.
 */
int dispatch_require_draft(struct req *r, int64_t app_id);
/* Maximum body size of JSON routes and of uploaded files (config). */
int64_t dispatch_max_body(void);
int64_t dispatch_max_file(void);
/* Default message language (config). */
enum lang dispatch_default_lang(void);

#endif
