/* downloads: the bulk-download warning decisions (see downloads.h). */
#include "rules/downloads.h"
#include "core/utf8.h"

#include <string.h>

int64_t dl_count_for(const char *action, size_t n_ids)
{
	if (action == NULL)
		return 0;
	if (strcmp(action, "file.download") == 0)
		return 1;
	if (strcmp(action, "records.read") == 0 || strcmp(action, "cursor.read") == 0 ||
	    strcmp(action, "record.read") == 0 || strcmp(action, "records.export") == 0)
		return (int64_t)n_ids;
	return 0;
}

enum dl_verdict dl_decide(const struct dl_input *in)
{
	if (in->count <= 0)
		return DL_ALLOW;
	int64_t total = in->before + in->count;
	if (in->cap > 0 && total > in->cap)
		return DL_CAP;
	if (in->threshold <= 0 || total <= in->threshold)
		return DL_ALLOW;
	return in->has_reason ? DL_WARN_REASON : DL_WARN;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int dl_reason_decode(const char *value, char *out, size_t size)
{
	size_t k = 0;
	if (value == NULL || size == 0)
		return -1;
	for (const char *p = value; *p; p++) {
		char c = *p;
		if (c == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
			c = (char)(hexval(p[1]) * 16 + hexval(p[2]));
			p += 2;
		}
		if (k + 1 >= size)
			return -1;
		out[k++] = c;
	}
	out[k] = '\0';
	size_t start = 0;
	while (start < k && (out[start] == ' ' || out[start] == '\t'))
		start++;
	while (k > start && (out[k - 1] == ' ' || out[k - 1] == '\t'))
		k--;
	memmove(out, out + start, k - start);
	k -= start;
	out[k] = '\0';
	if (!utf8_valid(out, k, NULL))
		return -1;
	for (size_t i = 0; i < k; i++)
		if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f)
			return -1;
	size_t n = utf8_count(out, k);
	return n >= DL_REASON_MIN && n <= DL_REASON_MAX ? 0 : -1;
}
