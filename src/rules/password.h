/*
 * password: the password rule applied when a password is set (RULES.md rows 20, 26),
 * in two presets chosen by the policy key "password.preset":
 *  - asvs (default) follows OWASP ASVS 6.2: at least 8 characters (12 recommended), at
 *    most 128, not the login name, not one of the most common passwords; no composition
 *    rules and no forced rotation.
 *  - municipal (Yabu 第11条2項) adds mixed character classes (3 of upper, lower, digit,
 *    symbol), a maximum age (password.max_age_days) and no reuse of the last
 *    password.history passwords. Age and reuse are decided here; the history itself is
 *    kept by store/ and compared by auth/accounts.c.
 * Pure.
 */
#ifndef DAICHO_RULES_PASSWORD_H
#define DAICHO_RULES_PASSWORD_H

#include "core/err.h"

#include <stdbool.h>
#include <stdint.h>

enum { PASSWORD_MIN = 8, PASSWORD_MAX = 128 };

/* Returns 0 when pw is acceptable for login, else -1 with *why set (FM_* message). */
int password_check(const char *pw, const char *login, enum fmsg *why);

enum password_preset { PW_ASVS = 0, PW_MUNICIPAL = 1 };

/* "municipal" -> PW_MUNICIPAL; anything else -> PW_ASVS. */
enum password_preset password_preset_parse(const char *name);
/* How many of the classes upper-case, lower-case, digit, other (symbols, non-ASCII) pw has. */
int password_classes(const char *pw);
/* password_check plus, under PW_MUNICIPAL, at least 3 character classes (FM_PASSWORD_CLASSES). */
int password_check_preset(const char *pw, const char *login, enum password_preset p,
			  enum fmsg *why);
/*
 * True when a password set at changed_at must be changed at now: only under PW_MUNICIPAL
 * with max_age_days > 0.
 */
bool password_expired(enum password_preset p, int64_t changed_at, int64_t max_age_days,
		      int64_t now);
/* How many previous passwords may not be reused: history under PW_MUNICIPAL, else 0. */
int password_history_depth(enum password_preset p, int64_t history);

#endif
