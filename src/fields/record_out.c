/*
 * record_out: writing stored records as kintone returns them, and the field masks of
 * the "fields" parameter (see record.h).
 *
 * Cells come from the store already in the API's form: plain text for scalar types,
 * JSON for CREATOR/MODIFIER and the list types (which are written through unchanged).
 */
#include "fields/record.h"
#include "core/arena.h"

#include <string.h>

bool *mask_from_json(struct arena *a, const struct schema *s, json_t *fields)
{
	if (fields == NULL || json_is_null(fields) || !json_is_array(fields))
		return NULL;
	bool *m = arena_alloc(a, (s->n_fields + 2) * sizeof *m);
	size_t i;
	json_t *c;
	json_array_foreach(fields, i, c) {
		const char *code = json_string_value(c);
		if (code == NULL)
			continue;
		if (strcmp(code, "$id") == 0) {
			m[s->n_fields + MASK_ID] = true;
			continue;
		}
		if (strcmp(code, "$revision") == 0) {
			m[s->n_fields + MASK_REVISION] = true;
			continue;
		}
		const struct field_def *f = schema_find(s, code);
		if (f == NULL || f->parent >= 0)
			continue;
		size_t fi = (size_t)schema_index(s, f);
		m[fi] = true;
		if (f->type == FT_SUBTABLE)
			for (size_t k = 0; k < s->n_fields; k++)
				if (s->fields[k].parent == (int)fi)
					m[k] = true;
	}
	return m;
}

bool mask_has(const struct schema *s, const bool *mask, size_t i)
{
	(void)s;
	return mask == NULL || mask[i];
}

bool mask_has_meta(const struct schema *s, const bool *mask, int which)
{
	return mask == NULL || mask[s->n_fields + which];
}

/* Writes {"type":T,"value":V} for one field. */
static void field_out(struct jsonw *w, const struct schema *s, const struct field_def *f,
		      const char *cell, const struct rec_row *r)
{
	jsonw_obj(w);
	jsonw_kstr(w, "type", field_type_name(f->type));
	jsonw_key(w, "value");
	switch (f->type) {
	case FT_RECORD_NUMBER:
		if (s->app_code[0] != '\0') {
			char buf[128];
			snprintf(buf, sizeof buf, "%s-%s", s->app_code, cell ? cell : "");
			jsonw_str(w, buf);
		} else {
			jsonw_str(w, cell ? cell : "");
		}
		break;
	case FT_CREATOR:
	case FT_MODIFIER:
	case FT_CHECK_BOX:
	case FT_MULTI_SELECT:
	case FT_USER_SELECT:
	case FT_FILE:
		if (cell == NULL)
			jsonw_raw(w, f->type == FT_CREATOR || f->type == FT_MODIFIER ? "null" : "[]",
				  f->type == FT_CREATOR || f->type == FT_MODIFIER ? 4 : 2);
		else
			jsonw_raw(w, cell, strlen(cell));
		break;
	case FT_RADIO_BUTTON:
	case FT_DROP_DOWN:
	case FT_DATE:
	case FT_TIME:
		jsonw_str(w, cell);	/* NULL -> null */
		break;
	case FT_SUBTABLE: {
		size_t ti = (size_t)schema_index(s, f);
		jsonw_arr(w);
		for (size_t i = 0; r->subs && i < r->n_subs[ti]; i++) {
			const struct sub_row *sr = &r->subs[ti][i];
			jsonw_obj(w);
			jsonw_kint_str(w, "id", sr->id);
			jsonw_key(w, "value");
			jsonw_obj(w);
			for (size_t k = 0; k < s->n_fields; k++) {
				if (s->fields[k].parent != (int)ti)
					continue;
				jsonw_key(w, s->fields[k].code);
				field_out(w, s, &s->fields[k], sr->cells[k], r);
			}
			jsonw_obj_end(w);
			jsonw_obj_end(w);
		}
		jsonw_arr_end(w);
		break;
	}
	default:
		jsonw_str(w, cell ? cell : "");
	}
	jsonw_obj_end(w);
}

void record_out(struct jsonw *w, const struct schema *s, const struct rec_row *r,
		const bool *mask)
{
	jsonw_obj(w);
	for (size_t i = 0; i < s->n_fields; i++) {
		const struct field_def *f = &s->fields[i];
		if (f->parent >= 0 || !mask_has(s, mask, i))
			continue;
		jsonw_key(w, f->code);
		field_out(w, s, f, r->cells[i], r);
	}
	if (mask_has_meta(s, mask, MASK_ID)) {
		jsonw_key(w, "$id");
		jsonw_obj(w);
		jsonw_kstr(w, "type", "__ID__");
		jsonw_kint_str(w, "value", r->id);
		jsonw_obj_end(w);
	}
	if (mask_has_meta(s, mask, MASK_REVISION)) {
		jsonw_key(w, "$revision");
		jsonw_obj(w);
		jsonw_kstr(w, "type", "__REVISION__");
		jsonw_kint_str(w, "value", r->revision);
		jsonw_obj_end(w);
	}
	jsonw_obj_end(w);
}
