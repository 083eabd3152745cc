/* arena: a region allocator owned by one request (see arena.h). */
#include "core/arena.h"
#include "core/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arena_block {
	struct arena_block *next;	/* older block */
	size_t size;			/* usable bytes in data */
	size_t used;			/* bytes handed out */
	max_align_t data[];		/* storage, aligned for any type */
};

enum { ARENA_FIRST = 8192, ALIGN = sizeof(max_align_t) };

void arena_init(struct arena *a, size_t limit)
{
	a->head = NULL;
	a->total = 0;
	a->limit = limit;
}

void arena_destroy(struct arena *a)
{
	struct arena_block *b = a->head;
	while (b != NULL) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->total = 0;
}

void *arena_alloc(struct arena *a, size_t n)
{
	size_t need = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	struct arena_block *b = a->head;
	if (need < n)
		abort();
	if (b == NULL || b->size - b->used < need) {
		size_t size = b ? b->size * 2 : ARENA_FIRST;
		while (size < need)
			size *= 2;
		if (a->limit && a->total + size > a->limit) {
			size = need;
			if (a->total + size > a->limit) {
				fprintf(stderr, "daicho: request arena limit of %zu bytes exceeded\n",
					a->limit);
				abort();
			}
		}
		b = xcalloc(sizeof *b + size);
		b->size = size;
		b->next = a->head;
		a->head = b;
		a->total += size;
	}
	void *p = (char *)b->data + b->used;
	b->used += need;
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		abort();
	char *p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void *arena_grow(struct arena *a, void *old, size_t n, size_t cap, size_t sz)
{
	if (cap != 0 && SIZE_MAX / cap < sz)
		abort();
	void *p = arena_alloc(a, cap * sz);
	if (old != NULL && n > 0)
		memcpy(p, old, n * sz);
	return p;
}

void *arena_room(struct arena *a, void *arr, size_t n, size_t *cap, size_t sz)
{
	if (arr != NULL && n < *cap)
		return arr;
	size_t c = *cap ? *cap * 2 : 8;
	void *bigger = arena_grow(a, arr, n, c, sz);
	*cap = c;
	return bigger;
}
