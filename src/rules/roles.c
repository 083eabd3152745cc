/* roles: names of the administrative roles and the separation of duties (see roles.h). */
#include "rules/roles.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *name, *ja, *en;
} roles[ROLE_COUNT] = {
	{"account_admin", "アカウント管理者", "Account administrator"},
	{"system_admin", "システム管理者", "System administrator"},
	{"security_admin", "セキュリティ管理者", "Security administrator"},
	{"auditor", "監査責任者", "Auditor"},
	{"chief_protection_manager", "総括保護管理者", "Chief protection manager"},
};

const char *role_name(int i)
{
	return i >= 0 && i < ROLE_COUNT ? roles[i].name : "";
}

const char *role_label(int i, bool english)
{
	if (i < 0 || i >= ROLE_COUNT)
		return "";
	return english ? roles[i].en : roles[i].ja;
}

unsigned role_parse(const char *name)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (strcmp(roles[i].name, name) == 0)
			return 1u << i;
	return 0;
}

const char *roles_conflict(unsigned r)
{
	/* Who sets the rules must not be who can erase the log of their use. */
	if ((r & ROLE_SECURITY_ADMIN) && (r & ROLE_SYSTEM_ADMIN))
		return "security_admin with system_admin";
	/* The auditor checks the administrators, so is none of them. */
	if ((r & ROLE_AUDITOR) && (r & ROLE_ANY_ADMIN))
		return "auditor with an administrator role";
	return NULL;
}

const char *roles_format(unsigned r, char *buf, size_t size)
{
	size_t n = 0;
	if (size == 0)
		return buf;
	buf[0] = '\0';
	for (int i = 0; i < ROLE_COUNT; i++) {
		if (!(r & (1u << i)))
			continue;
		int k = snprintf(buf + n, size - n, "%s%s", n ? "," : "", roles[i].name);
		if (k < 0 || (size_t)k >= size - n)
			break;
		n += (size_t)k;
	}
	return buf;
}
