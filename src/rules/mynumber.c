/*
 * mynumber: the individual-number scanner (see mynumber.h).
 *
 * The text is read once, code point by code point. Maximal runs of digits are
 * "groups"; groups joined by one hyphen-like separator form a "token" (1234-5678-9018);
 * tokens joined by one or two spaces form a "chain" (1234 5678 9018). When a chain
 * ends it is examined: a single token of 12 digits is a candidate wherever it stands,
 * several tokens only when they make up the whole chain (so a list of numbers is not
 * cut into twelve-digit windows). A digit run glued to another by a decimal point is a
 * decimal number, never a candidate. A chain or token of 13 digits that passes the
 * corporate-number check is a corporate number and allowed.
 */
#include "rules/mynumber.h"

#include <string.h>

enum {
	GROUP_DIGITS = 16,	/* digits kept per group (longer groups are never candidates) */
	CHAIN_MAX = 32,		/* groups per chain; a longer chain is examined in parts */
	KEYWORD_SPAN = 120,	/* bytes either side of a hit searched for keywords */
	GAP_MAX = 3,		/* separator characters between two joined groups */
};

enum join { JOIN_NONE, JOIN_HYPHEN, JOIN_SPACE };

struct group {
	size_t start, end;	/* byte offsets of the first digit and after the last */
	int ndig;		/* digits in the run (may exceed GROUP_DIGITS) */
	char d[GROUP_DIGITS];	/* the first digits, ASCII */
	bool decimal;		/* glued to another run by a decimal point */
	enum join join;		/* how it joins the group before it in the chain */
};

struct scan {
	const char *text;
	size_t len;
	struct group chain[CHAIN_MAX];
	int n;
	struct mn_result *out;
	bool grouped, keyword;
};

int mynumber_check_digit(const char *d)
{
	static const int w[11] = {6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
	int sum = 0;
	for (int i = 0; i < 11; i++) {
		if (d[i] < '0' || d[i] > '9')
			return -1;
		sum += (d[i] - '0') * w[i];
	}
	int r = sum % 11;
	return r <= 1 ? 0 : 11 - r;
}

bool mynumber_valid(const char *d)
{
	int c = mynumber_check_digit(d);
	return c >= 0 && d[11] == '0' + c;
}

int corporate_check_digit(const char *base)
{
	int sum = 0;
	for (int i = 0; i < 12; i++) {
		if (base[i] < '0' || base[i] > '9')
			return -1;
		/* From the right: odd positions weigh 1, even ones 2. */
		sum += (base[i] - '0') * ((12 - i) % 2 == 1 ? 1 : 2);
	}
	return 9 - sum % 9;
}

bool corporate_valid(const char *d)
{
	int c = corporate_check_digit(d + 1);
	return c >= 0 && d[0] == '0' + c;
}

/* Writes code point cp (a digit or a space) as UTF-8; returns the bytes written. */
static size_t put_cp(char *out, unsigned cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	out[0] = (char)(0xE0 | (cp >> 12));
	out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[2] = (char)(0x80 | (cp & 0x3F));
	return 3;
}

size_t mynumber_html_text(const char *html, size_t len, char *out)
{
	size_t k = 0;
	for (size_t i = 0; i < len;) {
		if (html[i] == '<') {
			const char *gt = memchr(html + i, '>', len - i);
			if (gt != NULL) {
				out[k++] = ' ';
				i = (size_t)(gt - html) + 1;
				continue;
			}
		}
		if (html[i] == '&') {
			size_t j = i + 1;
			unsigned cp = 0;
			bool ok = false;
			if (len - j >= 5 && strncmp(html + j, "nbsp;", 5) == 0) {
				cp = ' ';
				j += 5;
				ok = true;
			} else if (j < len && html[j] == '#') {
				bool hex = j + 1 < len && (html[j + 1] == 'x' || html[j + 1] == 'X');
				j += hex ? 2 : 1;
				size_t start = j;
				while (j < len && j - start < 7 &&
				       ((html[j] >= '0' && html[j] <= '9') ||
					(hex && ((html[j] | 0x20) >= 'a' && (html[j] | 0x20) <= 'f')))) {
					int d = html[j] <= '9' ? html[j] - '0' : (html[j] | 0x20) - 'a' + 10;
					cp = cp * (hex ? 16 : 10) + (unsigned)d;
					j++;
				}
				ok = j > start && j < len && html[j] == ';';
				j++;
				/* Only what the scanner reads: digits, full-width digits, spaces. */
				ok = ok && ((cp >= '0' && cp <= '9') || cp == ' ' || cp == 0xA0 ||
					    cp == 0x3000 || (cp >= 0xFF10 && cp <= 0xFF19));
			}
			if (ok) {
				/* Every form is no longer than the reference it replaces. */
				k += put_cp(out + k, cp == 0xA0 ? ' ' : cp);
				i = j;
				continue;
			}
		}
		out[k++] = html[i++];
	}
	out[k] = '\0';
	return k;
}

/* ASCII-case-insensitive search of needle in hay[0..n). */
static bool contains(const char *hay, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	for (size_t i = 0; i + m <= n; i++) {
		size_t k = 0;
		while (k < m) {
			unsigned char a = (unsigned char)hay[i + k], b = (unsigned char)needle[k];
			if (a >= 'A' && a <= 'Z')
				a = (unsigned char)(a - 'A' + 'a');
			if (a != b)
				break;
			k++;
		}
		if (k == m)
			return true;
	}
	return false;
}

bool mynumber_keyword(const char *text, size_t len)
{
	static const char *const words[] = {
		"個人番号", "マイナンバー", "ﾏｲﾅﾝﾊﾞｰ", "番号カード", "通知カード",
		"my number", "mynumber", "my-number", "my_number", "individual number",
	};
	if (text == NULL)
		return false;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (contains(text, len, words[i]))
			return true;
	return false;
}

/* Decodes one code point at s[i]; invalid or truncated sequences are one byte, U+FFFD. */
static size_t decode(const unsigned char *s, size_t n, size_t i, unsigned *cp)
{
	unsigned c = s[i];
	size_t k;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		k = 2, c &= 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		k = 3, c &= 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		k = 4, c &= 0x07;
	else
		k = 0;
	if (k == 0 || i + k > n) {
		*cp = 0xFFFD;
		return 1;
	}
	for (size_t j = 1; j < k; j++) {
		if ((s[i + j] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		c = (c << 6) | (s[i + j] & 0x3F);
	}
	*cp = c;
	return k;
}

static int digit_of(unsigned cp)
{
	if (cp >= '0' && cp <= '9')
		return (int)(cp - '0');
	if (cp >= 0xFF10 && cp <= 0xFF19)	/* full-width ０-９ */
		return (int)(cp - 0xFF10);
	return -1;
}

static bool is_hyphen(unsigned cp)
{
	return cp == '-' || (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0x30FC ||
	       cp == 0xFF0D || cp == 0xFF70 || cp == 0xFE63;
}

static bool is_space(unsigned cp)
{
	return cp == ' ' || cp == 0x3000 || cp == 0xA0;
}

/* The digits of groups [a, b) into out (at most 13); false when they do not fit. */
static bool concat(const struct scan *sc, int a, int b, char *out, int want)
{
	int k = 0;
	for (int g = a; g < b; g++) {
		if (sc->chain[g].ndig > GROUP_DIGITS || k + sc->chain[g].ndig > want)
			return false;
		memcpy(out + k, sc->chain[g].d, (size_t)sc->chain[g].ndig);
		k += sc->chain[g].ndig;
	}
	return k == want;
}

static int digits_of(const struct scan *sc, int a, int b, bool *decimal)
{
	int sum = 0;
	*decimal = false;
	for (int g = a; g < b; g++) {
		sum += sc->chain[g].ndig;
		*decimal = *decimal || sc->chain[g].decimal;
	}
	return sum;
}

static bool corporate_at(const struct scan *sc, int a, int b)
{
	bool dec;
	char d[13];
	return digits_of(sc, a, b, &dec) == 13 && !dec && concat(sc, a, b, d, 13) && corporate_valid(d);
}

/* Groups [a, b) hold 12 digits: a hit when the check digit is valid. */
static void candidate(struct scan *sc, int a, int b)
{
	char d[12];
	/* Joined runs of one or two digits are lists of small numbers, not a number. */
	for (int g = a; g < b && b - a > 1; g++)
		if (sc->chain[g].ndig < 3)
			return;
	if (!concat(sc, a, b, d, 12) || !mynumber_valid(d))
		return;
	sc->out->hits++;
	if (b - a == 3 && sc->chain[a].ndig == 4 && sc->chain[a + 1].ndig == 4 &&
	    sc->chain[a + 2].ndig == 4)
		sc->grouped = true;
	size_t from = sc->chain[a].start > KEYWORD_SPAN ? sc->chain[a].start - KEYWORD_SPAN : 0;
	size_t to = sc->chain[b - 1].end + KEYWORD_SPAN;
	if (to > sc->len)
		to = sc->len;
	if (mynumber_keyword(sc->text + from, to - from))
		sc->keyword = true;
}

/* Examines the chain gathered so far and empties it. */
static void examine(struct scan *sc)
{
	int n = sc->n;
	sc->n = 0;
	if (n == 0)
		return;
	if (corporate_at(sc, 0, n)) {
		sc->out->corporate++;
		return;
	}
	/* Tokens: groups joined by hyphens. */
	int starts[CHAIN_MAX + 1], nt = 0;
	for (int g = 0; g < n; g++)
		if (g == 0 || sc->chain[g].join != JOIN_HYPHEN)
			starts[nt++] = g;
	starts[nt] = n;
	for (int t = 0; t < nt; t++) {
		int a = starts[t], b = starts[t + 1];
		bool dec;
		int sum = digits_of(sc, a, b, &dec);
		if (dec)
			continue;
		if (sum == 13 && corporate_at(sc, a, b))
			sc->out->corporate++;
		else if (sum == 12 && nt > 1)
			candidate(sc, a, b);
	}
	/* The whole chain as one number (one token, or 1234 5678 9018). */
	bool dec;
	if (nt <= 3 && digits_of(sc, 0, n, &dec) == 12 && !dec)
		candidate(sc, 0, n);
}

/* True when text has fewer than MN_PROSE_MIN code points (counts lead bytes only). */
static bool short_text(const unsigned char *s, size_t len)
{
	size_t cps = 0;
	for (size_t i = 0; i < len && cps < MN_PROSE_MIN; i++)
		if ((s[i] & 0xC0) != 0x80)
			cps++;
	return cps < MN_PROSE_MIN;
}

void mynumber_scan(const char *text, size_t len, const struct mn_opts *o, struct mn_result *out)
{
	static struct mn_opts none = {false, NULL};
	struct scan sc;
	const unsigned char *s = (const unsigned char *)text;
	if (o == NULL)
		o = &none;
	memset(out, 0, sizeof *out);
	memset(&sc, 0, sizeof sc);
	sc.text = text;
	sc.len = len;
	sc.out = out;
	struct group *cur = NULL;	/* the group being read, or NULL between groups */
	int gap = 0, hyphens = 0, spaces = 0, dots = 0;
	bool broken = true;		/* the text since the last group cannot join it */
	for (size_t i = 0; i < len;) {
		/* Between chains only a digit matters: skip to an ASCII digit or the lead byte
		 * of a full-width one (U+FF10-FF19 are EF BC 90-99). */
		if (broken && cur == NULL) {
			while (i < len && (s[i] < '0' || s[i] > '9') && s[i] != 0xEF)
				i++;
			if (i == len)
				break;
		}
		unsigned cp;
		size_t k = decode(s, len, i, &cp);
		int dv = digit_of(cp);
		if (dv >= 0) {
			if (cur == NULL) {
				enum join j = JOIN_NONE;
				if (!broken && gap == 1 && dots == 1 && sc.n > 0) {
					/* 3.14: the decimal point glues the runs into one number. */
					cur = &sc.chain[sc.n - 1];
					cur->decimal = true;
				} else if (!broken && sc.n > 0 && dots == 0 && hyphens == 1 && gap <= GAP_MAX) {
					j = JOIN_HYPHEN;
				} else if (!broken && sc.n > 0 && dots == 0 && hyphens == 0 && spaces <= 2) {
					j = JOIN_SPACE;
				} else {
					examine(&sc);
				}
				if (cur == NULL) {
					if (sc.n == CHAIN_MAX)
						examine(&sc);
					cur = &sc.chain[sc.n++];
					memset(cur, 0, sizeof *cur);
					cur->start = i;
					cur->join = sc.n == 1 ? JOIN_NONE : j;
				}
			}
			if (cur->ndig < GROUP_DIGITS)
				cur->d[cur->ndig] = (char)('0' + dv);
			cur->ndig++;
			cur->end = i + k;
			gap = hyphens = spaces = dots = 0;
			broken = false;
		} else {
			cur = NULL;
			if (!broken) {
				gap++;
				if (is_hyphen(cp))
					hyphens++;
				else if (is_space(cp))
					spaces++;
				else if (cp == '.')
					dots++;
				else
					broken = true;
				if (gap > GAP_MAX || hyphens > 1 || dots > 1 || (dots && gap > 1))
					broken = true;
				if (broken)
					examine(&sc);
			}
		}
		i += k;
	}
	examine(&sc);
	if (out->hits == 0)
		return;
	out->verdict = MN_REFUSE;
	if (!o->prose)
		out->why |= MN_WHY_STRUCTURED;
	if (o->label && mynumber_keyword(o->label, strlen(o->label)))
		out->why |= MN_WHY_LABEL;
	if (sc.keyword)
		out->why |= MN_WHY_KEYWORD;
	if (sc.grouped)
		out->why |= MN_WHY_GROUPED;
	if (o->prose && short_text(s, len))
		out->why |= MN_WHY_SHORT;
	if (out->why == 0)
		out->verdict = MN_CONFIRM;
}
