/* strutil: small string helpers with strict parsing (see strutil.h). */
#include "core/strutil.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

bool strn_to_i64(const char *s, size_t n, int64_t *out)
{
	char tmp[32];
	if (n == 0 || n >= sizeof tmp)
		return false;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	return str_to_i64(tmp, out);
}

bool str_to_i64(const char *s, int64_t *out)
{
	const char *p = s;
	if (*p == '+' || *p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return false;
	for (const char *q = p; *q; q++)
		if (!isdigit((unsigned char)*q))
			return false;
	errno = 0;
	long long v = strtoll(s, NULL, 10);
	if (errno == ERANGE)
		return false;
	*out = (int64_t)v;
	return true;
}

bool str_ieq(const char *s, const char *t)
{
	for (; *s && *t; s++, t++)
		if (tolower((unsigned char)*s) != tolower((unsigned char)*t))
			return false;
	return *s == *t;
}

bool str_starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool str_ends(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

size_t str_copy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);
	if (size > 0) {
		size_t k = n < size - 1 ? n : size - 1;
		memcpy(dst, src, k);
		dst[k] = '\0';
	}
	return n;
}

bool decimal_normalise(const char *s, char *out, size_t size, int max_digits)
{
	while (*s == ' ' || *s == '\t')
		s++;
	bool neg = false;
	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	char digits[128];
	int nd = 0, point = -1;	/* point: digits before the decimal point */
	bool any = false;
	for (; *s; s++) {
		if (isdigit((unsigned char)*s)) {
			if (nd >= (int)sizeof digits - 1)
				return false;
			digits[nd++] = *s;
			any = true;
		} else if (*s == '.' && point < 0) {
			point = nd;
		} else {
			break;
		}
	}
	if (!any)
		return false;
	if (point < 0)
		point = nd;
	long exp = 0;
	if (*s == 'e' || *s == 'E') {
		s++;
		bool eneg = false;
		if (*s == '+' || *s == '-')
			eneg = *s++ == '-';
		if (!isdigit((unsigned char)*s))
			return false;
		for (; isdigit((unsigned char)*s); s++) {
			exp = exp * 10 + (*s - '0');
			if (exp > 1000)
				return false;
		}
		if (eneg)
			exp = -exp;
	}
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s != '\0')
		return false;
	long ip = (long)point + exp;	/* position of the point in digits */
	/* Build integer part and fraction part as strings. */
	char res[300];
	size_t r = 0;
	if (ip <= 0) {
		res[r++] = '0';
	} else {
		bool lead = true;
		for (long i = 0; i < ip; i++) {
			char c = i < nd ? digits[i] : '0';
			if (lead && c == '0')
				continue;
			lead = false;
			if (r >= sizeof res - 2)
				return false;
			res[r++] = c;
		}
		if (r == 0)
			res[r++] = '0';
	}
	size_t int_len = r;
	char frac[300];
	size_t f = 0;
	for (long i = ip; i < nd; i++) {
		char c = i < 0 ? '0' : digits[i];
		if (f >= sizeof frac - 1)
			return false;
		frac[f++] = c;
	}
	while (f > 0 && frac[f - 1] == '0')
		f--;
	bool zero = (int_len == 1 && res[0] == '0' && f == 0);
	size_t sig = (int_len == 1 && res[0] == '0') ? f : int_len + f;
	if (sig > (size_t)max_digits)
		return false;
	size_t need = (neg && !zero ? 1 : 0) + int_len + (f ? f + 1 : 0) + 1;
	if (need > size)
		return false;
	size_t o = 0;
	if (neg && !zero)
		out[o++] = '-';
	memcpy(out + o, res, int_len);
	o += int_len;
	if (f) {
		out[o++] = '.';
		memcpy(out + o, frac, f);
		o += f;
	}
	out[o] = '\0';
	return true;
}

int decimal_cmp(const char *a, const char *b)
{
	bool na = *a == '-', nb = *b == '-';
	if (na != nb)
		return na ? -1 : 1;
	if (na) {
		a++;
		b++;
	}
	const char *pa = strchr(a, '.'), *pb = strchr(b, '.');
	size_t ia = pa ? (size_t)(pa - a) : strlen(a);
	size_t ib = pb ? (size_t)(pb - b) : strlen(b);
	int c;
	if (ia != ib) {
		c = ia < ib ? -1 : 1;
	} else {
		c = memcmp(a, b, ia);
		if (c == 0) {
			const char *fa = pa ? pa + 1 : "", *fb = pb ? pb + 1 : "";
			while (c == 0 && (*fa || *fb)) {
				char x = *fa ? *fa++ : '0', y = *fb ? *fb++ : '0';
				c = (x > y) - (x < y);
			}
		}
		c = (c > 0) - (c < 0);
	}
	return na ? -c : c;
}
