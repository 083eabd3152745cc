/*
 * utf8: strict UTF-8 validation (no overlongs, no surrogates, nothing above U+10FFFF)
 * and code-point counting, for query strings, headers and field lengths.
 */
#ifndef DAICHO_CORE_UTF8_H
#define DAICHO_CORE_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..n) is valid UTF-8; *bad (if non-NULL) gets the offset of the first bad byte. */
bool utf8_valid(const char *s, size_t n, size_t *bad);
/* Number of code points in valid UTF-8 s[0..n). */
size_t utf8_count(const char *s, size_t n);
/* Decodes one code point at s (valid UTF-8 assumed); returns its byte length. */
size_t utf8_decode(const char *s, size_t n, unsigned *cp);

#endif
