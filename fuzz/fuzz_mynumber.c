/*
 * fuzz_mynumber: libFuzzer target for the individual-number scanner (rules/mynumber.c).
 *
 * The input bytes (any, valid UTF-8 or not) are scanned as a structured value and as
 * prose, with and without a label. Beyond the sanitizers it checks the contract: no hit
 * means MN_NONE; a structured value is never merely MN_CONFIRM; prose is refused exactly
 * when a reason bit is set; a label naming individual numbers never lowers the verdict.
 * The rich-text conversion must fit in the input's length. Anything else aborts.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "rules/mynumber.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what)
{
	fprintf(stderr, "fuzz_mynumber: %s\n", what);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct mn_opts structured = {false, NULL}, prose = {true, NULL}, labelled = {true, "個人番号"};
	struct mn_result s, p, l;
	mynumber_scan(text, size, &structured, &s);
	mynumber_scan(text, size, &prose, &p);
	mynumber_scan(text, size, &labelled, &l);
	if (s.hits != p.hits || s.hits != l.hits || s.corporate != p.corporate)
		die("the options changed what was found");
	if ((s.hits == 0) != (s.verdict == MN_NONE) || (p.hits == 0) != (p.verdict == MN_NONE))
		die("a verdict without a hit, or a hit without a verdict");
	if (s.verdict == MN_CONFIRM)
		die("a structured value was only asked to confirm");
	if (p.verdict == MN_REFUSE && p.why == 0)
		die("prose refused without a reason");
	if (p.verdict == MN_CONFIRM && p.why != 0)
		die("prose confirmed despite a reason");
	if (l.verdict < p.verdict)
		die("a label naming individual numbers lowered the verdict");
	/* Rich text: the plain text fits the buffer the contract promises. */
	char *plain = malloc(size + 1);
	if (plain == NULL)
		return 0;
	size_t n = mynumber_html_text(text, size, plain);
	if (n > size || plain[n] != '\0')
		die("the text of rich text outgrew its input");
	mynumber_scan(plain, n, &prose, &p);
	free(plain);
	return 0;
}
