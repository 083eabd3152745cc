/* rules/incidents: kinds, levels, statuses and the status rules of incidents (see incidents.h). */
#include "rules/incidents.h"

#include <string.h>

static const struct {
	const char *code, *ja;
} kinds[] = {
	{"lost", "紛失"}, {"leaked", "漏えい"}, {"tampering", "改ざん"}, {"failure", "障害"}, {"other", "その他"},
};

const char *incident_kind_ja(const char *kind)
{
	for (size_t i = 0; kind && i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kind, kinds[i].code) == 0 || strcmp(kind, kinds[i].ja) == 0)
			return kinds[i].ja;
	return NULL;
}

const char *incident_kind_code(const char *ja)
{
	for (size_t i = 0; ja && i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(ja, kinds[i].ja) == 0)
			return kinds[i].code;
	return "other";
}

static const char *const levels[] = {NULL, "protection_manager", "chief", "mayor"};
static const char *const statuses[] = {NULL, "open", "contained", "recurrence_prevention", "closed"};

enum incident_level incident_level_parse(const char *name)
{
	for (int i = 1; name && i <= INC_LEVEL_MAYOR; i++)
		if (strcmp(name, levels[i]) == 0)
			return (enum incident_level)i;
	return 0;
}

const char *incident_level_name(enum incident_level l)
{
	return l >= INC_LEVEL_MANAGER && l <= INC_LEVEL_MAYOR ? levels[l] : NULL;
}

enum incident_status incident_status_parse(const char *name)
{
	for (int i = 1; name && i <= INC_CLOSED; i++)
		if (strcmp(name, statuses[i]) == 0)
			return (enum incident_status)i;
	return 0;
}

const char *incident_status_name(enum incident_status s)
{
	return s >= INC_OPEN && s <= INC_CLOSED ? statuses[s] : NULL;
}

int incident_status_check(enum incident_status from, enum incident_status to,
			  const struct incident_counts *c, const char **missing)
{
	*missing = NULL;
	if (from < INC_OPEN || to < INC_OPEN || to > INC_CLOSED || to != from + 1)
		return 1;
	if (to >= INC_CONTAINED && c->containment == 0)
		*missing = "containment";
	else if (to >= INC_PREVENTION && c->cause == 0)
		*missing = "cause";
	else if (to == INC_CLOSED && c->prevention == 0)
		*missing = "prevention";
	return *missing ? 2 : 0;
}

bool incident_entry_kind_ok(const char *kind)
{
	static const char *const ok[] = {"containment", "cause", "prevention", "note"};
	for (size_t i = 0; kind && i < sizeof ok / sizeof ok[0]; i++)
		if (strcmp(kind, ok[i]) == 0)
			return true;
	return false;
}

bool incident_containment_ok(const char *action)
{
	static const char *const ok[] = {"suspend_user", "revoke_device", "revoke_token",
					 "reset_password", "disconnect", "other"};
	for (size_t i = 0; action && i < sizeof ok / sizeof ok[0]; i++)
		if (strcmp(action, ok[i]) == 0)
			return true;
	return false;
}
