/* lifecycle: the app lifecycle's transitions, registration items (see lifecycle.h). */
#include "rules/lifecycle.h"

#include <string.h>

static const char *const kinds[] = {"publish", "change", "end"};

const char *lifecycle_kind_name(enum lc_kind k)
{
	return (unsigned)k < 3 ? kinds[k] : "";
}

int lifecycle_kind_parse(const char *text)
{
	for (int i = 0; text && i < 3; i++)
		if (strcmp(text, kinds[i]) == 0)
			return i;
	return -1;
}

bool lifecycle_may_request(enum lc_kind k, enum app_state s, bool lifecycle_on)
{
	switch (k) {
	case LC_PUBLISH:
		return lifecycle_on && s == APP_DRAFT;
	case LC_END:
		return s == APP_PUBLISHED;
	case LC_CHANGE:
		return lifecycle_on ? s == APP_PUBLISHED : s != APP_CLOSED;
	}
	return false;
}

enum app_state lifecycle_pending_state(enum lc_kind k, enum app_state s)
{
	if (k == LC_PUBLISH)
		return APP_REQUESTED;
	if (k == LC_END)
		return APP_END_REQUESTED;
	return s;
}

enum app_state lifecycle_approved_state(enum lc_kind k, enum app_state s)
{
	if (k == LC_PUBLISH)
		return APP_APPROVED;
	if (k == LC_END)
		return APP_CLOSED;
	return s;
}

enum app_state lifecycle_back_state(enum lc_kind k, enum app_state s)
{
	if (k == LC_PUBLISH)
		return APP_DRAFT;
	if (k == LC_END)
		return APP_PUBLISHED;
	return s;
}

static bool blank(const char *s)
{
	if (s == NULL)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

bool lifecycle_date_valid(const char *s)
{
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return !(m == 2 && d == 29 && !leap);
}

unsigned lifecycle_missing(const struct lc_registration *reg)
{
	unsigned miss = 0;
	if (blank(reg->name))
		miss |= REG_NAME;
	if (blank(reg->purpose))
		miss |= REG_PURPOSE;
	if (reg->n_items == 0)
		miss |= REG_ITEMS;
	if (reg->n_admins == 0)
		miss |= REG_ADMINS;
	if (reg->n_users == 0)
		miss |= REG_USERS;
	if (!lifecycle_date_valid(reg->start_date))
		miss |= REG_START;
	/* Dates written YYYY-MM-DD compare as text. */
	if (!lifecycle_date_valid(reg->end_date) ||
	    (lifecycle_date_valid(reg->start_date) && strcmp(reg->end_date, reg->start_date) < 0))
		miss |= REG_END;
	if (blank(reg->responsible))
		miss |= REG_RESPONSIBLE;
	return miss;
}

static const struct {
	unsigned bit;
	const char *key, *ja, *en;
} items[] = {
	{REG_NAME, "name", "アプリの名称", "app name"},
	{REG_PURPOSE, "purpose", "利用目的", "purpose"},
	{REG_ITEMS, "items", "取り扱う情報の名称（フォームのフィールド）", "information items (the form's fields)"},
	{REG_ADMINS, "admins", "管理権限を有する者のアカウント", "administrator accounts"},
	{REG_USERS, "users", "操作を許可したアカウント", "user accounts"},
	{REG_START, "startDate", "利用開始日", "start date"},
	{REG_END, "endDate", "利用終了（予定）日（開始日以後）", "planned end date (not before the start)"},
	{REG_RESPONSIBLE, "responsible", "管理責任者", "responsible person"},
};

const char *lifecycle_item_key(unsigned bit)
{
	for (size_t i = 0; i < sizeof items / sizeof items[0]; i++)
		if (items[i].bit == bit)
			return items[i].key;
	return NULL;
}

const char *lifecycle_item_label(unsigned bit, enum lang lang)
{
	for (size_t i = 0; i < sizeof items / sizeof items[0]; i++)
		if (items[i].bit == bit)
			return lang == LANG_EN ? items[i].en : items[i].ja;
	return "";
}
