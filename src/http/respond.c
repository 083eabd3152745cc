/* respond: kintone-shaped error bodies in Japanese or English (see respond.h). */
#include "http/respond.h"
#include "core/strutil.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum lang respond_lang(const char *al, enum lang def)
{
	if (al == NULL || *al == '\0')
		return def;
	double best_q = -1;
	enum lang best = def;
	const char *p = al;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *tag = p;
		while (*p && *p != ',' && *p != ';' && *p != ' ')
			p++;
		size_t tlen = (size_t)(p - tag);
		double q = 1.0;
		while (*p && *p != ',') {
			if (*p == ';') {
				const char *qs = strstr(p, "q=");
				if (qs && (qs < strchr(p, ',') || strchr(p, ',') == NULL))
					q = strtod(qs + 2, NULL);
			}
			p++;
		}
		int l = -1;
		if (tlen >= 2 && strncasecmp(tag, "ja", 2) == 0)
			l = LANG_JA;
		else if (tlen >= 2 && strncasecmp(tag, "en", 2) == 0)
			l = LANG_EN;
		if (l >= 0 && q > best_q) {
			best_q = q;
			best = (enum lang)l;
		}
	}
	return best;
}

/* Formats a message template with its optional argument. */
static void fmt(char *out, size_t size, const char *tmpl, const char *arg)
{
	const char *pct = strstr(tmpl, "%s");
	if (pct == NULL) {
		str_copy(out, tmpl, size);
		return;
	}
	snprintf(out, size, "%.*s%s%s", (int)(pct - tmpl), tmpl, arg ? arg : "", pct + 2);
}

void respond_message(const struct req *r, const struct err *e, char *out, size_t size)
{
	fmt(out, size, err_table(e->code)->msg[r->lang], e->arg);
}

void respond_error_object(struct req *r, struct jsonw *w)
{
	const struct err_info *info = err_table(r->err.code);
	char msg[1024];
	fmt(msg, sizeof msg, info->msg[r->lang], r->err.arg);
	jsonw_obj(w);
	jsonw_kstr(w, "code", info->kcode);
	jsonw_kstr(w, "id", r->request_id);
	jsonw_kstr(w, "message", msg);
	if (r->err.n_fields > 0) {
		jsonw_key(w, "errors");
		jsonw_obj(w);
		/* Group messages by key, keeping the first appearance order. */
		for (size_t i = 0; i < r->err.n_fields; i++) {
			const struct field_err *f = &r->err.fields[i];
			bool seen = false;
			for (size_t j = 0; j < i && !seen; j++)
				seen = strcmp(r->err.fields[j].key, f->key) == 0;
			if (seen)
				continue;
			jsonw_key(w, f->key);
			jsonw_obj(w);
			jsonw_key(w, "messages");
			jsonw_arr(w);
			for (size_t j = i; j < r->err.n_fields; j++) {
				const struct field_err *g = &r->err.fields[j];
				if (strcmp(g->key, f->key) != 0)
					continue;
				fmt(msg, sizeof msg, err_fmsg(g->msg, r->lang), g->arg);
				jsonw_str(w, msg);
			}
			jsonw_arr_end(w);
			jsonw_obj_end(w);
		}
		jsonw_obj_end(w);
	}
	jsonw_obj_end(w);
}

char *respond_err_pack(struct arena *a, const struct err *e)
{
	json_t *fields = json_array();
	for (size_t i = 0; i < e->n_fields; i++) {
		const struct field_err *f = &e->fields[i];
		json_array_append_new(fields, json_pack("[s,i,s?]", f->key, (int)f->msg, f->arg));
	}
	json_t *o = json_pack("{s:i,s:s,s:o}", "code", (int)e->code, "arg", e->arg, "fields", fields);
	char *text = json_dumps(o, JSON_COMPACT);
	char *out = arena_strdup(a, text ? text : "{}");
	free(text);
	json_decref(o);
	return out;
}

int respond_err_unpack(const char *text, struct err *e)
{
	json_error_t je;
	json_t *o = json_loads(text, 0, &je);
	json_t *code = json_object_get(o, "code");
	if (!json_is_integer(code) || json_integer_value(code) <= 0 ||
	    json_integer_value(code) >= E__COUNT) {
		json_decref(o);
		return -1;
	}
	err_set(e, (enum err_code)json_integer_value(code), "%s",
		json_string_value(json_object_get(o, "arg")) ?: "");
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(o, "fields"), i, f) {
		const char *key = json_string_value(json_array_get(f, 0));
		json_int_t msg = json_integer_value(json_array_get(f, 1));
		if (key && msg >= 0 && msg < FM__COUNT)
			err_field(e, key, (enum fmsg)msg, json_string_value(json_array_get(f, 2)));
	}
	json_decref(o);
	return 0;
}

void respond_error(struct req *r, struct res *s)
{
	const struct err_info *info = err_table(r->err.code);
	buf_reset(&s->body);
	jsonw_init(&s->w, &s->body);
	s->status = info->status;
	s->content_type = "application/json; charset=utf-8";
	if (r->bulk_index >= 0 && r->bulk_count > 0) {
		jsonw_obj(&s->w);
		jsonw_key(&s->w, "results");
		jsonw_arr(&s->w);
		for (int i = 0; i < r->bulk_count; i++) {
			if (i == r->bulk_index) {
				respond_error_object(r, &s->w);
			} else {
				jsonw_obj(&s->w);
				jsonw_obj_end(&s->w);
			}
		}
		jsonw_arr_end(&s->w);
		jsonw_obj_end(&s->w);
	} else {
		respond_error_object(r, &s->w);
	}
	res_header(s, "X-Cybozu-Error", info->kcode);
	if (r->err.code == E_LOCKED)
		res_header(s, "Retry-After", arena_strdup(r->arena, r->err.arg));
}
