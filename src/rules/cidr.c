/* cidr: parsing address ranges and matching client addresses against them (see cidr.h). */
#include "rules/cidr.h"

#include <arpa/inet.h>
#include <string.h>

static const unsigned char v4mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

/* Parses an address (no prefix) into out; returns 4, 6 or 0 when malformed. */
static int parse_addr(const char *text, size_t n, unsigned char *out)
{
	char buf[64];
	if (n == 0 || n >= sizeof buf)
		return 0;
	memcpy(buf, text, n);
	buf[n] = '\0';
	memset(out, 0, 16);
	if (inet_pton(AF_INET, buf, out) == 1)
		return 4;
	if (inet_pton(AF_INET6, buf, out) == 1) {
		if (memcmp(out, v4mapped, 12) == 0) {
			memmove(out, out + 12, 4);
			memset(out + 4, 0, 12);
			return 4;
		}
		return 6;
	}
	return 0;
}

static void trim(const char **p, size_t *n)
{
	while (*n > 0 && (**p == ' ' || **p == '\t'))
		(*p)++, (*n)--;
	while (*n > 0 && ((*p)[*n - 1] == ' ' || (*p)[*n - 1] == '\t'))
		(*n)--;
}

int cidr_parse(const char *text, size_t n, struct cidr *out)
{
	trim(&text, &n);
	const char *slash = memchr(text, '/', n);
	size_t alen = slash ? (size_t)(slash - text) : n;
	out->family = parse_addr(text, alen, out->addr);
	if (out->family == 0)
		return -1;
	int max = out->family == 4 ? 32 : 128;
	out->prefix = max;
	if (slash != NULL) {
		const char *p = slash + 1, *end = text + n;
		if (p == end || end - p > 3)
			return -1;
		int v = 0;
		for (; p < end; p++) {
			if (*p < '0' || *p > '9')
				return -1;
			v = v * 10 + (*p - '0');
		}
		if (v > max)
			return -1;
		out->prefix = v;
	}
	/* Keep only the network part, so "10.1.2.3/8" means 10.0.0.0/8. */
	for (int bit = out->prefix; bit < 128; bit++)
		out->addr[bit / 8] &= (unsigned char)~(0x80u >> (bit % 8));
	return 0;
}

bool cidr_contains(const struct cidr *c, const char *addr)
{
	unsigned char a[16];
	int fam = parse_addr(addr, strlen(addr), a);
	if (fam == 0 || fam != c->family)
		return false;
	int full = c->prefix / 8, rest = c->prefix % 8;
	if (memcmp(a, c->addr, (size_t)full) != 0)
		return false;
	if (rest == 0)
		return true;
	unsigned char mask = (unsigned char)(0xffu << (8 - rest));
	return (a[full] & mask) == c->addr[full];
}

/* Calls each non-empty entry of list: fn returns true to stop; returns that result. */
static int each_entry(const char *list, int (*fn)(const char *, size_t, const void *),
		      const void *arg)
{
	const char *p = list;
	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		const char *q = p;
		size_t m = n;
		trim(&q, &m);
		int rc = m > 0 ? fn(q, m, arg) : 0;
		if (rc != 0)
			return rc;
		p = end ? end + 1 : NULL;
	}
	return 0;
}

static int invalid_entry(const char *text, size_t n, const void *arg)
{
	struct cidr c;
	(void)arg;
	return cidr_parse(text, n, &c) != 0;
}

static int matching_entry(const char *text, size_t n, const void *arg)
{
	struct cidr c;
	return cidr_parse(text, n, &c) == 0 && cidr_contains(&c, arg);
}

int cidr_list_valid(const char *list)
{
	return each_entry(list, invalid_entry, NULL) ? -1 : 0;
}

bool cidr_list_contains(const char *list, const char *addr)
{
	return each_entry(list, matching_entry, addr) != 0;
}
