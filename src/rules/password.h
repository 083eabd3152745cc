/*
 * password: the password rule applied when a password is set (RULES.md rows 20, 26).
 * The baseline follows OWASP ASVS: at least 8 characters (12 recommended), at most 128,
 * not the login name, not one of the most common passwords; no composition rules and
 * no forced rotation. Pure.
 */
#ifndef DAICHO_RULES_PASSWORD_H
#define DAICHO_RULES_PASSWORD_H

#include "core/err.h"

enum { PASSWORD_MIN = 8, PASSWORD_MAX = 128 };

/* Returns 0 when pw is acceptable for login, else -1 with *why set (FM_* message). */
int password_check(const char *pw, const char *login, enum fmsg *why);

#endif
