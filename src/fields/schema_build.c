/*
 * schema_build: turning a stored form (properties + layout JSON) into the immutable
 * struct schema that queries, the record codec and the store read.
 *
 * Field order follows the layout (rows top to bottom, a SUBTABLE followed by its inner
 * fields), then fields the layout does not place (the system fields, usually).
 */
#include "fields/property.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/jsonw.h"
#include "core/strutil.h"
#include "core/xalloc.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

struct schema_box {
	struct arena arena;	/* owns every string and array of the schema */
	struct schema s;
	size_t cap;		/* capacity of s.fields */
};

static const char *str_or(struct arena *a, json_t *o, const char *k, const char *def)
{
	const char *v = json_string_value(json_object_get(o, k));
	return arena_strdup(a, v ? v : def);
}

static bool bool_of(json_t *o, const char *k)
{
	return json_is_true(json_object_get(o, k));
}

static int64_t int_or(json_t *o, const char *k, int64_t def)
{
	const char *v = json_string_value(json_object_get(o, k));
	int64_t x;
	return v && *v && str_to_i64(v, &x) ? x : def;
}

static const char *dec_or_null(struct arena *a, json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));
	return v && *v ? arena_strdup(a, v) : NULL;
}

/* Appends the field `code` (with property p) unless already present; returns its index. */
static int add(struct schema_box *b, const char *code, json_t *p, int parent, struct err *e)
{
	struct arena *a = &b->arena;
	struct schema *s = &b->s;
	for (size_t i = 0; i < s->n_fields; i++)
		if (strcmp(s->fields[i].code, code) == 0)
			return (int)i;
	enum field_type t = field_type_from_name(json_string_value(json_object_get(p, "type")) ?: "");
	if (t == FT_NONE) {
		err_set(e, E_INTERNAL, NULL);
		return -1;
	}
	s->fields = arena_room(a, s->fields, s->n_fields, &b->cap, sizeof *s->fields);
	struct field_def *f = &s->fields[s->n_fields];
	memset(f, 0, sizeof *f);
	f->code = arena_strdup(a, code);
	f->label = str_or(a, p, "label", code);
	f->type = t;
	f->parent = parent;
	f->column = t == FT_SUBTABLE ? NULL : str_or(a, p, "_col", "");
	f->table = t == FT_SUBTABLE ? str_or(a, p, "_table", "") : NULL;
	f->no_label = bool_of(p, "noLabel");
	f->required = bool_of(p, "required");
	f->unique = bool_of(p, "unique");
	f->min_length = int_or(p, "minLength", -1);
	f->max_length = int_or(p, "maxLength", -1);
	f->min_value = dec_or_null(a, p, "minValue");
	f->max_value = dec_or_null(a, p, "maxValue");
	f->digit = bool_of(p, "digit");
	f->display_scale = (int)int_or(p, "displayScale", -1);
	f->unit = str_or(a, p, "unit", "");
	f->unit_position = str_or(a, p, "unitPosition", "BEFORE");
	f->default_now = bool_of(p, "defaultNowValue");
	f->align = str_or(a, p, "align", "HORIZONTAL");
	f->protocol = str_or(a, p, "protocol", "WEB");
	f->thumbnail_size = str_or(a, p, "thumbnailSize", "150");
	struct buf pre;
	buf_init(&pre, 0);
	json_quote(&pre, f->code, strlen(f->code));
	buf_printf(&pre, ":{\"type\":\"%s\",\"value\":", field_type_name(t));
	f->json_prefix = arena_strdup(a, buf_str(&pre));
	buf_free(&pre);
	json_t *dv = json_object_get(p, "defaultValue");
	f->default_text = arena_strdup(a, json_is_string(dv) ? json_string_value(dv) : "");
	if (json_is_array(dv) && json_array_size(dv) > 0) {
		size_t i;
		json_t *x;
		f->default_list = arena_alloc(a, json_array_size(dv) * sizeof *f->default_list);
		json_array_foreach(dv, i, x) {
			const char *v = json_is_string(x) ? json_string_value(x)
							  : json_string_value(json_object_get(x, "code"));
			if (v)
				f->default_list[f->n_default_list++] = arena_strdup(a, v);
		}
	}
	json_t *opts = json_object_get(p, "options");
	if (json_is_object(opts) && json_object_size(opts) > 0) {
		const char *k;
		json_t *o;
		f->options = arena_alloc(a, json_object_size(opts) * sizeof *f->options);
		json_object_foreach(opts, k, o) {
			struct field_option *op = &f->options[f->n_options++];
			op->name = arena_strdup(a, k);
			op->label = str_or(a, o, "label", k);
			op->index = (int)int_or(o, "index", 0);
		}
	}
	return (int)s->n_fields++;
}

/* Adds a SUBTABLE and its inner fields in the given order (NULL: property order). */
static int add_table(struct schema_box *b, const char *code, json_t *p, json_t *order,
		     struct err *e)
{
	int ti = add(b, code, p, -1, e);
	if (ti < 0)
		return -1;
	json_t *inner = json_object_get(p, "fields");
	size_t i;
	json_t *f;
	json_array_foreach(order, i, f) {
		const char *c = json_string_value(json_object_get(f, "code"));
		json_t *ip = c ? json_object_get(inner, c) : NULL;
		if (ip && add(b, c, ip, ti, e) < 0)
			return -1;
	}
	const char *k;
	json_t *ip;
	json_object_foreach(inner, k, ip)
		if (add(b, k, ip, ti, e) < 0)
			return -1;
	return 0;
}

struct schema *schema_build(json_t *props, json_t *layout, int64_t app_id, int64_t revision,
			    const char *app_code, struct err *e)
{
	struct schema_box *b = xcalloc(sizeof *b);
	arena_init(&b->arena, 0);
	b->s.app_id = app_id;
	b->s.revision = revision;
	b->s.table = arena_printf(&b->arena, "app_%lld", (long long)app_id);
	b->s.app_code = arena_strdup(&b->arena, app_code ? app_code : "");
	size_t i, j;
	json_t *row, *f;
	json_array_foreach(layout, i, row) {
		const char *rt = json_string_value(json_object_get(row, "type"));
		if (rt && strcmp(rt, "SUBTABLE") == 0) {
			const char *c = json_string_value(json_object_get(row, "code"));
			json_t *p = c ? json_object_get(props, c) : NULL;
			if (p && add_table(b, c, p, json_object_get(row, "fields"), e) != 0)
				goto fail;
			continue;
		}
		json_array_foreach(json_object_get(row, "fields"), j, f) {
			const char *c = json_string_value(json_object_get(f, "code"));
			json_t *p = c ? json_object_get(props, c) : NULL;
			if (p == NULL)
				continue;
			if (json_object_get(p, "fields") ? add_table(b, c, p, NULL, e) != 0
							 : add(b, c, p, -1, e) < 0)
				goto fail;
		}
	}
	const char *k;
	json_t *p;
	json_object_foreach(props, k, p) {
		if (json_object_get(p, "fields") ? add_table(b, k, p, NULL, e) != 0
						 : add(b, k, p, -1, e) < 0)
			goto fail;
	}
	return &b->s;
fail:
	arena_destroy(&b->arena);
	free(b);
	return NULL;
}

void schema_free(struct schema *s)
{
	if (s == NULL)
		return;
	struct schema_box *b = (struct schema_box *)((char *)s - offsetof(struct schema_box, s));
	arena_destroy(&b->arena);
	free(b);
}
