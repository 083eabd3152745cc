/* jsonw: a streaming JSON writer over a buf (see jsonw.h). */
#include "core/jsonw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void jsonw_init(struct jsonw *w, struct buf *out)
{
	memset(w, 0, sizeof *w);
	w->out = out;
	w->first[0] = true;
}

/* Writes the comma that separates this value from the previous one, if any. */
static void sep(struct jsonw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (!w->first[w->depth])
		buf_putc(w->out, ',');
	w->first[w->depth] = false;
}

static void open(struct jsonw *w, char c)
{
	sep(w);
	buf_putc(w->out, c);
	if (w->depth + 1 >= JSONW_MAX_DEPTH)
		abort();
	w->depth++;
	w->first[w->depth] = true;
}

static void close_(struct jsonw *w, char c)
{
	buf_putc(w->out, c);
	if (w->depth > 0)
		w->depth--;
}

void jsonw_obj(struct jsonw *w) { open(w, '{'); }
void jsonw_obj_end(struct jsonw *w) { close_(w, '}'); }
void jsonw_arr(struct jsonw *w) { open(w, '['); }
void jsonw_arr_end(struct jsonw *w) { close_(w, ']'); }

void json_quote(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t start = 0;
	buf_putc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_put(b, s + start, i - start);
		start = i + 1;
		switch (c) {
		case '"': buf_put(b, "\\\"", 2); break;
		case '\\': buf_put(b, "\\\\", 2); break;
		case '\n': buf_put(b, "\\n", 2); break;
		case '\r': buf_put(b, "\\r", 2); break;
		case '\t': buf_put(b, "\\t", 2); break;
		default: {
			char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			buf_put(b, e, 6);
		}
		}
	}
	buf_put(b, s + start, n - start);
	buf_putc(b, '"');
}

void jsonw_key(struct jsonw *w, const char *k)
{
	sep(w);
	json_quote(w->out, k, strlen(k));
	buf_putc(w->out, ':');
	w->after_key = true;
}

void jsonw_strn(struct jsonw *w, const char *s, size_t n)
{
	sep(w);
	json_quote(w->out, s, n);
}

void jsonw_str(struct jsonw *w, const char *s)
{
	if (s == NULL) {
		jsonw_null(w);
		return;
	}
	jsonw_strn(w, s, strlen(s));
}

void jsonw_null(struct jsonw *w)
{
	sep(w);
	buf_put(w->out, "null", 4);
}

void jsonw_bool(struct jsonw *w, bool v)
{
	sep(w);
	buf_puts(w->out, v ? "true" : "false");
}

void jsonw_int_str(struct jsonw *w, long long v)
{
	sep(w);
	buf_putc(w->out, '"');
	buf_int(w->out, v);
	buf_putc(w->out, '"');
}

void jsonw_int(struct jsonw *w, long long v)
{
	sep(w);
	buf_int(w->out, v);
}

void jsonw_raw(struct jsonw *w, const char *json, size_t n)
{
	sep(w);
	buf_put(w->out, json, n);
}

void jsonw_kstr(struct jsonw *w, const char *k, const char *s)
{
	jsonw_key(w, k);
	jsonw_str(w, s);
}

void jsonw_kint_str(struct jsonw *w, const char *k, long long v)
{
	jsonw_key(w, k);
	jsonw_int_str(w, v);
}

void jsonw_kbool(struct jsonw *w, const char *k, bool v)
{
	jsonw_key(w, k);
	jsonw_bool(w, v);
}

void jsonw_knull(struct jsonw *w, const char *k)
{
	jsonw_key(w, k);
	jsonw_null(w);
}
