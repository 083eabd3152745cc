/* form: an app's form fields and layout, live and preview (app/form/fields.json, layout.json). */
#include "http/handlers/handlers.h"
#include "fields/property.h"
#include "http/appctx.h"
#include "http/handlers/preview.h"
#include "http/params.h"

#include <stdlib.h>
#include <string.h>

int h_fields_get(struct req *r, struct res *s)
{
	return preview_part_out(r, s, r->app->id, "live", PART_PROPERTIES);
}

int h_layout_get(struct req *r, struct res *s)
{
	return preview_part_out(r, s, r->app->id, "live", PART_LAYOUT);
}

static int app_param(struct req *r, int64_t *id)
{
	return param_id(r, r->params, "app", id);
}

int h_preview_fields_get(struct req *r, struct res *s)
{
	int64_t id;
	return app_param(r, &id) != 0 ? -1 : preview_part_out(r, s, id, "preview", PART_PROPERTIES);
}

int h_preview_layout_get(struct req *r, struct res *s)
{
	int64_t id;
	return app_param(r, &id) != 0 ? -1 : preview_part_out(r, s, id, "preview", PART_LAYOUT);
}

/* Loads the preview, applies `change`, saves. */
static int change_form(struct req *r, struct res *s,
		       int (*change)(struct req *r, struct preview *p, struct col_alloc *cols))
{
	int64_t id, expect;
	struct preview p;
	if (app_param(r, &id) != 0 || preview_revision_param(r, &expect) != 0)
		return -1;
	if (preview_load(r, id, "preview", &p) != 0)
		return -1;
	struct col_alloc cols = {id, p.row.next_col};
	int rc = change(r, &p, &cols);
	if (rc == 0) {
		int64_t rev;
		p.row.next_col = cols.next;
		rc = preview_save(r, &p, expect, &rev);
		if (rc == 0)
			revision_out(s, rev);
	}
	preview_free(&p);
	return rc;
}

static int add_fields(struct req *r, struct preview *p, struct col_alloc *cols)
{
	return props_add(p->props, json_object_get(r->params, "properties"), cols, &r->err);
}

/* Follows code renames into the layout. */
static void renames(json_t *layout, json_t *incoming)
{
	const char *k;
	json_t *v;
	json_object_foreach(incoming, k, v) {
		const char *nc = json_string_value(json_object_get(v, "code"));
		if (nc && strcmp(nc, k) != 0)
			layout_rename(layout, k, nc);
		json_t *inner = json_object_get(v, "fields");
		if (json_is_object(inner))
			renames(layout, inner);
	}
}

static int update_fields(struct req *r, struct preview *p, struct col_alloc *cols)
{
	json_t *in = json_object_get(r->params, "properties");
	if (props_update(p->props, in, cols, &r->err) != 0)
		return -1;
	renames(p->layout, in);
	return 0;
}

static int delete_fields(struct req *r, struct preview *p, struct col_alloc *cols)
{
	(void)cols;
	return props_delete(p->props, json_object_get(r->params, "fields"), &r->err);
}

static int put_layout(struct req *r, struct preview *p, struct col_alloc *cols)
{
	json_t *in = json_object_get(r->params, "layout");
	(void)cols;
	if (in == NULL)
		return err_field(&r->err, "layout", FM_REQUIRED_PARAM, NULL);
	if (layout_validate(in, p->props, &r->err) != 0)
		return -1;
	json_decref(p->layout);
	p->layout = json_deep_copy(in);
	return 0;
}

int h_preview_fields_add(struct req *r, struct res *s)
{
	return change_form(r, s, add_fields);
}

int h_preview_fields_update(struct req *r, struct res *s)
{
	return change_form(r, s, update_fields);
}

int h_preview_fields_delete(struct req *r, struct res *s)
{
	return change_form(r, s, delete_fields);
}

int h_preview_layout_put(struct req *r, struct res *s)
{
	return change_form(r, s, put_layout);
}
