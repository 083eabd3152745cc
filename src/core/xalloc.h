/*
 * xalloc: allocation wrappers that abort on out-of-memory.
 *
 * daicho does not try to limp on after malloc fails: every size is checked against its
 * limit before allocating, so a failure here means the machine is out of memory, and the
 * process stops with a message instead of corrupting state. Callers free with free().
 */
#ifndef DAICHO_CORE_XALLOC_H
#define DAICHO_CORE_XALLOC_H

#include <stddef.h>

/* Returns zeroed memory for n bytes (n may be 0); never NULL. */
void *xcalloc(size_t n);
/* Resizes p to n bytes; never NULL. */
void *xrealloc(void *p, size_t n);
/* Copies the NUL-terminated string s; never NULL. */
char *xstrdup(const char *s);
/* Copies n bytes of s and adds a NUL; never NULL. */
char *xstrndup(const char *s, size_t n);

#endif
