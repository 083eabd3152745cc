/*
 * bulk: bulkRequest.json. Up to 20 record writes run in order inside the request's one
 * transaction; each sub-request goes through its own route's permission check and
 * leaves its own access-log entry. The first failure stops the rest and rolls all of
 * them back; the error is reported in that sub-request's slot of "results".
 */
#include "http/handlers/handlers.h"
#include "http/dispatch.h"
#include "http/routes.h"

#include <stdio.h>
#include <string.h>

enum { BULK_MAX = 20 };

int h_bulk(struct req *r, struct res *s)
{
	json_t *reqs = json_object_get(r->params, "requests");
	if (!json_is_array(reqs) || json_array_size(reqs) == 0)
		return err_field(&r->err, "requests", FM_REQUIRED_PARAM, NULL);
	if (json_array_size(reqs) > BULK_MAX)
		return err_field(&r->err, "requests", FM_TOO_MANY, "20");
	size_t n = json_array_size(reqs);
	/* Validate the envelope of every sub-request before running any. */
	const struct route **routes = arena_alloc(r->arena, n * sizeof *routes);
	for (size_t i = 0; i < n; i++) {
		json_t *q = json_array_get(reqs, i);
		const char *method = json_string_value(json_object_get(q, "method"));
		const char *api = json_string_value(json_object_get(q, "api"));
		json_t *payload = json_object_get(q, "payload");
		char key[48];
		int known;
		if (method == NULL || api == NULL) {
			snprintf(key, sizeof key, "requests[%zu].%s", i, method ? "api" : "method");
			return err_field(&r->err, key, FM_REQUIRED_PARAM, NULL);
		}
		if (strncmp(api, "/k/guest/", 9) == 0)
			return err_set(&r->err, E_GUEST_SPACE, NULL);
		routes[i] = routes_find(method, api, &known);
		if (routes[i] == NULL || !(routes[i]->flags & ROUTE_BULK)) {
			snprintf(key, sizeof key, "requests[%zu].api", i);
			return err_field(&r->err, key, FM_ENUM, NULL);
		}
		if (!json_is_object(payload)) {
			snprintf(key, sizeof key, "requests[%zu].payload", i);
			return err_field(&r->err, key, FM_TYPE, "object");
		}
	}
	/* Run them, collecting each response. */
	struct res sub;
	json_t *saved_params = r->params;
	const char *saved_method = r->method, *saved_path = r->path;
	const struct route *saved_route = r->route;
	jsonw_obj(&s->w);
	jsonw_key(&s->w, "results");
	jsonw_arr(&s->w);
	int rc = 0;
	r->depth = 1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		json_t *q = json_array_get(reqs, i);
		r->params = json_object_get(q, "payload");
		r->method = routes[i]->method;
		r->path = routes[i]->path;
		r->route = routes[i];
		audit_begin(r, routes[i]->action, 0);
		res_init(&sub);
		json_object_del(r->params, "__REQUEST_TOKEN__");
		rc = dispatch_authorize(r, routes[i]);
		if (rc == 0)
			rc = routes[i]->handler(r, &sub);
		if (rc == 0)
			jsonw_raw(&s->w, buf_str(&sub.body), sub.body.len);
		else
			r->bulk_index = (int)i;
		res_free(&sub);
	}
	r->params = saved_params;
	r->method = saved_method;
	r->path = saved_path;
	r->route = saved_route;
	r->depth = 0;
	r->bulk_count = (int)n;
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
	return rc;
}
