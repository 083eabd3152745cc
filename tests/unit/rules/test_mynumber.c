/*
 * Unit tests of rules/mynumber: the individual-number scanner (Abiko §5(2)).
 * Valid numbers are generated (check digit computed here with the ordinance's formula,
 * independently of the code under test) and written in every notation; corporate
 * numbers, phone numbers, postal codes, invalid check digits and longer digit runs
 * must pass. Every number here is made up.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "rules/mynumber.h"

#include <stdio.h>
#include <string.h>

/* The ordinance's formula: P_n from the right, Q_n = n+1 (n <= 6) else n-5. */
static char check_digit(const char *d11)
{
	int sum = 0;
	for (int n = 1; n <= 11; n++) {
		int p = d11[11 - n] - '0';
		int q = n <= 6 ? n + 1 : n - 5;
		sum += p * q;
	}
	int r = sum % 11;
	return (char)('0' + (r <= 1 ? 0 : 11 - r));
}

/* A valid 12-digit number from a seed. */
static void make(unsigned seed, char out[13])
{
	unsigned x = seed * 2654435761u + 12345u;
	for (int i = 0; i < 11; i++) {
		x = x * 1103515245u + 12345u;
		out[i] = (char)('0' + (x >> 16) % 10);
	}
	out[11] = check_digit(out);
	out[12] = '\0';
}

static enum mn_verdict scan(const char *text, bool prose, const char *label)
{
	struct mn_opts o = {prose, label};
	struct mn_result r;
	mynumber_scan(text, strlen(text), &o, &r);
	return r.verdict;
}

/* Writes the digits of d in a notation: sep between 4-4-4 groups, full-width digits. */
static void notate(const char *d, const char *sep, bool wide, char *out, size_t size)
{
	size_t k = 0;
	for (int i = 0; i < 12; i++) {
		if (sep && (i == 4 || i == 8))
			k += (size_t)snprintf(out + k, size - k, "%s", sep);
		if (wide)
			k += (size_t)snprintf(out + k, size - k, "\xEF\xBC%c", (char)(0x90 + d[i] - '0'));
		else
			out[k++] = d[i];
	}
	out[k] = '\0';
}

static void check_digits(void **state)
{
	(void)state;
	assert_int_equal(mynumber_check_digit("62149832025"), 7);
	assert_true(mynumber_valid("621498320257"));
	assert_true(mynumber_valid("123456789018"));
	assert_false(mynumber_valid("123456789019"));
	assert_false(mynumber_valid("12345678901x"));
	assert_int_equal(mynumber_check_digit("1234567890a"), -1);
	for (unsigned s = 0; s < 2000; s++) {
		char d[13];
		make(s, d);
		assert_true(mynumber_valid(d));
		char good = d[11];
		for (char c = '0'; c <= '9'; c++) {
			if (c == good)
				continue;
			d[11] = c;
			assert_false(mynumber_valid(d));
		}
	}
	assert_true(corporate_valid("7000012050002"));
	assert_true(corporate_valid("1180301018771"));
	assert_false(corporate_valid("8000012050002"));
	assert_int_equal(corporate_check_digit("000012050002"), 7);
}

static void every_notation_refused(void **state)
{
	(void)state;
	static const char *const seps[] = {
		NULL, " ", "-", "\xE3\x80\x80" /* full-width space */, "\xEF\xBC\x8D" /* ー */,
		"\xE2\x88\x92" /* minus */, "\xE3\x83\xBC" /* long vowel */, " - ",
	};
	for (unsigned s = 0; s < 200; s++) {
		char d[13];
		make(s, d);
		for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++) {
			for (int wide = 0; wide < 2; wide++) {
				char n[128], text[512];
				notate(d, seps[i], wide, n, sizeof n);
				assert_int_equal(scan(n, false, NULL), MN_REFUSE);
				snprintf(text, sizeof text, "氏名 山田太郎、番号 %s、住所 我孫子市", n);
				assert_int_equal(scan(text, false, NULL), MN_REFUSE);
				snprintf(text, sizeof text, "\"a\",\"%s\",\"b\"", n);
				assert_int_equal(scan(text, false, NULL), MN_REFUSE);
			}
		}
	}
}

static void others_pass(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"7000012050002",		/* corporate numbers */
		"1180301018771",
		"法人番号 7000012050002 の会社",
		"7000-0120-5000-2",
		"03-1234-5678",			/* phone numbers */
		"090-1234-5678",
		"TEL 03-1234-5678 携帯 090-1234-5678",
		"03-1234-5678 090-1234-5678 0120-123-456",
		"〒270-1192",			/* postal codes */
		"270-1192 千葉県我孫子市我孫子1858",
		"123456789019",			/* invalid check digits */
		"1234 5678 9019",
		"1234567890180",		/* 13 digits, not a corporate number */
		"99123456789018",		/* longer runs holding a valid window */
		"1234567890189999",
		"1234-5678-9018-2222",
		"3.14159265358979",		/* decimals */
		"0.123456789018",
		"123456789018.5",
		"2024-04-01 09:30",
		"1 2 3 4 5 6 7 8 9 0 1 8",	/* small numbers in a row */
		"12 34 56 78 90 18",
		"",
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		struct mn_result r;
		mynumber_scan(texts[i], strlen(texts[i]), NULL, &r);
		if (r.verdict != MN_NONE)
			fail_msg("flagged: %s", texts[i]);
	}
	struct mn_result r;
	const char *two = "7000012050002 と 1180301018771";
	mynumber_scan(two, strlen(two), NULL, &r);
	assert_int_equal(r.corporate, 2);
	assert_int_equal(r.hits, 0);
}

static void boundaries(void **state)
{
	(void)state;
	/* A valid number next to other numbers, but not glued to them, is found. */
	assert_int_equal(scan("2024 123456789018", false, NULL), MN_REFUSE);
	assert_int_equal(scan("2024 1234-5678-9018", false, NULL), MN_REFUSE);
	assert_int_equal(scan("No.123456789018", false, NULL), MN_REFUSE);
	assert_int_equal(scan("{\"n\":123456789018}", false, NULL), MN_REFUSE);
	assert_int_equal(scan("x\t123456789018\ty", false, NULL), MN_REFUSE);
	assert_int_equal(scan("ID123456789018号", false, NULL), MN_REFUSE);
	/* Invalid UTF-8 around it does not hide it. */
	assert_int_equal(scan("\xff\xfe" "123456789018" "\xc3", false, NULL), MN_REFUSE);
}

static void prose(void **state)
{
	(void)state;
	const char *bare = "本日の会議で次の件について話し合いました。参照 123456789018 を確認のうえ、"
			   "来週までに担当者から回答します。";
	struct mn_result r;
	struct mn_opts o = {true, NULL};
	mynumber_scan(bare, strlen(bare), &o, &r);
	assert_int_equal(r.verdict, MN_CONFIRM);
	assert_int_equal(r.why, 0);
	assert_int_equal(r.hits, 1);
	/* The same text in a structured field is refused. */
	assert_int_equal(scan(bare, false, NULL), MN_REFUSE);
	/* A keyword near it, in the label, or the card's grouping: refused. */
	const char *kw = "本日の会議で次の件について話し合いました。個人番号は 123456789018 です。"
			 "来週までに担当者から回答します。";
	mynumber_scan(kw, strlen(kw), &o, &r);
	assert_int_equal(r.verdict, MN_REFUSE);
	assert_true(r.why & MN_WHY_KEYWORD);
	const char *en = "We discussed the case at length today; her My Number is 123456789018, "
			 "and we will reply next week.";
	mynumber_scan(en, strlen(en), &o, &r);
	assert_true(r.why & MN_WHY_KEYWORD);
	assert_int_equal(scan(bare, true, "マイナンバー欄"), MN_REFUSE);
	assert_int_equal(scan(bare, true, "備考"), MN_CONFIRM);
	const char *grp = "本日の会議で次の件について話し合いました。参照 1234 5678 9018 を確認のうえ、"
			  "来週までに担当者から回答します。";
	mynumber_scan(grp, strlen(grp), &o, &r);
	assert_int_equal(r.verdict, MN_REFUSE);
	assert_true(r.why & MN_WHY_GROUPED);
	/* Short prose is the number itself. */
	mynumber_scan("番号: 123456789018", 20, &o, &r);
	assert_int_equal(r.verdict, MN_REFUSE);
	assert_true(r.why & MN_WHY_SHORT);
	/* Far from the number, a keyword does not count. */
	char far[1024];
	snprintf(far, sizeof far, "%s%s%s", "個人番号の扱いについて。", 
		 "ああああああああああああああああああああああああああああああああああああああああああああああ",
		 "参照 123456789018 を確認してください。");
	mynumber_scan(far, strlen(far), &o, &r);
	assert_int_equal(r.verdict, MN_CONFIRM);
}

static void keywords(void **state)
{
	(void)state;
	assert_true(mynumber_keyword("個人番号", strlen("個人番号")));
	assert_true(mynumber_keyword("MY NUMBER", 9));
	assert_true(mynumber_keyword("the MyNumber card", 17));
	assert_true(mynumber_keyword("通知カードの写し", strlen("通知カードの写し")));
	assert_false(mynumber_keyword("電話番号", strlen("電話番号")));
	assert_false(mynumber_keyword(NULL, 0));
}

static void html(void **state)
{
	(void)state;
	char out[256];
	const char *in = "<p>番号<b>1234</b>5678&nbsp;9018 &amp; &#49;&#x32;&#65299; &bogus; &#60;</p>";
	size_t n = mynumber_html_text(in, strlen(in), out);
	assert_string_equal(out, " 番号 1234 5678 9018 &amp; 12３ &bogus; &#60; ");
	assert_int_equal(n, strlen(out));
	assert_true(n <= strlen(in));
	assert_int_equal(scan(out, true, NULL), MN_REFUSE);
	/* An unclosed tag is text. */
	mynumber_html_text("a<b", 3, out);
	assert_string_equal(out, "a<b");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(check_digits),
		cmocka_unit_test(every_notation_refused),
		cmocka_unit_test(others_pass),
		cmocka_unit_test(boundaries),
		cmocka_unit_test(prose),
		cmocka_unit_test(keywords),
		cmocka_unit_test(html),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
