/*
 * cursor: the cursor API (records/cursor.json). Creating a cursor snapshots the ids
 * of the matching records in order; each GET returns the next page of them. Cursors
 * belong to the user who made them, vanish when read to the end or deleted, and expire
 * after ten minutes without use. At most ten live at once, as in kintone.
 */
#include "http/handlers/handlers.h"
#include "auth/crypto.h"
#include "fields/record.h"
#include "http/appctx.h"
#include "http/dispatch.h"
#include "http/params.h"
#include "store/misc.h"
#include "store/indexes.h"
#include "store/records.h"

#include <stdlib.h>
#include <string.h>

enum { CURSOR_MAX = 10, CURSOR_IDLE = 600, CURSOR_SIZE_MAX = 500, CURSOR_SIZE_DEFAULT = 100 };

int h_cursor_create(struct req *r, struct res *s)
{
	const char *q;
	int64_t size, live;
	struct query_plan plan;
	struct store *st = store_thread();
	if (param_str(r, r->params, "query", "", &q) != 0 ||
	    param_int(r, r->params, "size", CURSOR_SIZE_DEFAULT, &size) != 0)
		return -1;
	if (size < 1 || size > CURSOR_SIZE_MAX)
		return err_field(&r->err, "size", FM_TEXT, "1 - 500");
	json_t *fields = json_object_get(r->params, "fields");
	if (fields != NULL && !json_is_null(fields) && !json_is_array(fields))
		return err_field(&r->err, "fields", FM_TYPE, "array");
	struct query_ctx ctx = {r->now, r->who.user_code, QUERY_NO_LIMIT_OFFSET};
	if (query_compile(r->arena, q, strlen(q), r->app->schema, &ctx, &plan, &r->err) != 0)
		return -1;
	index_note(r->app->schema, plan.used, plan.n_used);
	if (store_cursor_count(st, r->now, &live, &r->err) != 0)
		return -1;
	if (live >= CURSOR_MAX)
		return err_set(&r->err, E_CURSOR_LIMIT, "%d", CURSOR_MAX);
	char id[37], *fields_text = fields && json_is_array(fields)
				    ? json_dumps(fields, JSON_COMPACT) : NULL;
	crypto_random_token(id, 36);
	struct cursor_row c = {id, r->app->id, r->who.user_id, fields_text ? fields_text : "null",
			       size, 0, 0, r->now + CURSOR_IDLE};
	int rc = store_cursor_create(st, &c, r->app->schema->table, plan.where, plan.params,
				     plan.n_params, plan.order_by, &r->err);
	free(fields_text);
	if (rc != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kstr(&s->w, "id", id);
	jsonw_kint_str(&s->w, "totalCount", c.total);
	jsonw_obj_end(&s->w);
	return 0;
}

/* The caller's cursor named by the "id" parameter, with the view right on its app. */
static int own_cursor(struct req *r, struct cursor_row *c, const struct app_ctx **app)
{
	const char *id;
	if (param_str(r, r->params, "id", NULL, &id) != 0)
		return -1;
	if (id == NULL || *id == '\0')
		return err_field(&r->err, "id", FM_REQUIRED_PARAM, NULL);
	if (store_cursor_get(store_thread(), r->arena, id, r->now, c, &r->err) != 0)
		return -1;
	if (c->user_id != r->who.user_id)
		return err_set(&r->err, E_CURSOR_NOT_FOUND, "%.64s", id);
	audit_app(r, c->app_id);
	if (appctx_get(r, c->app_id, app) != 0)
		return -1;
	return dispatch_require_usable(r, *app, RIGHT_VIEW);
}

int h_cursor_get(struct req *r, struct res *s)
{
	struct cursor_row c;
	const struct app_ctx *app;
	int64_t *ids;
	size_t n, got;
	bool more;
	struct rec_row *rows;
	struct store *st = store_thread();
	if (own_cursor(r, &c, &app) != 0)
		return -1;
	if (store_cursor_next(st, r->arena, &c, r->now, r->now + CURSOR_IDLE, &ids, &n, &more,
			      &r->err) != 0)
		return -1;
	json_error_t je;
	json_t *fields = json_loads(c.fields, JSON_DECODE_ANY, &je);
	bool *mask = mask_from_json(r->arena, app->schema, fields);
	json_decref(fields);
	if (store_records_by_ids(st, r->arena, app->schema, ids, n, mask, &rows, &got, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_key(&s->w, "records");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < got; i++) {
		record_out(&s->w, app->schema, &rows[i], mask);
		audit_id(r, rows[i].id);
	}
	jsonw_arr_end(&s->w);
	jsonw_kbool(&s->w, "next", more);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_cursor_delete(struct req *r, struct res *s)
{
	struct cursor_row c;
	const struct app_ctx *app;
	if (own_cursor(r, &c, &app) != 0 || store_cursor_delete(store_thread(), c.id, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}
