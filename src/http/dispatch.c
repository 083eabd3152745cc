/* dispatch: running a request through the route table (see dispatch.h). */
#include "http/dispatch.h"
#include "audit/accesslog.h"
#include "auth/crypto.h"
#include "core/config.h"
#include "core/log.h"
#include "core/strutil.h"
#include "core/timeutil.h"
#include "http/appctx.h"
#include "http/authn.h"
#include "http/downloads.h"
#include "http/gate_device.h"
#include "http/gate_hours.h"
#include "http/handlers/handlers.h"
#include "http/params.h"
#include "http/respond.h"
#include "http/static.h"
#include "rules/roles.h"
#include "store/apps.h"
#include "store/store.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int64_t max_body = 32 << 20, max_file = (int64_t)1 << 30;
/* Requests being handled now, and the most allowed at once (kintone: 100 per domain). */
static atomic_int in_flight;
enum { CONCURRENT_MAX = 100 };
static enum lang default_lang = LANG_JA;

void dispatch_configure(const struct config *c)
{
	max_body = c->max_body;
	max_file = c->max_file;
	default_lang = strcmp(c->lang, "en") == 0 ? LANG_EN : LANG_JA;
	h_backups_configure(c);
}

int64_t dispatch_max_body(void)
{
	return max_body;
}

int64_t dispatch_max_file(void)
{
	return max_file;
}

enum lang dispatch_default_lang(void)
{
	return default_lang;
}

int64_t dispatch_body_limit(const char *method, const char *path)
{
	return dispatch_is_upload(method, path) ? max_file + 64 * 1024 : max_body;
}

bool dispatch_is_upload(const char *method, const char *path)
{
	int known;
	const struct route *rt = routes_find(method, path, &known);
	return rt != NULL && (rt->flags & ROUTE_UPLOAD);
}

int dispatch_require(struct req *r, const struct app_ctx *c, unsigned need)
{
	unsigned have = appctx_rights(c, &r->who);
	if ((have & need) == need)
		return 0;
	return err_set(&r->err, r->who.kind == AK_TOKEN ? E_TOKEN_PERMISSION : E_NO_PERMISSION, NULL);
}

int dispatch_require_usable(struct req *r, const struct app_ctx *c, unsigned need)
{
	if (dispatch_require(r, c, need) != 0)
		return -1;
	char today[16] = "";
	if (c->end_date[0] != '\0') {	/* the calendar is asked only for apps with an end */
		struct ymd d = time_local_date(r->now, NULL);
		snprintf(today, sizeof today, "%04d-%02d-%02d", d.y, d.m, d.d);
	}
	return appctx_usable(c, today, r->lang == LANG_EN, &r->err);
}

int dispatch_require_draft(struct req *r, int64_t app_id)
{
	struct app_row row;
	err_init(&r->err, r->arena);
	if (store_app_get(store_thread(), r->arena, app_id, &row, &r->err) != 0)
		return -1;
	if (r->who.kind == AK_TOKEN)
		return err_set(&r->err, E_TOKEN_PERMISSION, NULL);
	if (r->who.admin || row.creator_id == r->who.user_id)
		return 0;
	return err_set(&r->err, E_NO_PERMISSION, NULL);
}

int dispatch_authorize(struct req *r, const struct route *rt)
{
	r->app = NULL;
	if (r->who.kind == AK_TOKEN && !(rt->flags & ROUTE_TOKEN))
		return err_set(&r->err, E_TOKEN_PERMISSION, NULL);
	if (rt->auth == AUTH_ROLE && !(r->who.roles & rt->roles)) {
		char names[160];
		return err_set(&r->err, E_ADMIN_ONLY, "%s", roles_format(rt->roles, names, sizeof names));
	}
	if (rt->app_from != APP_PARAM_APP && rt->app_from != APP_PARAM_ID)
		return 0;
	int64_t app_id;
	if (param_id(r, r->params, rt->app_from == APP_PARAM_APP ? "app" : "id", &app_id) != 0)
		return -1;
	audit_app(r, app_id);
	const struct app_ctx *c;
	if (appctx_get(r, app_id, &c) != 0) {
		/* Before the first deploy only the preview exists: its endpoints are the
		 * creator's; live ones (app/acl.json ...) have nothing to show yet. */
		if (r->err.code == E_APP_NOT_DEPLOYED && rt->rights == RIGHT_MANAGE &&
		    strstr(rt->path, "/preview/") != NULL)
			return dispatch_require_draft(r, app_id);
		if (r->err.code == E_APP_NOT_DEPLOYED && r->who.kind == AK_TOKEN)
			return err_set(&r->err, E_TOKEN_PERMISSION, NULL);
		return -1;
	}
	if ((rt->flags & ROUTE_DATA) ? dispatch_require_usable(r, c, rt->rights) != 0
				      : dispatch_require(r, c, rt->rights) != 0)
		return -1;
	r->app = c;
	return 0;
}

/* Builds r->params from the body and the query string. */
static int load_params(struct req *r, const struct route *rt)
{
	struct err *e = &r->err;
	json_t *qs = params_from_query(r->query_string, e);
	if (qs == NULL)
		return -1;
	if ((rt->flags & ROUTE_UPLOAD) || r->body_len == 0) {
		r->params = qs;
		return 0;
	}
	json_error_t je;
	json_t *body = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &je);
	if (body == NULL) {
		json_decref(qs);
		e->pos = je.position;
		if (json_error_code(&je) == json_error_invalid_utf8)
			return err_set(e, E_UTF8, "body");
		return err_set(e, E_JSON, "%d", je.position);
	}
	if (!json_is_object(body)) {
		json_decref(qs);
		json_decref(body);
		return err_set(e, E_JSON, "0");
	}
	params_merge(body, qs);
	json_decref(qs);
	r->params = body;
	return 0;
}

/* Appends the request's audit entries with a result: in st's transaction, or (st NULL)
 * to the journal. */
static int write_log(struct req *r, struct store *st, const char *result, int status,
		     const char *code, struct err *e)
{
	struct accesslog_meta m = {&r->who, r->client, r->request_id, {0, 0}};
	clock_gettime(CLOCK_REALTIME, &m.at);
	for (int i = 0; i < r->n_audit; i++) {
		struct audit_entry *a = &r->audit[i];
		if (accesslog_append(st, &m, a->action, a->app_id, a->ids, a->n_ids, result, status,
				     code, e) != 0)
			return -1;
	}
	return 0;
}

/* Logs a refused or failed request (to the journal: nothing else is written). */
static void log_failure(struct req *r)
{
	if (r->n_audit == 0)
		return;
	const struct err_info *info = err_table(r->err.code);
	const char *result = info->status == 401 || info->status == 403 ? "denied" : "failed";
	struct err e;
	err_init(&e, NULL);
	if (write_log(r, NULL, result, info->status, info->kcode, &e) != 0)
		log_error("access log: could not record a %s %s", result, r->path);
}

static void new_request_id(struct req *r)
{
	snprintf(r->request_id, sizeof r->request_id, "%lld-%09llu", (long long)r->now,
		 (unsigned long long)(crypto_random_u64() % 1000000000ULL));
}

/* The handler, then the bulk-download gate on what it read (http/downloads.h), then
 * the handler's own hook for what is sent (the export history). */
static int handle(struct req *r, struct res *s, const struct route *rt)
{
	if (rt->handler(r, s) != 0 || http_downloads_gate(r) != 0)
		return -1;
	return r->after_gates ? r->after_gates(r) : 0;
}

/* The part of the request between route lookup and the response. */
static int run(struct req *r, struct res *s, const struct route *rt, struct store *st)
{
	if (load_params(r, rt) != 0)
		return -1;
	if (rt->auth != AUTH_PUBLIC) {
		if (gate_api_address(r) != 0 || http_authenticate(r) != 0 ||
		    http_check_account_state(r) != 0 || gate_device(r) != 0)
			return -1;
		if (gate_hours(r) != 0)
			return -1;
	}
	if (http_check_csrf(r) != 0)
		return -1;
	if (dispatch_authorize(r, rt) != 0)
		return -1;
	if (!(rt->flags & ROUTE_WRITE))
		return handle(r, s, rt);
	if (store_begin(st, &r->err) != 0)
		return -1;
	if (handle(r, s, rt) != 0) {
		store_rollback(st);
		return -1;
	}
	if (write_log(r, st, "ok", 200, "", &r->err) != 0 || store_commit(st, &r->err) != 0) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

void http_dispatch(struct req *r, struct res *s)
{
	r->now = time(NULL);
	r->bulk_index = -1;
	err_init(&r->err, r->arena);
	new_request_id(r);
	r->lang = respond_lang(req_header(r, "Accept-Language"), default_lang);

	const char *override = req_header(r, "X-HTTP-Method-Override");
	if (override != NULL && strcmp(r->method, "POST") == 0) {
		if (strcmp(override, "GET") == 0 || strcmp(override, "POST") == 0 ||
		    strcmp(override, "PUT") == 0 || strcmp(override, "DELETE") == 0)
			r->method = override;
	}
	int known = 0;
	const struct route *rt = NULL;
	struct store *st = store_thread();
	int running = atomic_fetch_add(&in_flight, 1) + 1;
	if (running > CONCURRENT_MAX) {
		char *lim = arena_printf(r->arena, "%d", CONCURRENT_MAX);
		err_set(&r->err, E_TOO_MANY_REQUESTS, NULL);
		res_header(s, "X-ConcurrencyLimit-Limit", lim);
		res_header(s, "X-ConcurrencyLimit-Running", arena_printf(r->arena, "%d", running));
	} else if (str_starts(r->path, "/k/guest/")) {
		err_set(&r->err, E_GUEST_SPACE, NULL);
	} else if ((rt = routes_find(r->method, r->path, &known)) == NULL) {
		char methods[64];
		if (!known && static_serve(r, s)) {
			atomic_fetch_sub(&in_flight, 1);
			return;
		}
		if (known)
			err_set(&r->err, E_METHOD, "%s", routes_methods(r->path, methods, sizeof methods));
		else
			err_set(&r->err, E_ROUTE_NOT_FOUND, NULL);
		if (known)
			res_header(s, "Allow", arena_strdup(r->arena, methods));
	} else if (r->body_too_large) {
		err_set(&r->err, (rt->flags & ROUTE_UPLOAD) ? E_FILE_TOO_LARGE : E_BODY_TOO_LARGE,
			"%lld", (long long)((rt->flags & ROUTE_UPLOAD) ? max_file : max_body));
	} else if (st == NULL) {
		err_set(&r->err, E_STORAGE, NULL);
	} else {
		r->route = rt;
		audit_begin(r, rt->action, 0);
		if (run(r, s, rt, st) == 0) {
			if (!(rt->flags & ROUTE_WRITE) && rt->action && !(rt->flags & ROUTE_NOLOG_OK)) {
				struct err e;
				err_init(&e, r->arena);
				if (write_log(r, NULL, "ok", s->status, "", &e) != 0) {
					/* No log, no data: a read that cannot be recorded is refused. */
					r->err = e;
					if (r->err.code == E_OK)
						err_set(&r->err, E_INTERNAL, NULL);
					res_free(s);
					res_init(s);
				}
			}
		} else {
			log_failure(r);
		}
	}
	if (err_is(&r->err)) {
		if (s->fd >= 0)
			res_free(s), res_init(s);
		respond_error(r, s);
	}
	if (r->set_cookie)
		res_header(s, "Set-Cookie", r->set_cookie);
	appctx_release_all(r);
	atomic_fetch_sub(&in_flight, 1);
}
