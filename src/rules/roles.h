/*
 * roles: the administrative roles (RULES.md row 4), their names and the separation of
 * duties. They are split so that no single role both changes the rules and erases their
 * evidence: the security administrator sets the policy, the system administrator runs
 * the system (and so could purge logs), the auditor only reads. When the policy
 * separates duties, roles_conflict() refuses combinations that would undo the split.
 * Pure.
 */
#ifndef DAICHO_RULES_ROLES_H
#define DAICHO_RULES_ROLES_H

#include <stdbool.h>
#include <stddef.h>

enum {
	ROLE_ACCOUNT_ADMIN = 1,		/* accounts, organisation (アカウント管理者) */
	ROLE_SYSTEM_ADMIN = 2,		/* apps, tokens, log retention, backups (システム管理者) */
	ROLE_SECURITY_ADMIN = 4,	/* the policy: devices, hours, thresholds (セキュリティ管理者) */
	ROLE_AUDITOR = 8,		/* read-only over logs and settings (監査責任者) */
	ROLE_CHIEF_PROTECTION = 16,	/* chief protection manager (総括保護管理者) */
	ROLE_ALL = 31,
	ROLE_ANY_ADMIN = ROLE_ACCOUNT_ADMIN | ROLE_SYSTEM_ADMIN | ROLE_SECURITY_ADMIN,
	ROLE_COUNT = 5,
};

/* The API name of role bit i (0..ROLE_COUNT-1): "account_admin", ... */
const char *role_name(int i);
/* Japanese and English labels of role bit i. */
const char *role_label(int i, bool english);
/* The bit of a role name; 0 when unknown. */
unsigned role_parse(const char *name);
/*
 * With separated duties: NULL when roles may be held together, otherwise a short
 * English reason naming the pair ("security_admin with system_admin").
 */
const char *roles_conflict(unsigned roles);
/* Writes the names of roles, comma-separated, into buf. */
const char *roles_format(unsigned roles, char *buf, size_t size);

#endif
