/*
 * strutil: small string helpers with strict parsing (no atoi: every number is checked
 * for range and trailing junk).
 */
#ifndef DAICHO_CORE_STRUTIL_H
#define DAICHO_CORE_STRUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parses a whole decimal integer (optional sign); false on junk, empty or overflow. */
bool str_to_i64(const char *s, int64_t *out);
/* Same for s[0..n). */
bool strn_to_i64(const char *s, size_t n, int64_t *out);
/* True when s equals t ignoring ASCII case. */
bool str_ieq(const char *s, const char *t);
/* True when s starts with prefix. */
bool str_starts(const char *s, const char *prefix);
/* True when s ends with suffix. */
bool str_ends(const char *s, const char *suffix);
/* Copies at most size-1 bytes of src into dst and terminates it; returns strlen(src). */
size_t str_copy(char *dst, const char *src, size_t size);
/*
 * Normalises a decimal number written as text ("+1.50e1", " 42 ", "-0.0") to its
 * canonical form ("15", "42", "0"): no exponent, no leading zeros, no trailing
 * fractional zeros. Writes at most size bytes to out. Returns false when s is not a
 * number or the result needs more than max_digits digits.
 */
bool decimal_normalise(const char *s, char *out, size_t size, int max_digits);
/* Compares two canonical decimals numerically: <0, 0, >0. */
int decimal_cmp(const char *a, const char *b);

#endif
