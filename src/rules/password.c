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
