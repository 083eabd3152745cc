/*
 * apps: app.json, apps.json, creating an app (preview/app.json) and the app's general
 * settings (name, description, icon).
 */
#include "http/handlers/handlers.h"
#include "core/strutil.h"
#include "core/timeutil.h"
#include "core/utf8.h"
#include "fields/property.h"
#include "http/appctx.h"
#include "http/dispatch.h"
#include "http/handlers/preview.h"
#include "http/params.h"
#include "store/apps.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

int h_app_get(struct req *r, struct res *s)
{
	struct app_row row;
	if (store_app_get(store_thread(), r->arena, r->app->id, &row, &r->err) != 0)
		return -1;
	app_json(&s->w, &row);
	return 0;
}

/* True when json array `list` (of ids or codes) contains v, or list is absent. */
static bool listed(json_t *list, int64_t id, const char *code)
{
	if (list == NULL || json_array_size(list) == 0)
		return true;
	size_t i;
	json_t *x;
	json_array_foreach(list, i, x) {
		int64_t n;
		if (code == NULL && json_to_i64(x, &n) && n == id)
			return true;
		if (code != NULL && json_is_string(x) && strcmp(json_string_value(x), code) == 0)
			return true;
	}
	return false;
}

static bool contains_ci(const char *hay, const char *needle)
{
	if (*needle == '\0')
		return true;
	size_t n = strlen(needle);
	for (const char *p = hay; *p; p++)
		if (strncasecmp(p, needle, n) == 0)
			return true;
	return false;
}

int h_apps_get(struct req *r, struct res *s)
{
	json_t *ids = json_object_get(r->params, "ids"), *codes = json_object_get(r->params, "codes");
	json_t *spaces = json_object_get(r->params, "spaceIds");
	const char *name;
	int64_t limit, offset;
	if (param_str(r, r->params, "name", "", &name) != 0 ||
	    param_int(r, r->params, "limit", 100, &limit) != 0 ||
	    param_int(r, r->params, "offset", 0, &offset) != 0)
		return -1;
	if (limit < 1 || limit > 100)
		return err_field(&r->err, "limit", FM_TEXT, "1 - 100");
	if (offset < 0)
		return err_field(&r->err, "offset", FM_INVALID, NULL);
	if (json_array_size(ids) > 100 || json_array_size(codes) > 100)
		return err_field(&r->err, json_array_size(ids) > 100 ? "ids" : "codes", FM_TOO_MANY, "100");
	struct app_row *apps;
	size_t n;
	if (store_app_list(store_thread(), r->arena, &apps, &n, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_key(&s->w, "apps");
	jsonw_arr(&s->w);
	int64_t skipped = 0, shown = 0;
	for (size_t i = 0; i < n && shown < limit; i++) {
		const struct app_row *a = &apps[i];
		if (!listed(ids, a->id, NULL) || !listed(codes, 0, a->code) || !contains_ci(a->name, name))
			continue;
		if (json_array_size(spaces) > 0)
			continue;	/* no app lives in a space (spaces are not available yet) */
		bool visible;
		if (a->live_revision > 0) {
			const struct app_ctx *c;
			struct err saved = r->err;
			visible = appctx_get(r, a->id, &c) == 0 &&
				  (appctx_rights(c, &r->who) & (RIGHT_VIEW | RIGHT_MANAGE)) != 0;
			r->err = saved;
		} else {
			visible = r->who.kind != AK_TOKEN &&
				  (r->who.admin || a->creator_id == r->who.user_id);
		}
		if (!visible)
			continue;
		if (skipped++ < offset)
			continue;
		app_json(&s->w, a);
		shown++;
	}
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

/* App names: 1..64 characters, no control characters. */
static int check_name(struct req *r, const char *key, const char *name)
{
	size_t n = strlen(name);
	if (n == 0)
		return err_field(&r->err, key, FM_REQUIRED_PARAM, NULL);
	if (utf8_count(name, n) > 64)
		return err_field(&r->err, key, FM_TOO_LONG, "64");
	for (const char *p = name; *p; p++)
		if ((unsigned char)*p < 0x20)
			return err_field(&r->err, key, FM_INVALID, NULL);
	return 0;
}

int h_app_create(struct req *r, struct res *s)
{
	const char *name;
	if (!r->who.can_create_apps)
		return err_set(&r->err, E_NO_PERMISSION, NULL);
	if (param_str(r, r->params, "name", "", &name) != 0 || check_name(r, "name", name) != 0)
		return -1;
	json_t *space = json_object_get(r->params, "space");
	if (space != NULL && !json_is_null(space))
		return err_field(&r->err, "space", FM_UNSUPPORTED, "space");
	char now[21];
	time_fmt_utc(r->now, now);
	json_t *props = props_initial(r->lang);
	json_t *layout = layout_initial();
	json_t *settings = json_pack("{s:s,s:s,s:{s:s,s:s},s:s}", "name", name, "description", "",
				     "icon", "type", "PRESET", "key", "APP72", "theme", "WHITE");
	json_t *acl = acl_initial();
	char *tp = json_dumps(props, JSON_COMPACT), *tl = json_dumps(layout, JSON_COMPACT);
	char *ts = json_dumps(settings, JSON_COMPACT), *ta = json_dumps(acl, JSON_COMPACT);
	struct app_form f = {tp, tl, ts, ta, "{}"};
	struct app_row row = {0};
	row.name = name;
	row.creator_id = r->who.user_id;
	row.created_at = now;
	row.next_col = 1;
	int rc = store_app_create(store_thread(), &row, &f, &r->err);
	free(tp);
	free(tl);
	free(ts);
	free(ta);
	json_decref(props);
	json_decref(layout);
	json_decref(settings);
	json_decref(acl);
	if (rc != 0)
		return -1;
	audit_app(r, row.id);
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "app", row.id);
	jsonw_kint_str(&s->w, "revision", 1);
	jsonw_obj_end(&s->w);
	return 0;
}

static int settings_out(struct req *r, struct res *s, int64_t app_id, const char *stage)
{
	struct preview p;
	if (preview_load(r, app_id, stage, &p) != 0)
		return -1;
	jsonw_obj(&s->w);
	const char *k;
	json_t *v;
	json_object_foreach(p.settings, k, v) {
		char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		jsonw_key(&s->w, k);
		jsonw_raw(&s->w, text, strlen(text));
		free(text);
	}
	/* kintone's record-comment switch; on unless the app turned it off. */
	if (json_object_get(p.settings, "enableComments") == NULL)
		jsonw_kbool(&s->w, "enableComments", true);
	jsonw_kint_str(&s->w, "revision", strcmp(stage, "live") == 0 ? p.row.live_revision
								       : p.row.preview_revision);
	jsonw_obj_end(&s->w);
	preview_free(&p);
	return 0;
}

int h_app_settings_get(struct req *r, struct res *s)
{
	return settings_out(r, s, r->app->id, "live");
}

int h_preview_settings_get(struct req *r, struct res *s)
{
	int64_t app_id;
	if (param_id(r, r->params, "app", &app_id) != 0)
		return -1;
	return settings_out(r, s, app_id, "preview");
}

int h_preview_settings_put(struct req *r, struct res *s)
{
	int64_t app_id, expect;
	struct preview p;
	if (param_id(r, r->params, "app", &app_id) != 0 || preview_revision_param(r, &expect) != 0)
		return -1;
	if (preview_load(r, app_id, "preview", &p) != 0)
		return -1;
	const char *name, *desc, *theme;
	int rc = -1;
	if (param_str(r, r->params, "name", NULL, &name) != 0 ||
	    param_str(r, r->params, "description", NULL, &desc) != 0 ||
	    param_str(r, r->params, "theme", NULL, &theme) != 0)
		goto out;
	if (name && check_name(r, "name", name) != 0)
		goto out;
	if (desc && strlen(desc) > 10000) {
		err_field(&r->err, "description", FM_TOO_LONG, "10000");
		goto out;
	}
	if (name)
		json_object_set_new(p.settings, "name", json_string(name));
	if (desc)
		json_object_set_new(p.settings, "description", json_string(desc));
	if (theme)
		json_object_set_new(p.settings, "theme", json_string(theme));
	json_t *comments = json_object_get(r->params, "enableComments");
	if (comments != NULL && !json_is_null(comments)) {
		if (!json_is_boolean(comments)) {
			err_field(&r->err, "enableComments", FM_TYPE, "boolean");
			goto out;
		}
		json_object_set_new(p.settings, "enableComments", json_boolean(json_is_true(comments)));
	}
	json_t *icon = json_object_get(r->params, "icon");
	if (icon != NULL) {
		const char *type = json_string_value(json_object_get(icon, "type"));
		const char *key = json_string_value(json_object_get(icon, "key"));
		if (type == NULL || strcmp(type, "PRESET") != 0 || key == NULL || strlen(key) > 32) {
			err_field(&r->err, "icon", FM_UNSUPPORTED, "FILE icons");
			goto out;
		}
		json_object_set_new(p.settings, "icon", json_pack("{s:s,s:s}", "type", "PRESET", "key", key));
	}
	int64_t rev;
	rc = preview_save(r, &p, expect, &rev);
	if (rc == 0)
		revision_out(s, rev);
out:
	preview_free(&p);
	return rc;
}

int h_app_rights(struct req *r, struct res *s)
{
	unsigned have = appctx_rights(r->app, &r->who);
	jsonw_obj(&s->w);
	jsonw_kbool(&s->w, "view", have & RIGHT_VIEW);
	jsonw_kbool(&s->w, "add", have & RIGHT_ADD);
	jsonw_kbool(&s->w, "edit", have & RIGHT_EDIT);
	jsonw_kbool(&s->w, "delete", have & RIGHT_DELETE);
	jsonw_kbool(&s->w, "manage", have & RIGHT_MANAGE);
	jsonw_kbool(&s->w, "export", have & RIGHT_EXPORT);
	jsonw_obj_end(&s->w);
	return 0;
}
