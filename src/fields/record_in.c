/*
 * record_in: validating one record of a write request (see record.h).
 *
 * Every field is checked by its type's parser; problems are collected rather than
 * stopping at the first, so a client sees all of a record's errors at once. Values come
 * out canonical: numbers normalised, dates padded, datetimes in UTC, lists as JSON
 * arrays with duplicates removed.
 */
#include "fields/record.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/strutil.h"
#include "core/timeutil.h"
#include "core/utf8.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { TEXT_MAX = 65535, NUMBER_DIGITS = 40, LIST_MAX = 1000, ROWS_MAX = 5000 };

struct in_state {
	const struct rec_in *c;
	struct err *e;
	int errors;
};

static void ferr(struct in_state *st, const char *key, enum fmsg m, const char *arg)
{
	err_field(st->e, key, m, arg);
	st->errors++;
}

/* An error keyed keybase + suffix; the key is only made when there is an error. */
static void ferr_at(struct in_state *st, const char *keybase, const char *suffix, enum fmsg m,
		    const char *arg)
{
	char key[700];
	snprintf(key, sizeof key, "%s%s", keybase, suffix);
	ferr(st, key, m, arg);
}

/* An error on item i of a list: keybase.values[i]<suffix>. */
static void ferr_item(struct in_state *st, const char *keybase, size_t i, const char *suffix,
		      enum fmsg m, const char *arg)
{
	char key[700];
	snprintf(key, sizeof key, "%s.values[%zu]%s", keybase, i, suffix);
	ferr(st, key, m, arg);
}

/* The value of a field entry: {"value": V} (type optional) or a bare value. */
static json_t *entry_value(json_t *entry, bool *present)
{
	*present = true;
	if (json_is_object(entry)) {
		json_t *v = json_object_get(entry, "value");
		if (v == NULL)
			*present = false;
		return v;
	}
	return entry;
}

/* Text of a scalar JSON value (string, number, null -> ""); NULL when not scalar. */
static const char *scalar_text(struct arena *a, json_t *v)
{
	if (v == NULL || json_is_null(v))
		return "";
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		return arena_printf(a, "%lld", (long long)json_integer_value(v));
	if (json_is_real(v))
		return arena_printf(a, "%.17g", json_real_value(v));
	return NULL;
}

static bool has_opt(const struct field_def *f, const char *v)
{
	for (size_t i = 0; i < f->n_options; i++)
		if (strcmp(f->options[i].name, v) == 0)
			return true;
	return false;
}

static bool valid_link(const struct field_def *f, const char *v)
{
	if (*v == '\0')
		return true;
	if (strcmp(f->protocol, "WEB") == 0)
		return str_starts(v, "http://") || str_starts(v, "https://") ||
		       str_starts(v, "ftp://");
	if (strcmp(f->protocol, "MAIL") == 0)
		return strchr(v, '@') != NULL && strchr(v, ':') == NULL;
	for (const char *p = v; *p; p++)	/* CALL */
		if (!strchr("0123456789+-() #*.", *p))
			return false;
	return true;
}

/* Builds a JSON array text from strings. */
static const char *json_list(struct arena *a, const char **items, size_t n)
{
	struct buf b;
	buf_init(&b, 0);
	buf_putc(&b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(&b, ',');
		json_quote(&b, items[i], strlen(items[i]));
	}
	buf_putc(&b, ']');
	const char *s = arena_strndup(a, buf_str(&b), b.len);
	buf_free(&b);
	return s;
}

static void set_number(struct fvalue *out, const char *canon)
{
	out->text = canon;
	out->has_num = *canon != '\0';
	out->num = out->has_num ? strtod(canon, NULL) : 0;
}

/*
 * Parses one field's value v into out. key is the error key of the value
 * (".../<code>.value"); keybase is the same without ".value".
 */
static void parse_field(struct in_state *st, const struct field_def *f, json_t *v,
			const char *keybase, bool in_table, struct fvalue *out)
{
	struct arena *a = st->c->a;
	out->set = true;
	switch (f->type) {
	case FT_SINGLE_LINE_TEXT:
	case FT_MULTI_LINE_TEXT:
	case FT_RICH_TEXT:
	case FT_LINK: {
		const char *t = scalar_text(a, v);
		if (t == NULL) {
			ferr_at(st, keybase, ".value", FM_TYPE, "string");
			return;
		}
		size_t cps = utf8_count(t, strlen(t));
		if (cps > TEXT_MAX) {
			ferr_at(st, keybase, ".value", FM_TOO_LONG, "65535");
			return;
		}
		if (*t != '\0' && f->max_length >= 0 && (int64_t)cps > f->max_length) {
			char n[24];
			snprintf(n, sizeof n, "%lld", (long long)f->max_length + 1);
			ferr_at(st, keybase, ".value", FM_MAX_LENGTH, n);
		}
		if (*t != '\0' && f->min_length >= 0 && (int64_t)cps < f->min_length) {
			char n[24];
			snprintf(n, sizeof n, "%lld", (long long)f->min_length - 1);
			ferr_at(st, keybase, ".value", FM_MIN_LENGTH, n);
		}
		if (f->type == FT_LINK && !valid_link(f, t))
			ferr_at(st, keybase, ".value", FM_LINK, NULL);
		out->text = t;
		return;
	}
	case FT_NUMBER: {
		const char *t = scalar_text(a, v);
		char canon[128];
		if (t == NULL || (*t != '\0' && !decimal_normalise(t, canon, sizeof canon, NUMBER_DIGITS))) {
			char bkey[600];
			const char *dot = strrchr(keybase, '.');
			/* kintone keys this error record[code].value at the top level */
			if (!in_table && dot != NULL)
				snprintf(bkey, sizeof bkey, "%.*s[%s].value", (int)(dot - keybase), keybase,
					 dot + 1);
			else
				snprintf(bkey, sizeof bkey, "%s.value", keybase);
			ferr(st, bkey, FM_NUMBER, NULL);
			return;
		}
		if (*t == '\0') {
			set_number(out, "");
			return;
		}
		if (f->max_value && decimal_cmp(canon, f->max_value) > 0)
			ferr_at(st, keybase, ".value", FM_MAX_VALUE, f->max_value);
		if (f->min_value && decimal_cmp(canon, f->min_value) < 0)
			ferr_at(st, keybase, ".value", FM_MIN_VALUE, f->min_value);
		set_number(out, arena_strdup(a, canon));
		return;
	}
	case FT_RADIO_BUTTON:
	case FT_DROP_DOWN: {
		const char *t = scalar_text(a, v);
		if (t == NULL) {
			ferr_at(st, keybase, ".value", FM_TYPE, "string");
			return;
		}
		if (*t == '\0') {
			if (f->type == FT_RADIO_BUTTON && st->c->is_add && *f->default_text)
				t = f->default_text;
			else {
				out->text = NULL;
				return;
			}
		}
		if (!has_opt(f, t))
			ferr_at(st, keybase, ".value", FM_NOT_OPTION, t);
		out->text = t;
		return;
	}
	case FT_CHECK_BOX:
	case FT_MULTI_SELECT:
	case FT_USER_SELECT:
	case FT_FILE: {
		if (v != NULL && !json_is_null(v) && !json_is_array(v)) {
			ferr_at(st, keybase, ".value", FM_TYPE, "array");
			return;
		}
		size_t n = json_array_size(v), k = 0;
		if (n > LIST_MAX) {
			ferr_at(st, keybase, ".value", FM_TOO_MANY, "1000");
			return;
		}
		const char **items = arena_alloc(a, (n + 1) * sizeof *items);
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x) {
			const char *item;
			if (f->type == FT_CHECK_BOX || f->type == FT_MULTI_SELECT) {
				item = json_string_value(x);
				if (item == NULL) {
					ferr_item(st, keybase, i, ".value", FM_TYPE, "string");
					continue;
				}
				if (!has_opt(f, item)) {
					ferr_item(st, keybase, i, ".value", FM_NOT_OPTION, item);
					continue;
				}
			} else {
				const char *field = f->type == FT_FILE ? "fileKey" : "code";
				item = json_string_value(json_object_get(x, field));
				if (item == NULL) {
					ferr_item(st, keybase, i, f->type == FT_FILE ? ".fileKey" : ".code",
						  FM_REQUIRED_PARAM, NULL);
					continue;
				}
				if (f->type == FT_USER_SELECT && !st->c->user_exists(st->c->cb, item)) {
					ferr_item(st, keybase, i, ".value", FM_USER_UNKNOWN, item);
					continue;
				}
				if (f->type == FT_FILE && !st->c->file_ok(st->c->cb, f, item)) {
					ferr_item(st, keybase, i, ".value", FM_FILE_UNKNOWN, item);
					continue;
				}
			}
			bool dup = false;
			for (size_t j = 0; j < k && !dup; j++)
				dup = strcmp(items[j], item) == 0;
			if (!dup)
				items[k++] = item;
		}
		out->text = json_list(a, items, k);
		return;
	}
	case FT_DATE:
	case FT_TIME:
	case FT_DATETIME: {
		const char *t = scalar_text(a, v);
		char canon[32];
		if (t == NULL) {
			ferr_at(st, keybase, ".value", FM_TYPE, "string");
			return;
		}
		if (*t == '\0') {
			out->text = NULL;
			return;
		}
		bool ok;
		if (f->type == FT_DATE) {
			ok = time_parse_date(t, canon);
		} else if (f->type == FT_TIME) {
			ok = time_parse_time(t, canon);
		} else {
			time_t tt;
			ok = time_parse_datetime(t, &tt);
			if (ok)
				time_fmt_utc(tt, canon);
		}
		if (!ok) {
			ferr_at(st, keybase, ".value", f->type == FT_DATE ? FM_DATE : f->type == FT_TIME ? FM_TIME
										: FM_DATETIME, NULL);
			return;
		}
		out->text = arena_strdup(a, canon);
		return;
	}
	default:
		out->set = false;
		return;
	}
}

/* The default value of a field for a new record (or a new row). */
static void apply_default(const struct rec_in *c, const struct field_def *f, struct fvalue *out)
{
	struct arena *a = c->a;
	out->set = true;
	switch (f->type) {
	case FT_NUMBER:
		set_number(out, f->default_text);
		return;
	case FT_RADIO_BUTTON:
	case FT_DROP_DOWN:
		out->text = *f->default_text ? f->default_text : NULL;
		return;
	case FT_CHECK_BOX:
	case FT_MULTI_SELECT:
		out->text = json_list(a, f->default_list, f->n_default_list);
		return;
	case FT_USER_SELECT: {
		const char **items = arena_alloc(a, (f->n_default_list + 1) * sizeof *items);
		size_t k = 0;
		for (size_t i = 0; i < f->n_default_list; i++) {
			const char *u = f->default_list[i];
			if (strcmp(u, "LOGINUSER()") == 0)
				u = c->user_code;
			if (u != NULL && c->user_exists(c->cb, u))
				items[k++] = u;
		}
		out->text = json_list(a, items, k);
		return;
	}
	case FT_FILE:
		out->text = "[]";
		return;
	case FT_DATE:
	case FT_TIME:
	case FT_DATETIME: {
		if (!f->default_now) {
			out->text = *f->default_text ? f->default_text : NULL;
			return;
		}
		char buf[32];
		if (f->type == FT_DATETIME) {
			time_t t = c->now - c->now % 60;
			time_fmt_utc(t, buf);
		} else {
			struct tm tm;
			localtime_r(&c->now, &tm);
			if (f->type == FT_DATE)
				ymd_fmt((struct ymd){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday}, buf);
			else
				snprintf(buf, sizeof buf, "%02d:%02d", tm.tm_hour % 24, tm.tm_min % 60);
		}
		out->text = arena_strdup(a, buf);
		return;
	}
	case FT_SUBTABLE:
		out->rows = NULL;
		out->n_rows = 0;
		return;
	default:
		out->text = f->default_text;
		return;
	}
}

/* True when a parsed value is empty for required checks. */
static bool value_empty(const struct field_def *f, const struct fvalue *v)
{
	if (f->type == FT_SUBTABLE)
		return false;
	if (v->text == NULL || *v->text == '\0')
		return true;
	if (field_type_is_list(f->type))
		return strcmp(v->text, "[]") == 0;
	return false;
}

static void required_error(struct in_state *st, const struct field_def *f, const char *keybase)
{
	char key[600];
	const char *suffix = f->type == FT_USER_SELECT ? ".values.value"
			     : field_type_is_list(f->type) ? ".values" : ".value";
	snprintf(key, sizeof key, "%s%s", keybase, suffix);
	ferr(st, key, FM_REQUIRED, NULL);
}

/* Parses the rows of a SUBTABLE. */
static void parse_rows(struct in_state *st, size_t ti, json_t *v, const char *keybase,
		       struct fvalue *out)
{
	const struct rec_in *c = st->c;
	const struct schema *s = c->s;
	char key[600];
	snprintf(key, sizeof key, "%s.value", keybase);
	out->set = true;
	if (v != NULL && !json_is_null(v) && !json_is_array(v)) {
		ferr(st, key, FM_TYPE, "array");
		return;
	}
	size_t n = json_array_size(v);
	if (n > ROWS_MAX) {
		ferr(st, key, FM_TOO_MANY, "5000");
		return;
	}
	out->rows = arena_alloc(c->a, (n + 1) * sizeof *out->rows);
	out->n_rows = n;
	size_t r;
	json_t *row;
	json_array_foreach(v, r, row) {
		struct frow *fr = &out->rows[r];
		char rkey[640];
		snprintf(rkey, sizeof rkey, "%s.value[%zu]", keybase, r);
		fr->vals = arena_alloc(c->a, s->n_fields * sizeof *fr->vals);
		if (!json_is_object(row)) {
			ferr(st, rkey, FM_TYPE, "object");
			continue;
		}
		/* A row id is a hint: it updates that row when it exists, otherwise the row is new. */
		const char *idt = scalar_text(c->a, json_object_get(row, "id"));
		int64_t rid = 0;
		if (idt && *idt && str_to_i64(idt, &rid) && c->row_ids != NULL) {
			bool known = false;
			for (size_t j = 0; j < c->n_row_ids[ti] && !known; j++)
				known = c->row_ids[ti][j] == rid;
			fr->id = known ? rid : 0;
		}
		json_t *vals = json_object_get(row, "value");
		if (vals != NULL && !json_is_null(vals) && !json_is_object(vals)) {
			char k2[700];
			snprintf(k2, sizeof k2, "%s.value", rkey);
			ferr(st, k2, FM_TYPE, "object");
			continue;
		}
		for (size_t k = 0; k < s->n_fields; k++) {
			const struct field_def *f = &s->fields[k];
			if (f->parent != (int)ti)
				continue;
			char fkey[800];
			bool present = false;
			json_t *entry = json_object_get(vals, f->code);
			json_t *iv = entry ? entry_value(entry, &present) : NULL;
			snprintf(fkey, sizeof fkey, "%s.value.%s", rkey, f->code);
			int before = st->errors;
			if (entry != NULL && present)
				parse_field(st, f, iv, fkey, true, &fr->vals[k]);
			else if (fr->id == 0)
				apply_default(c, f, &fr->vals[k]);
			if (f->required && st->errors == before && fr->vals[k].set &&
			    value_empty(f, &fr->vals[k]))
				required_error(st, f, fkey);
		}
	}
}

/* System fields that may be given when adding. */
static void parse_system(struct in_state *st, const struct field_def *f, json_t *v,
			 const char *keybase, struct record_write *out)
{
	char key[600];
	snprintf(key, sizeof key, "%s.value", keybase);
	if (f->type == FT_CREATOR || f->type == FT_MODIFIER) {
		const char *code = json_string_value(json_object_get(v, "code"));
		if (code == NULL) {
			ferr(st, key, FM_TYPE, "{\"code\": ...}");
			return;
		}
		if (!st->c->user_exists(st->c->cb, code)) {
			ferr(st, key, FM_USER_UNKNOWN, code);
			return;
		}
		if (f->type == FT_CREATOR)
			out->creator = code;
		else
			out->modifier = code;
		return;
	}
	const char *t = json_string_value(v);
	time_t tt;
	char canon[32];
	if (t == NULL || !time_parse_datetime(t, &tt)) {
		ferr(st, key, FM_DATETIME, NULL);
		return;
	}
	if (tt > st->c->now + 60) {
		ferr(st, key, FM_FUTURE, NULL);
		return;
	}
	time_fmt_utc(tt, canon);
	if (f->type == FT_CREATED_TIME)
		out->created_at = arena_strdup(st->c->a, canon);
	else
		out->updated_at = arena_strdup(st->c->a, canon);
}

int record_in(const struct rec_in *c, json_t *record, struct record_write *out, struct err *e)
{
	const struct schema *s = c->s;
	struct in_state st = {c, e, 0};
	memset(out, 0, sizeof *out);
	out->vals = arena_alloc(c->a, s->n_fields * sizeof *out->vals);
	if (record != NULL && !json_is_null(record) && !json_is_object(record)) {
		char key[300];
		snprintf(key, sizeof key, "%s", c->prefix);
		err_field(e, key, FM_TYPE, "object");
		return -1;
	}
	for (size_t i = 0; i < s->n_fields; i++) {
		const struct field_def *f = &s->fields[i];
		if (f->parent >= 0)
			continue;
		char keybase[400];
		bool present = false;
		json_t *entry = json_object_get(record, f->code);
		json_t *v = entry ? entry_value(entry, &present) : NULL;
		snprintf(keybase, sizeof keybase, "%s.%s", c->prefix, f->code);
		if (field_type_is_system(f->type)) {
			if (entry != NULL && present && c->is_add && c->allow_system &&
			    f->type != FT_RECORD_NUMBER && !json_is_null(v))
				parse_system(&st, f, v, keybase, out);
			continue;
		}
		int before = st.errors;
		if (entry != NULL && present) {
			if (f->type == FT_SUBTABLE)
				parse_rows(&st, i, v, keybase, &out->vals[i]);
			else
				parse_field(&st, f, v, keybase, false, &out->vals[i]);
		} else if (c->is_add) {
			apply_default(c, f, &out->vals[i]);
		}
		/* A value already refused is not also reported as missing. */
		if (!f->required || f->type == FT_SUBTABLE || st.errors != before)
			continue;
		bool empty = out->vals[i].set ? value_empty(f, &out->vals[i])
					      : (c->has_value != NULL && !c->has_value[i]);
		if (empty)
			required_error(&st, f, keybase);
	}
	return st.errors ? -1 : 0;
}

bool cell_empty(enum field_type t, const char *cell)
{
	if (cell == NULL || *cell == '\0')
		return true;
	if (field_type_is_list(t))
		return strcmp(cell, "[]") == 0;
	return false;
}
