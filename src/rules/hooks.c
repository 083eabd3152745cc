/* hooks: webhook allow-list and token-rights rules (see hooks.h). */
#include "rules/hooks.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* Length of the scheme part ("http://" or "https://"), 0 for anything else. */
static size_t scheme_len(const char *url)
{
	if (strncasecmp(url, "http://", 7) == 0)
		return 7;
	if (strncasecmp(url, "https://", 8) == 0)
		return 8;
	return 0;
}

/* The authority of url: [*start, *end) after the scheme, up to "/", "?" or "#". */
static bool authority(const char *url, const char **start, const char **end)
{
	size_t k = scheme_len(url);
	if (k == 0)
		return false;
	const char *p = url + k;
	*start = p;
	while (*p && *p != '/' && *p != '?' && *p != '#')
		p++;
	*end = p;
	return *end > *start;
}

/* Host characters: letters, digits, "-", "." (names and IPv4) or the inside of [IPv6]. */
static bool host_ok(const char *h, size_t n, bool bracketed)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)h[i];
		if (isalnum(c) || c == '-' || c == '.')
			continue;
		if (bracketed && c == ':')
			continue;
		return false;
	}
	return true;
}

bool hooks_url_valid(const char *url)
{
	char host[256];
	if (url == NULL || strlen(url) > HOOKS_URL_MAX)
		return false;
	for (const char *p = url; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f || *p == '\\')
			return false;
	return hooks_url_host(url, host, sizeof host);
}

bool hooks_url_host(const char *url, char *host, size_t size)
{
	const char *a, *z;
	if (url == NULL || !authority(url, &a, &z))
		return false;
	if (memchr(a, '@', (size_t)(z - a)) != NULL)
		return false;	/* user:password@host hides the real host */
	const char *h = a, *he;
	bool bracketed = *a == '[';
	if (bracketed) {
		h = a + 1;
		he = memchr(h, ']', (size_t)(z - h));
		if (he == NULL)
			return false;
		if (he + 1 < z && he[1] != ':')
			return false;
	} else {
		he = memchr(a, ':', (size_t)(z - a));
		if (he == NULL)
			he = z;
	}
	const char *port = bracketed ? he + 1 : he;
	if (port < z) {	/* ":digits" */
		if (*port != ':' || port + 1 == z)
			return false;
		for (const char *p = port + 1; p < z; p++)
			if (!isdigit((unsigned char)*p))
				return false;
		if (z - port > 6)
			return false;
	}
	size_t n = (size_t)(he - h);
	if (!host_ok(h, n, bracketed) || n + 1 > size)
		return false;
	for (size_t i = 0; i < n; i++)
		host[i] = (char)tolower((unsigned char)h[i]);
	host[n] = '\0';
	return true;
}

/* Calls fn on every trimmed, non-empty entry of list; stops when fn returns true. */
static bool each_entry(const char *list, bool (*fn)(const char *entry, size_t n, void *ctx),
		       void *ctx)
{
	const char *p = list;
	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		const char *s = p;
		while (n > 0 && isspace((unsigned char)*s))
			s++, n--;
		while (n > 0 && isspace((unsigned char)s[n - 1]))
			n--;
		if (n > 0 && fn(s, n, ctx))
			return true;
		p = end ? end + 1 : NULL;
	}
	return false;
}

static bool entry_bad(const char *s, size_t n, void *ctx)
{
	(void)ctx;
	char buf[HOOKS_URL_MAX + 1], host[256];
	if (n > HOOKS_URL_MAX)
		return true;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (strstr(buf, "://") != NULL)
		return !hooks_url_valid(buf);
	if (strchr(buf, '/') != NULL || strchr(buf, '@') != NULL)
		return true;
	/* A bare host: as it would appear in a URL. */
	char url[HOOKS_URL_MAX + 16];
	memcpy(url, "http://", 7);
	memcpy(url + 7, buf, n + 1);
	if (!hooks_url_host(url, host, sizeof host))
		return true;
	return strchr(buf, ':') != NULL && buf[0] != '[';	/* no ports on bare hosts */
}

int hooks_allow_list_valid(const char *list)
{
	if (list == NULL)
		return -1;
	return each_entry(list, entry_bad, NULL) ? -1 : 0;
}

struct match {
	const char *url;
	const char *host;
};

static bool entry_admits(const char *s, size_t n, void *ctx)
{
	const struct match *m = ctx;
	if (entry_bad(s, n, NULL))
		return false;
	if (memmem(s, n, "://", 3) != NULL) {
		if (strlen(m->url) < n || strncmp(m->url, s, n) != 0)
			return false;
		char next = m->url[n];
		return s[n - 1] == '/' || next == '\0' || next == '/' || next == '?' || next == '#';
	}
	char host[256];
	size_t k = n;
	if (s[0] == '[' && s[n - 1] == ']')
		s++, k -= 2;
	if (k >= sizeof host)
		return false;
	for (size_t i = 0; i < k; i++)
		host[i] = (char)tolower((unsigned char)s[i]);
	host[k] = '\0';
	return strcmp(host, m->host) == 0;
}

bool hooks_url_allowed(const char *list, const char *url)
{
	char host[256];
	if (list == NULL || !hooks_url_valid(url) || !hooks_url_host(url, host, sizeof host))
		return false;
	struct match m = {url, host};
	return each_entry(list, entry_admits, &m);
}

unsigned hooks_token_rights(unsigned token_rights, unsigned owner_rights)
{
	return token_rights & owner_rights;
}

long hooks_retry_delay(int attempts_made)
{
	/* 1 s, 4 s, 16 s, 64 s: quick for a blip, patient for a restart. */
	long d = 1;
	for (int i = 1; i < attempts_made && d < 3600; i++)
		d *= 4;
	return d;
}
