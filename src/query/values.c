/*
 * values: conversion of literal query values to typed parameters: integers for $id,
 * $revision and RECORD_NUMBER, canonical numbers for NUMBER, and LIKE patterns.
 */
#include "query/query_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/strutil.h"

bool query_value_int(const char *text, const char *app_code, int64_t *out)
{
	size_t n = app_code ? strlen(app_code) : 0;
	/* RECORD_NUMBER reads "APPCODE-14" when the app has a code; accept that form. */
	if (n > 0 && strncmp(text, app_code, n) == 0 && text[n] == '-')
		text += n + 1;
	return str_to_i64(text, out);
}

bool query_value_number(const char *text, struct query_param *out)
{
	char canon[96];
	int64_t i;
	if (!decimal_normalise(text, canon, sizeof canon, 40))
		return false;
	memset(out, 0, sizeof *out);
	if (strchr(canon, '.') == NULL && str_to_i64(canon, &i)) {
		out->kind = QP_INT;
		out->i = i;
	} else {
		out->kind = QP_REAL;
		out->d = strtod(canon, NULL);
	}
	return true;
}

const char *query_like_pattern(struct arena *a, const char *text)
{
	size_t n = strlen(text), o = 0;
	char *p = arena_alloc(a, 2 * n + 3);
	p[o++] = '%';
	for (size_t i = 0; i < n; i++) {
		if (text[i] == '%' || text[i] == '_' || text[i] == '\\')
			p[o++] = '\\';
		p[o++] = text[i];
	}
	p[o++] = '%';
	p[o] = '\0';
	return p;
}
