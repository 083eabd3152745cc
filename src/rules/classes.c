/* classes: information classes, flags, lifecycle states and approval routes (classes.h). */
#include "rules/classes.h"
#include "rules/policy.h"

#include <regex.h>
#include <stdio.h>
#include <string.h>

static const char *const state_names[APP_STATE_COUNT] = {
	"draft", "requested", "approved", "published", "end_requested", "closed",
};
static const char *const state_labels[APP_STATE_COUNT][2] = {
	{"下書き", "draft"},
	{"承認待ち", "awaiting approval"},
	{"承認済み（未公開）", "approved, not yet published"},
	{"公開中", "published"},
	{"利用終了の承認待ち", "end of use awaiting approval"},
	{"利用終了", "closed"},
};

const char *app_state_name(enum app_state s)
{
	return (unsigned)s < APP_STATE_COUNT ? state_names[s] : NULL;
}

int app_state_parse(const char *text)
{
	for (int i = 0; i < APP_STATE_COUNT; i++)
		if (text != NULL && strcmp(text, state_names[i]) == 0)
			return i;
	return -1;
}

const char *app_state_label(enum app_state s, bool english)
{
	return (unsigned)s < APP_STATE_COUNT ? state_labels[s][english] : "?";
}

bool app_state_in_use(enum app_state s)
{
	return s == APP_PUBLISHED || s == APP_END_REQUESTED;
}

static const struct {
	unsigned bit;
	const char *name, *ja, *en;
} flags[] = {
	{APP_FLAG_PERSONAL, "personal", "個人情報", "personal information"},
	{APP_FLAG_SENSITIVE, "sensitive", "要配慮・機微情報", "sensitive personal information"},
	{APP_FLAG_MYNUMBER, "mynumber", "特定個人情報（マイナンバー）", "specific personal information (My Number)"},
};

const char *app_flag_name(int bit)
{
	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
		if (flags[i].bit == (unsigned)bit)
			return flags[i].name;
	return NULL;
}

const char *app_flag_label(int bit, bool english)
{
	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
		if (flags[i].bit == (unsigned)bit)
			return english ? flags[i].en : flags[i].ja;
	return "?";
}

unsigned app_flag_parse(const char *text)
{
	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
		if (text != NULL && strcmp(text, flags[i].name) == 0)
			return flags[i].bit;
	return 0;
}

/* Splits the class list into at most CLASSES_MAX labels in buf; returns how many. */
static int class_list(char *buf, size_t size, const char *label[CLASSES_MAX])
{
	policy_text("apps.classes", buf, size);
	int n = 0;
	char *save = NULL;
	for (char *t = strtok_r(buf, ",", &save); t != NULL && n < CLASSES_MAX;
	     t = strtok_r(NULL, ",", &save)) {
		while (*t == ' ')
			t++;
		size_t len = strlen(t);
		while (len > 0 && t[len - 1] == ' ')
			t[--len] = '\0';
		if (len > 0)
			label[n++] = t;
	}
	return n;
}

/* A class list: 1..CLASSES_MAX non-empty labels separated by commas. */
int classes_list_valid(const char *v)
{
	int n = 0;
	bool empty = true;
	for (const char *p = v;; p++) {
		if (*p == ',' || *p == '\0') {
			if (empty)
				return -1;
			n++;
			empty = true;
			if (*p == '\0')
				break;
		} else if (*p != ' ') {
			empty = false;
		}
	}
	return n >= 1 && n <= CLASSES_MAX ? 0 : -1;
}

int classes_count(void)
{
	char buf[POLICY_TEXT_MAX + 1];
	const char *label[CLASSES_MAX];
	int n = class_list(buf, sizeof buf, label);
	return n > 0 ? n : 1;
}

int classes_clamp(int rank)
{
	int n = classes_count();
	return rank < 1 ? 1 : rank > n ? n : rank;
}

int classes_default_rank(void)
{
	return classes_count();
}

const char *classes_label(int rank, char *out, size_t size)
{
	char buf[POLICY_TEXT_MAX + 1];
	const char *label[CLASSES_MAX];
	int n = class_list(buf, sizeof buf, label);
	if (n == 0)
		snprintf(out, size, "%d", rank);
	else
		snprintf(out, size, "%s", label[(rank < 1 ? 1 : rank > n ? n : rank) - 1]);
	return out;
}

static const char *const step_names[] = {"section_head", "department_head", "administration"};
static const char *const step_labels[][2] = {
	{"所属長", "section head"},
	{"所管部長", "department head"},
	{"行政管理担当課", "administration section"},
};

const char *approval_step_name(enum approval_step s)
{
	return (unsigned)s <= APPROVER_ADMINISTRATION ? step_names[s] : "?";
}

const char *approval_step_label(enum approval_step s, bool english)
{
	return (unsigned)s <= APPROVER_ADMINISTRATION ? step_labels[s][english] : "?";
}

size_t approval_route(int rank, unsigned app_flags, enum approval_step *out, size_t max)
{
	size_t n = 0;
	if (n < max)
		out[n++] = rank <= 1 ? APPROVER_DEPARTMENT_HEAD : APPROVER_SECTION_HEAD;
	if ((app_flags & (APP_FLAG_SENSITIVE | APP_FLAG_MYNUMBER)) && n < max)
		out[n++] = APPROVER_ADMINISTRATION;
	return n;
}

int naming_pattern_valid(const char *pattern)
{
	if (pattern == NULL || pattern[0] == '\0')
		return 0;
	regex_t re;
	if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
		return -1;
	regfree(&re);
	return 0;
}

bool naming_ok(const char *name)
{
	char pattern[POLICY_TEXT_MAX + 1];
	if (policy_text("apps.naming_pattern", pattern, sizeof pattern) == 0)
		return true;
	regex_t re;
	if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
		return true;
	bool ok = regexec(&re, name, 0, NULL, 0) == 0;
	regfree(&re);
	return ok;
}
