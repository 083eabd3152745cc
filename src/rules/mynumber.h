/*
 * mynumber: finding individual numbers (個人番号, "My Number") in text, for the guard
 * that keeps 特定個人情報 out of apps not approved for it (Abiko §5(2), RULES.md row 2).
 * Pure: bytes in, a verdict out; no I/O, no allocation.
 *
 * A candidate is 12 digits that are not part of a longer digit run: one run of 12
 * digits, or 2-3 runs joined by one separator (space, hyphen and their full-width
 * forms, the minus sign, the long-vowel mark IMEs type for a hyphen) such as the 4-4-4
 * grouping printed on the card. Full-width digits count as digits. A candidate is a
 * hit only when its check digit is valid (weights 6 5 4 3 2 7 6 5 4 3 2). 13-digit
 * corporate numbers (法人番号, check digit first) are recognised and allowed.
 *
 * The verdict: a hit in a structured field (anything but prose) is refused; in prose
 * it is refused when a keyword (個人番号, マイナンバー, my number, 番号カード, 通知カード)
 * is near it or in the field's label, when it uses the 4-4-4 grouping, or when the text
 * is short; a bare hit in long prose asks the person to confirm.
 *
 * The result never holds the digits themselves: callers report where, never what.
 */
#ifndef DAICHO_RULES_MYNUMBER_H
#define DAICHO_RULES_MYNUMBER_H

#include <stdbool.h>
#include <stddef.h>

enum mn_verdict {
	MN_NONE = 0,		/* nothing that looks like an individual number */
	MN_CONFIRM = 1,		/* a bare hit in long prose: the person must confirm */
	MN_REFUSE = 2,		/* refuse the write */
};

/* Why a verdict was reached (bits of mn_result.why). */
enum {
	MN_WHY_STRUCTURED = 1,	/* the text is a structured (non-prose) value */
	MN_WHY_KEYWORD = 2,	/* a keyword is near a hit */
	MN_WHY_LABEL = 4,	/* the field's label names individual numbers */
	MN_WHY_GROUPED = 8,	/* a hit uses the card's 4-4-4 grouping */
	MN_WHY_SHORT = 16,	/* prose, but too short to be anything but the number */
};

/* Prose shorter than this many code points is treated as a structured value. */
enum { MN_PROSE_MIN = 40 };

struct mn_opts {
	bool prose;		/* free text (multi-line, rich text, comments, .txt files) */
	const char *label;	/* the field's label, or NULL */
};

struct mn_result {
	enum mn_verdict verdict;
	unsigned why;		/* MN_WHY_* bits */
	size_t hits;		/* candidates with a valid check digit */
	size_t corporate;	/* valid 13-digit corporate numbers seen (allowed) */
};

/*
 * Scans text[0..len) (UTF-8; invalid bytes count as other characters) and fills *out.
 * o may be NULL (structured, no label).
 */
void mynumber_scan(const char *text, size_t len, const struct mn_opts *o, struct mn_result *out);

/*
 * The text of rich-text HTML for scanning: each tag becomes a space, &nbsp; and numeric
 * character references to digits or spaces become those characters, other entities stay.
 * Writes at most len + 1 bytes to out (the caller allocates that much) and returns the
 * length written (out is NUL-terminated).
 */
size_t mynumber_html_text(const char *html, size_t len, char *out);

/* The check digit of 11 ASCII digits, or -1 when d holds anything else. */
int mynumber_check_digit(const char *d);
/* True when d[0..12) are 12 ASCII digits with a valid individual-number check digit. */
bool mynumber_valid(const char *d);
/* The check digit (the first digit) of a corporate number's 12-digit base, or -1. */
int corporate_check_digit(const char *base);
/* True when d[0..13) are 13 ASCII digits forming a valid corporate number. */
bool corporate_valid(const char *d);
/* True when text[0..len) contains one of the context keywords (any ASCII case). */
bool mynumber_keyword(const char *text, size_t len);

#endif
