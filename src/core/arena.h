/*
 * arena: a region allocator owned by one request (or one command).
 *
 * Everything a request allocates comes from its arena and is released at once by
 * arena_destroy(); nothing from an arena is freed individually. Blocks grow
 * geometrically. Input sizes are checked against their own limits before anything
 * is allocated; the arena's optional total limit is only a backstop against a bug,
 * and exceeding it aborts with a message.
 */
#ifndef DAICHO_CORE_ARENA_H
#define DAICHO_CORE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;	/* newest block; older blocks chained behind it */
	size_t total;			/* bytes obtained from malloc so far */
	size_t limit;			/* maximum for total; 0 means no limit */
};

/* Prepares an empty arena with the given limit in bytes (0 = unlimited). */
void arena_init(struct arena *a, size_t limit);
/* Releases every block of the arena; the arena can be reused after arena_init. */
void arena_destroy(struct arena *a);
/* Returns n zeroed bytes aligned for any type, owned by the arena; never NULL. */
void *arena_alloc(struct arena *a, size_t n);
/* Copies the string s (or n bytes of it) into the arena, NUL-terminated. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* printf into a new arena string. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);
/* Grows an arena array: returns a copy of old (n elements of size sz) with room for cap. */
void *arena_grow(struct arena *a, void *old, size_t n, size_t cap, size_t sz);
/*
 * Makes room for one more element in an arena array arr of n elements and capacity *cap
 * (8 at first, then doubling); returns the array, moved when it had to grow.
 */
void *arena_room(struct arena *a, void *arr, size_t n, size_t *cap, size_t sz);

#endif
