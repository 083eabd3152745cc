/* password: the password rule (see password.h). */
#include "rules/password.h"
#include "core/strutil.h"
#include "core/utf8.h"

#include <string.h>

/* A short list of the passwords attackers try first (from public breach corpora). */
static const char *const common[] = {
	"password", "password1", "password123", "12345678", "123456789", "1234567890",
	"qwertyuiop", "qwerty123", "iloveyou", "11111111", "00000000", "abc12345",
	"passw0rd", "p@ssw0rd", "admin123", "administrator", "welcome1", "letmein1",
	"sunshine", "princess", "football", "baseball", "1q2w3e4r", "1qaz2wsx",
	"zaq12wsx", "asdfghjk", "changeme", "trustno1", "superman", "dragon123",
};

int password_check(const char *pw, const char *login, enum fmsg *why)
{
	size_t n = strlen(pw);
	if (!utf8_valid(pw, n, NULL)) {
		*why = FM_INVALID;
		return -1;
	}
	size_t cps = utf8_count(pw, n);
	if (cps < PASSWORD_MIN) {
		*why = FM_PASSWORD_SHORT;
		return -1;
	}
	if (cps > PASSWORD_MAX) {
		*why = FM_TOO_LONG;
		return -1;
	}
	if (login != NULL && str_ieq(pw, login)) {
		*why = FM_PASSWORD_COMMON;
		return -1;
	}
	for (size_t i = 0; i < sizeof common / sizeof common[0]; i++)
		if (str_ieq(pw, common[i])) {
			*why = FM_PASSWORD_COMMON;
			return -1;
		}
	return 0;
}

enum password_preset password_preset_parse(const char *name)
{
	return name != NULL && strcmp(name, "municipal") == 0 ? PW_MUNICIPAL : PW_ASVS;
}

int password_classes(const char *pw)
{
	bool upper = false, lower = false, digit = false, other = false;
	for (const unsigned char *p = (const unsigned char *)pw; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			upper = true;
		else if (*p >= 'a' && *p <= 'z')
			lower = true;
		else if (*p >= '0' && *p <= '9')
			digit = true;
		else
			other = true;
	}
	return upper + lower + digit + other;
}

int password_check_preset(const char *pw, const char *login, enum password_preset p,
			  enum fmsg *why)
{
	if (password_check(pw, login, why) != 0)
		return -1;
	if (p == PW_MUNICIPAL && password_classes(pw) < 3) {
		*why = FM_PASSWORD_CLASSES;
		return -1;
	}
	return 0;
}

bool password_expired(enum password_preset p, int64_t changed_at, int64_t max_age_days,
		      int64_t now)
{
	if (p != PW_MUNICIPAL || max_age_days <= 0)
		return false;
	return now >= changed_at + max_age_days * 86400;
}

int password_history_depth(enum password_preset p, int64_t history)
{
	if (p != PW_MUNICIPAL || history <= 0)
		return 0;
	return history > 24 ? 24 : (int)history;
}
