/*
 * views: saved views of an app, in kintone's app/views.json form. A LIST view keeps the
 * columns, a filter and a sort; a CALENDAR view a date field and a title field. The
 * filter and sort are checked by compiling them against the form, so a saved view can
 * always be run. The view with the lowest index is the app's default view.
 */
#include "http/handlers/handlers.h"
#include "core/strutil.h"
#include "core/utf8.h"
#include "fields/property.h"
#include "http/appctx.h"
#include "http/handlers/preview.h"
#include "http/params.h"
#include "http/respond.h"
#include "query/query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { VIEWS_MAX = 100, VIEW_FIELDS_MAX = 100 };

int h_views_get(struct req *r, struct res *s)
{
	return preview_part_out(r, s, r->app->id, "live", PART_VIEWS);
}

int h_preview_views_get(struct req *r, struct res *s)
{
	int64_t id;
	if (param_id(r, r->params, "app", &id) != 0)
		return -1;
	return preview_part_out(r, s, id, "preview", PART_VIEWS);
}

static int verr(struct req *r, const char *name, const char *prop, enum fmsg m, const char *arg)
{
	char key[300];
	snprintf(key, sizeof key, "views.%s.%s", name, prop);
	return err_field(&r->err, key, m, arg);
}

/* A string property of a view ("" when absent). */
static const char *vstr(json_t *v, const char *k)
{
	json_t *x = json_object_get(v, k);
	return json_is_string(x) ? json_string_value(x) : "";
}

/* Checks filterCond and sort by compiling them against the preview form. */
static int check_query(struct req *r, const struct schema *sc, const char *name,
		       const char *filter, const char *sort)
{
	struct query_ctx ctx = {r->now, r->who.user_code, QUERY_NO_LIMIT_OFFSET};
	struct query_plan plan;
	struct err saved = r->err;
	char *q = arena_printf(r->arena, "%s%s%s", filter, *sort ? " order by " : "", sort);
	err_init(&r->err, r->arena);
	if (query_compile(r->arena, q, strlen(q), sc, &ctx, &plan, &r->err) == 0) {
		r->err = saved;
		return 0;
	}
	/* Report it on the view, keeping the compiler's own message (syntax errors carry
	 * their position; others, such as an unknown field, say what is wrong). */
	struct err bad = r->err;
	r->err = saved;
	const char *prop = bad.pos >= 0 && (size_t)bad.pos >= strlen(filter) && *sort ? "sort"
										 : "filterCond";
	if (bad.code == E_QUERY && bad.n_fields > 0)
		return verr(r, name, prop, bad.fields[0].msg, bad.fields[0].arg);
	char msg[512];
	respond_message(r, &bad, msg, sizeof msg);
	return verr(r, name, prop, FM_TEXT, msg);
}

/* Validates one view and returns its stored form (new reference), or NULL. */
static json_t *one_view(struct req *r, const struct schema *sc, const char *name, json_t *v,
			json_t *old_views, int64_t *next_id)
{
	if (!json_is_object(v)) {
		verr(r, name, "type", FM_TYPE, "object");
		return NULL;
	}
	size_t nl = strlen(name);
	if (nl == 0 || utf8_count(name, nl) > 64) {
		verr(r, name, "name", FM_TOO_LONG, "64");
		return NULL;
	}
	const char *type = vstr(v, "type"), *vname = vstr(v, "name");
	if (*vname && strcmp(vname, name) != 0) {
		verr(r, name, "name", FM_INVALID, NULL);
		return NULL;
	}
	if (strcmp(type, "LIST") != 0 && strcmp(type, "CALENDAR") != 0) {
		verr(r, name, "type", strcmp(type, "CUSTOM") == 0 ? FM_UNSUPPORTED : FM_ENUM, type);
		return NULL;
	}
	int64_t index = 0;
	if (param_int(r, v, "index", 0, &index) != 0 || index < 0) {
		err_init(&r->err, r->arena);
		verr(r, name, "index", FM_INTEGER, NULL);
		return NULL;
	}
	const char *filter = vstr(v, "filterCond"), *sort = vstr(v, "sort");
	if (strlen(filter) > 10000 || strlen(sort) > 1000) {
		verr(r, name, "filterCond", FM_TOO_LONG, "10000");
		return NULL;
	}
	if (check_query(r, sc, name, filter, sort) != 0)
		return NULL;
	json_t *out = json_pack("{s:s,s:s,s:s,s:s}", "type", type, "name", name, "filterCond",
				filter, "sort", sort);
	char buf[32];
	snprintf(buf, sizeof buf, "%lld", (long long)index);
	json_object_set_new(out, "index", json_string(buf));
	/* Ids stay with the name across saves. */
	const char *old_id = vstr(json_object_get(old_views, name), "id");
	if (*old_id) {
		json_object_set_new(out, "id", json_string(old_id));
	} else {
		snprintf(buf, sizeof buf, "%lld", (long long)(*next_id)++);
		json_object_set_new(out, "id", json_string(buf));
	}
	if (strcmp(type, "LIST") == 0) {
		json_t *fields = json_object_get(v, "fields"), *list = json_array();
		size_t i;
		json_t *f;
		json_object_set_new(out, "fields", list);
		if (fields != NULL && !json_is_array(fields)) {
			verr(r, name, "fields", FM_TYPE, "array");
			json_decref(out);
			return NULL;
		}
		if (json_array_size(fields) > VIEW_FIELDS_MAX) {
			verr(r, name, "fields", FM_TOO_MANY, "100");
			json_decref(out);
			return NULL;
		}
		json_array_foreach(fields, i, f) {
			const struct field_def *fd = json_is_string(f) ? schema_find(sc, json_string_value(f)) : NULL;
			if (fd == NULL || fd->parent >= 0 || fd->type == FT_SUBTABLE) {
				char prop[32];
				snprintf(prop, sizeof prop, "fields[%zu]", i);
				verr(r, name, prop, FM_INVALID, NULL);
				json_decref(out);
				return NULL;
			}
			json_array_append(list, f);
		}
	} else {
		const char *date = vstr(v, "date"), *title = vstr(v, "title");
		const struct field_def *d = schema_find(sc, date), *t = schema_find(sc, title);
		if (d == NULL || d->parent >= 0 ||
		    (d->type != FT_DATE && d->type != FT_DATETIME && d->type != FT_CREATED_TIME &&
		     d->type != FT_UPDATED_TIME)) {
			verr(r, name, "date", FM_INVALID, NULL);
			json_decref(out);
			return NULL;
		}
		if (t == NULL || t->parent >= 0 || t->type == FT_SUBTABLE) {
			verr(r, name, "title", FM_INVALID, NULL);
			json_decref(out);
			return NULL;
		}
		json_object_set_new(out, "date", json_string(date));
		json_object_set_new(out, "title", json_string(title));
	}
	return out;
}

int h_preview_views_put(struct req *r, struct res *s)
{
	int64_t app_id, expect;
	struct preview p;
	json_t *views = json_object_get(r->params, "views");
	if (param_id(r, r->params, "app", &app_id) != 0 || preview_revision_param(r, &expect) != 0)
		return -1;
	if (!json_is_object(views))
		return err_field(&r->err, "views", FM_REQUIRED_PARAM, NULL);
	if (json_object_size(views) > VIEWS_MAX)
		return err_field(&r->err, "views", FM_TOO_MANY, "100");
	if (preview_load(r, app_id, "preview", &p) != 0)
		return -1;
	struct schema *sc = schema_build(p.props, p.layout, app_id, p.row.preview_revision,
					  p.row.code, &r->err);
	int rc = -1;
	json_t *out = json_object();
	if (sc == NULL)
		goto done;
	/* Next id: above every id ever given in this app's preview. */
	int64_t next_id = 1;
	const char *k;
	json_t *v;
	json_object_foreach(p.views, k, v) {
		int64_t id;
		if (str_to_i64(vstr(v, "id"), &id) && id >= next_id)
			next_id = id + 1;
	}
	json_object_foreach(views, k, v) {
		json_t *one = one_view(r, sc, k, v, p.views, &next_id);
		if (one == NULL)
			goto done;
		json_object_set_new(out, k, one);
	}
	json_decref(p.views);
	p.views = json_incref(out);
	int64_t rev;
	rc = preview_save(r, &p, expect, &rev);
	if (rc == 0) {
		/* {"views": {name: {"id"}}, "revision"} as kintone answers. */
		jsonw_obj(&s->w);
		jsonw_key(&s->w, "views");
		jsonw_obj(&s->w);
		json_object_foreach(out, k, v) {
			jsonw_key(&s->w, k);
			jsonw_obj(&s->w);
			jsonw_kstr(&s->w, "id", vstr(v, "id"));
			jsonw_obj_end(&s->w);
		}
		jsonw_obj_end(&s->w);
		jsonw_kint_str(&s->w, "revision", rev);
		jsonw_obj_end(&s->w);
	}
done:
	json_decref(out);
	schema_free(sc);
	preview_free(&p);
	return rc;
}
