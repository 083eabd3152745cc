/* params: query strings and JSON bodies as one parameter object (see params.h). */
#include "http/params.h"
#include "http/req.h"
#include "core/strutil.h"
#include "core/utf8.h"
#include "core/xalloc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decodes s[0..n) into a new string ('+' is a space). */
static char *decode(const char *s, size_t n, size_t *outlen)
{
	char *o = xcalloc(n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			o[k++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else if (s[i] == '+') {
			o[k++] = ' ';
		} else {
			o[k++] = s[i];
		}
	}
	o[k] = '\0';
	*outlen = k;
	return o;
}

/*
 * Makes array a at least n long, padding with nulls (query-string values are never
 * null, so a null is a hole left by an index that has not arrived yet). *budget bounds
 * the padding of one query string.
 */
static bool pad(json_t *a, size_t n, size_t *budget)
{
	while (json_array_size(a) < n) {
		if (*budget == 0)
			return false;
		(*budget)--;
		json_array_append_new(a, json_null());
	}
	return true;
}

/* Removes the holes (nulls) left in arrays, keeping the index order. */
static void compact(json_t *v)
{
	if (json_is_object(v)) {
		const char *k;
		json_t *x;
		json_object_foreach(v, k, x)
			compact(x);
	} else if (json_is_array(v)) {
		for (size_t i = 0; i < json_array_size(v);) {
			if (json_is_null(json_array_get(v, i))) {
				json_array_remove(v, i);
			} else {
				compact(json_array_get(v, i));
				i++;
			}
		}
	}
}

/*
 * Places value v at path base[seg1][seg2]... inside obj. Indexed entries take their
 * index's place whatever order they arrive in (holes are removed by compact()).
 */
static int place(json_t *obj, const char *key, json_t *v, size_t *budget)
{
	const char *br = strchr(key, '[');
	size_t blen = br ? (size_t)(br - key) : strlen(key);
	if (blen == 0)
		return -1;
	char *base = xstrndup(key, blen);
	json_t *cur = obj;
	const char *name = base;
	bool name_is_index = false;
	size_t index = 0;
	const char *p = br;
	int rc = 0;
	for (;;) {
		if (p == NULL || *p == '\0') {
			/* Store v at cur[name] or cur[index]. */
			if (name_is_index) {
				if (!json_is_array(cur)) {
					rc = -1;
				} else if (index == (size_t)-1) {
					json_array_append(cur, v);
				} else if (!pad(cur, index + 1, budget)) {
					rc = -1;
				} else {
					json_array_set(cur, index, v);
				}
			} else if (json_is_object(cur)) {
				json_t *old = json_object_get(cur, name);
				if (old != NULL && json_is_array(old))
					json_array_append(old, v);	/* repeated name=v */
				else if (old != NULL && json_is_string(old))
					json_object_set_new(cur, name, json_pack("[OO]", old, v));
				else
					json_object_set(cur, name, v);
			} else {
				rc = -1;
			}
			break;
		}
		if (*p != '[') {
			rc = -1;
			break;
		}
		const char *end = strchr(p, ']');
		if (end == NULL) {
			rc = -1;
			break;
		}
		char *seg = xstrndup(p + 1, (size_t)(end - p - 1));
		bool numeric = seg[0] != '\0';
		for (char *q = seg; *q; q++)
			if (!isdigit((unsigned char)*q))
				numeric = false;
		bool arr = seg[0] == '\0' || numeric;
		/* Descend: make cur[name] an array or object as the segment needs. */
		json_t *next;
		if (name_is_index && index == (size_t)-1) {
			next = arr ? json_array() : json_object();
			json_array_append_new(cur, next);
		} else if (name_is_index) {
			if (!pad(cur, index + 1, budget)) {
				free(seg);
				rc = -1;
				break;
			}
			next = json_array_get(cur, index);
			if (json_is_null(next)) {
				next = arr ? json_array() : json_object();
				json_array_set_new(cur, index, next);
			}
		} else {
			next = json_object_get(cur, name);
			if (next != NULL && !json_is_array(next) && !json_is_object(next)) {
				free(seg);	/* "a=1&a[x]=2": a value and a container at once */
				rc = -1;
				break;
			}
			if (next == NULL) {
				next = arr ? json_array() : json_object();
				json_object_set_new(cur, name, next);
			}
		}
		if ((arr && !json_is_array(next)) || (!arr && !json_is_object(next))) {
			free(seg);
			rc = -1;
			break;
		}
		cur = next;
		if (arr) {
			name_is_index = true;
			index = seg[0] == '\0' ? (size_t)-1 : strtoul(seg, NULL, 10);
			if (index != (size_t)-1 && index > PARAMS_MAX) {
				free(seg);
				rc = -1;
				break;
			}
			free(seg);
		} else {
			name_is_index = false;
			if (name != base)
				free((char *)name);
			name = seg;
		}
		p = end + 1;
	}
	if (name != base)
		free((char *)name);
	free(base);
	return rc;
}

json_t *params_from_query(const char *qs, struct err *e)
{
	json_t *obj = json_object();
	size_t count = 0, budget = PARAMS_MAX;
	const char *p = qs;
	while (p && *p) {
		const char *amp = strchr(p, '&');
		size_t len = amp ? (size_t)(amp - p) : strlen(p);
		if (len > 0) {
			if (++count > PARAMS_MAX) {
				err_field(e, "query", FM_TOO_MANY, "2000");
				json_decref(obj);
				return NULL;
			}
			const char *eq = memchr(p, '=', len);
			size_t klen = eq ? (size_t)(eq - p) : len, kdl, vdl;
			char *k = decode(p, klen, &kdl);
			char *v = eq ? decode(eq + 1, len - klen - 1, &vdl) : xstrdup("");
			size_t bad;
			if (!eq)
				vdl = 0;
			if (strlen(k) != kdl || strlen(v) != vdl || !utf8_valid(k, kdl, &bad) ||
			    !utf8_valid(v, vdl, &bad)) {
				err_set(e, E_UTF8, "query string parameter");
				free(k);
				free(v);
				json_decref(obj);
				return NULL;
			}
			json_t *jv = json_string(v);
			int rc = place(obj, k, jv, &budget);
			json_decref(jv);
			if (rc != 0) {
				err_field(e, k, FM_INVALID, NULL);
				free(k);
				free(v);
				json_decref(obj);
				return NULL;
			}
			free(k);
			free(v);
		}
		p = amp ? amp + 1 : NULL;
	}
	compact(obj);
	return obj;
}

void params_merge(json_t *dst, json_t *src)
{
	const char *k;
	json_t *v;
	json_object_foreach(src, k, v) {
		if (json_object_get(dst, k) == NULL)
			json_object_set(dst, k, v);
	}
}

bool json_to_i64(json_t *v, int64_t *out)
{
	if (json_is_integer(v)) {
		*out = (int64_t)json_integer_value(v);
		return true;
	}
	if (json_is_string(v))
		return str_to_i64(json_string_value(v), out);
	if (json_is_real(v)) {
		double d = json_real_value(v);
		if (d == (double)(int64_t)d) {
			*out = (int64_t)d;
			return true;
		}
	}
	return false;
}

int param_id(struct req *r, json_t *obj, const char *name, int64_t *out)
{
	json_t *v = json_object_get(obj, name);
	if (v == NULL || json_is_null(v) || (json_is_string(v) && *json_string_value(v) == '\0'))
		return err_field(&r->err, name, FM_REQUIRED_PARAM, NULL);
	if (!json_to_i64(v, out))
		return err_field(&r->err, name, FM_INTEGER, NULL);
	if (*out < 1)
		return err_field(&r->err, name, FM_MIN_1, NULL);
	return 0;
}

int param_int(struct req *r, json_t *obj, const char *name, int64_t def, int64_t *out)
{
	json_t *v = json_object_get(obj, name);
	if (v == NULL || json_is_null(v) || (json_is_string(v) && *json_string_value(v) == '\0')) {
		*out = def;
		return 0;
	}
	if (!json_to_i64(v, out))
		return err_field(&r->err, name, FM_INTEGER, NULL);
	return 0;
}

int param_bool(struct req *r, json_t *obj, const char *name, bool def, bool *out)
{
	json_t *v = json_object_get(obj, name);
	if (v == NULL || json_is_null(v)) {
		*out = def;
		return 0;
	}
	if (json_is_boolean(v)) {
		*out = json_is_true(v);
		return 0;
	}
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0 || *s == '\0') {
			*out = *s ? strcmp(s, "true") == 0 : def;
			return 0;
		}
	}
	return err_field(&r->err, name, FM_ENUM, NULL);
}

int param_str(struct req *r, json_t *obj, const char *name, const char *def, const char **out)
{
	json_t *v = json_object_get(obj, name);
	if (v == NULL || json_is_null(v)) {
		*out = def;
		return 0;
	}
	if (!json_is_string(v))
		return err_field(&r->err, name, FM_TYPE, "string");
	*out = json_string_value(v);
	return 0;
}

int param_text(struct req *r, const char *name, const char *def, size_t max, const char **out)
{
	if (param_str(r, r->params, name, def, out) != 0)
		return -1;
	if (*out == NULL || (def == NULL && **out == '\0'))
		return err_field(&r->err, name, FM_REQUIRED_PARAM, NULL);
	size_t len = strlen(*out);
	if (!utf8_valid(*out, len, NULL) || utf8_count(*out, len) > max)
		return err_field(&r->err, name, FM_TOO_LONG, arena_printf(r->arena, "%zu", max));
	return 0;
}

int param_decision(struct req *r, int64_t *id, bool *approve, const char **comment)
{
	if (param_id(r, r->params, "id", id) != 0 ||
	    param_bool(r, r->params, "approve", false, approve) != 0 ||
	    param_text(r, "comment", "", 1000, comment) != 0)
		return -1;
	if (json_object_get(r->params, "approve") == NULL)
		return err_field(&r->err, "approve", FM_REQUIRED_PARAM, NULL);
	return 0;
}

/* A day YYYY-MM-DD as the instant it starts (UTC). */
static bool parse_day(const char *d, time_t *out)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	if (d == NULL || strlen(d) != 10 || strptime(d, "%Y-%m-%d", &tm) == NULL)
		return false;
	*out = timegm(&tm);
	return true;
}

int param_period(struct req *r, time_t *from, time_t *to)
{
	const char *f = NULL, *t = NULL;
	if (param_str(r, r->params, "from", NULL, &f) != 0 ||
	    param_str(r, r->params, "to", NULL, &t) != 0)
		return -1;
	if (t && *t) {
		if (!parse_day(t, to))
			return err_set(&r->err, E_AUDIT_FILTER, "to");
	} else {
		*to = r->now - r->now % 86400;
	}
	if (f && *f) {
		if (!parse_day(f, from))
			return err_set(&r->err, E_AUDIT_FILTER, "from");
	} else {
		*from = *to - 29 * 86400;
	}
	if (*from > *to || *to - *from > 365 * 86400)
		return err_set(&r->err, E_AUDIT_RANGE, NULL);
	return 0;
}
