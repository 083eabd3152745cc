/* xalloc: allocation wrappers that abort on out-of-memory (see xalloc.h). */
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(size_t n)
{
	fprintf(stderr, "daicho: out of memory allocating %zu bytes\n", n);
	abort();
}

void *xcalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);
	if (p == NULL)
		oom(n);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (q == NULL)
		oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xcalloc(n + 1);
	memcpy(p, s, n);
	return p;
}
