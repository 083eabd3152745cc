/*
 * layout: the form layout (rows of fields) kept in step with the field definitions.
 *
 * kintone's layout is a list of rows: {"type":"ROW","fields":[...]} and
 * {"type":"SUBTABLE","code":...,"fields":[...]}. Decorative elements (LABEL, SPACER,
 * HR) may sit in a ROW. Fields not placed by the client are appended as new rows, and
 * fields that no longer exist are taken out, so the layout always shows every field
 * exactly once.
 */
#include "fields/property.h"

#include <stdio.h>
#include <string.h>

json_t *layout_initial(void)
{
	return json_array();
}

/* True when layout places the top-level field code (in a ROW or as a SUBTABLE row). */
static bool placed(json_t *layout, const char *code)
{
	size_t i, j;
	json_t *row, *f;
	json_array_foreach(layout, i, row) {
		const char *rt = json_string_value(json_object_get(row, "type"));
		if (rt && strcmp(rt, "SUBTABLE") == 0) {
			const char *c = json_string_value(json_object_get(row, "code"));
			if (c && strcmp(c, code) == 0)
				return true;
			continue;
		}
		json_array_foreach(json_object_get(row, "fields"), j, f) {
			const char *c = json_string_value(json_object_get(f, "code"));
			if (c && strcmp(c, code) == 0)
				return true;
		}
	}
	return false;
}

static json_t *field_item(const char *type, const char *code)
{
	json_t *it = json_pack("{s:s,s:s,s:{}}", "type", type, "code", code, "size");
	if (strcmp(type, "MULTI_LINE_TEXT") == 0 || strcmp(type, "RICH_TEXT") == 0)
		json_object_set_new(it, "size", json_pack("{s:s,s:s}", "width", "", "innerHeight", ""));
	return it;
}

static bool is_decoration(const char *type)
{
	return type && (strcmp(type, "LABEL") == 0 || strcmp(type, "SPACER") == 0 ||
			strcmp(type, "HR") == 0);
}

void layout_sync(json_t *layout, json_t *props)
{
	/* Drop what no longer exists. */
	for (size_t i = 0; i < json_array_size(layout);) {
		json_t *row = json_array_get(layout, i);
		const char *rt = json_string_value(json_object_get(row, "type"));
		json_t *fields = json_object_get(row, "fields");
		json_t *within = props;
		if (rt && strcmp(rt, "SUBTABLE") == 0) {
			json_t *tp = json_object_get(props, json_string_value(json_object_get(row, "code")));
			if (tp == NULL || json_object_get(tp, "fields") == NULL) {
				json_array_remove(layout, i);
				continue;
			}
			within = json_object_get(tp, "fields");
		}
		for (size_t j = 0; j < json_array_size(fields);) {
			json_t *f = json_array_get(fields, j);
			const char *ft = json_string_value(json_object_get(f, "type"));
			const char *c = json_string_value(json_object_get(f, "code"));
			json_t *p = c ? json_object_get(within, c) : NULL;
			if (is_decoration(ft) && within == props) {
				j++;
				continue;
			}
			if (p == NULL || json_object_get(p, "fields") != NULL) {
				json_array_remove(fields, j);
				continue;
			}
			json_object_set(f, "type", json_object_get(p, "type"));
			j++;
		}
		if (json_array_size(fields) == 0 && !(rt && strcmp(rt, "SUBTABLE") == 0)) {
			json_array_remove(layout, i);
			continue;
		}
		i++;
	}
	/* Add what is missing. */
	const char *k;
	json_t *p;
	json_object_foreach(props, k, p) {
		const char *type = json_string_value(json_object_get(p, "type"));
		json_t *inner = json_object_get(p, "fields");
		if (field_type_is_system(field_type_from_name(type)))
			continue;
		if (inner == NULL) {
			if (!placed(layout, k))
				json_array_append_new(layout, json_pack("{s:s,s:[o]}", "type", "ROW", "fields",
									field_item(type, k)));
			continue;
		}
		json_t *row = NULL;
		size_t i;
		json_t *r;
		json_array_foreach(layout, i, r) {
			const char *rt = json_string_value(json_object_get(r, "type"));
			const char *c = json_string_value(json_object_get(r, "code"));
			if (rt && c && strcmp(rt, "SUBTABLE") == 0 && strcmp(c, k) == 0)
				row = r;
		}
		if (row == NULL) {
			row = json_pack("{s:s,s:s,s:[]}", "type", "SUBTABLE", "code", k, "fields");
			json_array_append_new(layout, row);
		}
		const char *ik;
		json_t *ip;
		json_object_foreach(inner, ik, ip) {
			bool found = false;
			size_t j;
			json_t *f;
			json_array_foreach(json_object_get(row, "fields"), j, f) {
				const char *c = json_string_value(json_object_get(f, "code"));
				if (c && strcmp(c, ik) == 0)
					found = true;
			}
			if (!found)
				json_array_append_new(json_object_get(row, "fields"),
						      field_item(json_string_value(json_object_get(ip, "type")), ik));
		}
	}
}

void layout_rename(json_t *layout, const char *from, const char *to)
{
	size_t i, j;
	json_t *row, *f;
	json_array_foreach(layout, i, row) {
		const char *c = json_string_value(json_object_get(row, "code"));
		if (c && strcmp(c, from) == 0)
			json_object_set_new(row, "code", json_string(to));
		json_array_foreach(json_object_get(row, "fields"), j, f) {
			c = json_string_value(json_object_get(f, "code"));
			if (c && strcmp(c, from) == 0)
				json_object_set_new(f, "code", json_string(to));
		}
	}
}

static int lerr(struct err *e, size_t row, const char *what, enum fmsg m, const char *arg)
{
	char key[96];
	snprintf(key, sizeof key, "layout[%zu].%s", row, what);
	return err_field(e, key, m, arg);
}

int layout_validate(json_t *in, json_t *props, struct err *e)
{
	if (!json_is_array(in))
		return err_field(e, "layout", FM_TYPE, "array");
	if (json_array_size(in) > 1000)
		return err_field(e, "layout", FM_TOO_MANY, "1000");
	json_t *seen = json_object();
	size_t i, j;
	json_t *row, *f;
	int rc = 0;
	json_array_foreach(in, i, row) {
		const char *rt = json_string_value(json_object_get(row, "type"));
		json_t *fields = json_object_get(row, "fields");
		json_t *within = props;
		if (rt == NULL || (strcmp(rt, "ROW") != 0 && strcmp(rt, "SUBTABLE") != 0)) {
			rc = lerr(e, i, "type", rt && strcmp(rt, "GROUP") == 0 ? FM_UNSUPPORTED : FM_ENUM,
				  "GROUP");
			break;
		}
		if (!json_is_array(fields)) {
			rc = lerr(e, i, "fields", FM_TYPE, "array");
			break;
		}
		if (strcmp(rt, "SUBTABLE") == 0) {
			const char *c = json_string_value(json_object_get(row, "code"));
			json_t *tp = c ? json_object_get(props, c) : NULL;
			if (tp == NULL || json_object_get(tp, "fields") == NULL || json_object_get(seen, c)) {
				rc = lerr(e, i, "code", FM_INVALID, NULL);
				break;
			}
			json_object_set_new(seen, c, json_true());
			within = json_object_get(tp, "fields");
		}
		json_array_foreach(fields, j, f) {
			char what[64];
			const char *ft = json_string_value(json_object_get(f, "type"));
			const char *c = json_string_value(json_object_get(f, "code"));
			snprintf(what, sizeof what, "fields[%zu]", j);
			if (!json_is_object(f) || ft == NULL) {
				rc = lerr(e, i, what, FM_INVALID, NULL);
				break;
			}
			if (is_decoration(ft) && within == props)
				continue;
			json_t *p = c ? json_object_get(within, c) : NULL;
			const char *pt = p ? json_string_value(json_object_get(p, "type")) : NULL;
			if (p == NULL || strcmp(pt, ft) != 0 || strcmp(pt, "SUBTABLE") == 0 ||
			    json_object_get(seen, c)) {
				rc = lerr(e, i, what, FM_INVALID, NULL);
				break;
			}
			json_object_set_new(seen, c, json_true());
		}
		if (rc != 0)
			break;
	}
	json_decref(seen);
	return rc;
}
