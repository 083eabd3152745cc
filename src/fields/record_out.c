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

/* Writes the value of one field (after its prefix, see field_def.json_prefix). */
static void value_out(struct buf *b, const struct schema *s, const struct field_def *f,
		      const char *cell, const struct rec_row *r)
{
	switch (f->type) {
	case FT_RECORD_NUMBER:
		buf_putc(b, '"');
		if (s->app_code[0] != '\0') {
			buf_puts(b, s->app_code);
			buf_putc(b, '-');
		}
		buf_puts(b, cell ? cell : "");
		buf_putc(b, '"');
		break;
	case FT_CREATOR:
	case FT_MODIFIER:
		buf_puts(b, cell ? cell : "null");
		break;
	case FT_CHECK_BOX:
	case FT_MULTI_SELECT:
	case FT_USER_SELECT:
	case FT_FILE:
		buf_puts(b, cell ? cell : "[]");	/* JSON arrays made by the store */
		break;
	case FT_RADIO_BUTTON:
	case FT_DROP_DOWN:
	case FT_DATE:
	case FT_TIME:
		if (cell)
			json_quote(b, cell, strlen(cell));
		else
			buf_put(b, "null", 4);
		break;
	case FT_SUBTABLE: {
		size_t ti = (size_t)schema_index(s, f);
		buf_putc(b, '[');
		for (size_t i = 0; r->subs && i < r->n_subs[ti]; i++) {
			const struct sub_row *sr = &r->subs[ti][i];
			if (i)
				buf_putc(b, ',');
			buf_puts(b, "{\"id\":\"");
			buf_int(b, sr->id);
			buf_puts(b, "\",\"value\":{");
			bool first = true;
			for (size_t k = 0; k < s->n_fields; k++) {
				if (s->fields[k].parent != (int)ti)
					continue;
				if (!first)
					buf_putc(b, ',');
				first = false;
				buf_puts(b, s->fields[k].json_prefix);
				value_out(b, s, &s->fields[k], sr->cells[k], r);
				buf_putc(b, '}');
			}
			buf_puts(b, "}}");
		}
		buf_putc(b, ']');
		break;
	}
	default:
		json_quote(b, cell ? cell : "", cell ? strlen(cell) : 0);
	}
}

void record_out(struct jsonw *w, const struct schema *s, const struct rec_row *r,
		const bool *mask)
{
	/* The record is one JSON value for the writer; its inside is written directly,
	 * with each field's constant prefix made once per schema. */
	struct buf *b = w->out;
	bool first = true;
	jsonw_raw(w, "{", 1);
	for (size_t i = 0; i < s->n_fields; i++) {
		const struct field_def *f = &s->fields[i];
		if (f->parent >= 0 || !mask_has(s, mask, i))
			continue;
		if (!first)
			buf_putc(b, ',');
		first = false;
		buf_puts(b, f->json_prefix);
		value_out(b, s, f, r->cells[i], r);
		buf_putc(b, '}');
	}
	if (mask_has_meta(s, mask, MASK_ID)) {
		buf_puts(b, first ? "\"$id\":{\"type\":\"__ID__\",\"value\":\"" :
				    ",\"$id\":{\"type\":\"__ID__\",\"value\":\"");
		buf_int(b, r->id);
		buf_puts(b, "\"}");
		first = false;
	}
	if (mask_has_meta(s, mask, MASK_REVISION)) {
		buf_puts(b, first ? "\"$revision\":{\"type\":\"__REVISION__\",\"value\":\"" :
				    ",\"$revision\":{\"type\":\"__REVISION__\",\"value\":\"");
		buf_int(b, r->revision);
		buf_puts(b, "\"}");
	}
	buf_putc(b, '}');
}
