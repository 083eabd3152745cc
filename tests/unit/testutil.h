/*
 * testutil: small helpers for the C unit tests: reading case files and listing a case
 * directory. Tests run from the repository root.
 */
#ifndef DAICHO_TESTUTIL_H
#define DAICHO_TESTUTIL_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"

/* Reads a whole file into a malloc'd NUL-terminated string (NULL when unreadable). */
static inline char *tu_read(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *s = malloc((size_t)n + 1);
	if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		s = NULL;
	}
	if (s)
		s[n] = '\0';
	fclose(f);
	return s;
}

static int tu_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names in dir ending with suffix; *n gets the count. Free each and the array. */
static inline char **tu_list(const char *dir, const char *suffix, size_t *n)
{
	DIR *d = opendir(dir);
	char **names = NULL;
	size_t cap = 0;
	*n = 0;
	if (d == NULL)
		return NULL;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name), sl = strlen(suffix);
		if (l < sl || strcmp(de->d_name + l - sl, suffix) != 0)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			names = realloc(names, cap * sizeof *names);
		}
		names[(*n)++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, *n, sizeof *names, tu_cmp);
	return names;
}

/* The English text of a field error, as the API would show it. */
static inline void tu_field_message(const struct field_err *f, char *out, size_t size)
{
	const char *t = err_fmsg(f->msg, LANG_EN), *p = strstr(t, "%s");
	if (p)
		snprintf(out, size, "%.*s%s%s", (int)(p - t), t, f->arg ? f->arg : "", p + 2);
	else
		snprintf(out, size, "%s", t);
}

#endif
