/* preview: the preview form as JSON values (see preview.h). */
#include "http/handlers/preview.h"
#include "core/timeutil.h"
#include "fields/property.h"
#include "http/params.h"
#include "store/store.h"

#include <string.h>

static json_t *parse(const char *text)
{
	json_error_t je;
	return text ? json_loads(text, 0, &je) : NULL;
}

int preview_load(struct req *r, int64_t app_id, const char *stage, struct preview *p)
{
	struct store *st = store_thread();
	struct app_form f;
	memset(p, 0, sizeof *p);
	if (store_app_get(st, r->arena, app_id, &p->row, &r->err) != 0 ||
	    store_app_form(st, r->arena, app_id, stage, &f, &r->err) != 0)
		return -1;
	p->props = parse(f.properties);
	p->layout = parse(f.layout);
	p->settings = parse(f.settings);
	p->acl = parse(f.acl);
	p->views = parse(f.views);
	if (!p->props || !p->layout || !p->settings || !p->acl || !p->views) {
		preview_free(p);
		return err_set(&r->err, E_INTERNAL, NULL);
	}
	return 0;
}

void preview_free(struct preview *p)
{
	json_decref(p->props);
	json_decref(p->layout);
	json_decref(p->settings);
	json_decref(p->acl);
	json_decref(p->views);
	p->props = p->layout = p->settings = p->acl = p->views = NULL;
}

int preview_save(struct req *r, struct preview *p, int64_t expect, int64_t *rev)
{
	char now[21];
	struct app_form f;
	layout_sync(p->layout, p->props);
	time_fmt_utc(r->now, now);
	char *props = json_dumps(p->props, JSON_COMPACT);
	char *layout = json_dumps(p->layout, JSON_COMPACT);
	char *settings = json_dumps(p->settings, JSON_COMPACT);
	char *acl = json_dumps(p->acl, JSON_COMPACT);
	char *views = json_dumps(p->views, JSON_COMPACT);
	f.properties = props;
	f.layout = layout;
	f.settings = settings;
	f.acl = acl;
	f.views = views;
	int rc = store_app_save_preview(store_thread(), p->row.id, &f, p->row.next_col,
					r->who.user_id, now, expect, rev, &r->err);
	free(props);
	free(layout);
	free(settings);
	free(acl);
	free(views);
	return rc;
}

int preview_part_out(struct req *r, struct res *s, int64_t app_id, const char *stage,
		     enum preview_part part)
{
	static const char *const keys[] = {"properties", "layout", "views", "rights"};
	struct preview p;
	if (preview_load(r, app_id, stage, &p) != 0)
		return -1;
	json_t *v = part == PART_PROPERTIES ? props_public(p.props)
		  : json_incref(part == PART_LAYOUT ? p.layout : part == PART_VIEWS ? p.views : p.acl);
	char *text = json_dumps(v, JSON_COMPACT);
	jsonw_obj(&s->w);
	jsonw_key(&s->w, keys[part]);
	jsonw_raw(&s->w, text, strlen(text));
	jsonw_kint_str(&s->w, "revision", strcmp(stage, "live") == 0 ? p.row.live_revision
								       : p.row.preview_revision);
	jsonw_obj_end(&s->w);
	free(text);
	json_decref(v);
	preview_free(&p);
	return 0;
}

void revision_out(struct res *s, int64_t rev)
{
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "revision", rev);
	jsonw_obj_end(&s->w);
}

int preview_revision_param(struct req *r, int64_t *out)
{
	return param_int(r, r->params, "revision", -1, out);
}

json_t *acl_initial(void)
{
	return json_pack("[{s:{s:s,s:n},s:b,s:b,s:b,s:b,s:b,s:b,s:b,s:b}]", "entity", "type",
			 "CREATOR", "code", "includeSubs", 0, "appEditable", 1, "recordViewable",
			 1, "recordAddable", 1, "recordEditable", 1, "recordDeletable", 1,
			 "recordImportable", 1, "recordExportable", 1);
}

void app_json(struct jsonw *w, const struct app_row *row)
{
	jsonw_obj(w);
	jsonw_kint_str(w, "appId", row->id);
	jsonw_kstr(w, "code", row->code ? row->code : "");
	jsonw_kstr(w, "name", row->name);
	jsonw_kstr(w, "description", row->description ? row->description : "");
	jsonw_knull(w, "spaceId");
	jsonw_knull(w, "threadId");
	jsonw_kstr(w, "createdAt", row->created_at);
	jsonw_key(w, "creator");
	jsonw_obj(w);
	jsonw_kstr(w, "code", row->creator_code ? row->creator_code : "");
	jsonw_kstr(w, "name", row->creator_name ? row->creator_name : "");
	jsonw_obj_end(w);
	jsonw_kstr(w, "modifiedAt", row->modified_at);
	jsonw_key(w, "modifier");
	jsonw_obj(w);
	jsonw_kstr(w, "code", row->modifier_code ? row->modifier_code : "");
	jsonw_kstr(w, "name", row->modifier_name ? row->modifier_name : "");
	jsonw_obj_end(w);
	jsonw_obj_end(w);
}
