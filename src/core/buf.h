/*
 * buf: a growable byte buffer with a hard maximum, for response bodies and SQL text.
 *
 * The buffer owns its memory (malloc); buf_free releases it, buf_take hands it over.
 * Appends past the maximum set the overflow flag and are dropped, so a writer can
 * append freely and check buf_overflowed once at the end.
 */
#ifndef DAICHO_CORE_BUF_H
#define DAICHO_CORE_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct buf {
	char *data;		/* bytes, always NUL-terminated when non-NULL */
	size_t len;		/* bytes used, excluding the terminating NUL */
	size_t cap;		/* bytes allocated */
	size_t max;		/* hard maximum for len; 0 means no maximum */
	bool overflow;		/* an append was refused by max */
};

/* Prepares an empty buffer that may grow to max bytes (0 = unlimited). */
void buf_init(struct buf *b, size_t max);
/* Releases the buffer's memory and resets it. */
void buf_free(struct buf *b);
/* Returns the bytes (caller frees) and resets the buffer; never NULL. */
char *buf_take(struct buf *b, size_t *len);
/* Forgets the contents but keeps the memory. */
void buf_reset(struct buf *b);

void buf_put(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Appends a signed 64-bit integer in decimal. */
void buf_int(struct buf *b, long long v);
/* Removes the last n bytes (n <= len). */
void buf_trim(struct buf *b, size_t n);
/* The contents as a string ("" when empty); valid until the next append. */
const char *buf_str(const struct buf *b);
bool buf_overflowed(const struct buf *b);

#endif
