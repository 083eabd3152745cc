/*
 * rules/incidents: the pure rules of incident handling (RULES.md row 30; Kuki 第39–41条,
 * Yabu 第12条, 第15条, Kumamoto 第17条): the kinds, the escalation levels (the section's
 * protection managers, the chief protection managers, the mayor's office), the status
 * path open -> contained -> recurrence_prevention -> closed and what each step needs,
 * and the kinds of timeline entries. No I/O; every string returned is static.
 */
#ifndef DAICHO_RULES_INCIDENTS_H
#define DAICHO_RULES_INCIDENTS_H

#include <stdbool.h>
#include <stdint.h>

/* Escalation levels, in order. The reporter hands over to the first one. */
enum incident_level {
	INC_LEVEL_MANAGER = 1,	/* the section's protection managers (保護管理者), Kuki 第39条1 */
	INC_LEVEL_CHIEF,	/* the chief protection managers (総括保護管理者), 第39条3 */
	INC_LEVEL_MAYOR,	/* the mayor's office (市長), 第39条4 */
};

enum incident_status {
	INC_OPEN = 1,		/* reported, being handled */
	INC_CONTAINED,		/* damage contained (第39条2) */
	INC_PREVENTION,		/* cause analysed, recurrence prevention under way (第39条5) */
	INC_CLOSED,
};

/* Kind: API code ("lost", "leaked", "tampering", "failure", "other") or the Japanese name
 * (紛失 漏えい 改ざん 障害 その他) -> the Japanese name stored; NULL when unknown. */
const char *incident_kind_ja(const char *kind);
/* The API code of a stored Japanese kind ("other" when unknown). */
const char *incident_kind_code(const char *ja);

/* "protection_manager", "chief", "mayor"; 0 / NULL when unknown. */
enum incident_level incident_level_parse(const char *name);
const char *incident_level_name(enum incident_level l);

/* "open", "contained", "recurrence_prevention", "closed"; 0 / NULL when unknown. */
enum incident_status incident_status_parse(const char *name);
const char *incident_status_name(enum incident_status s);

/* Counts of timeline entries by kind, for the status rules. */
struct incident_counts {
	int64_t containment, cause, prevention;
};

/*
 * Whether an incident in status from may move to status to: only one step forward.
 * Moving to contained needs a containment entry; to recurrence_prevention a cause
 * analysis; to closed a cause analysis and a recurrence-prevention action (第39条5).
 * Returns 0 when allowed, 1 when the step itself is not allowed, 2 when an entry is
 * missing (*missing names its kind: "containment", "cause", "prevention").
 */
int incident_status_check(enum incident_status from, enum incident_status to,
			  const struct incident_counts *c, const char **missing);

/* Timeline entry kinds people add: "containment", "cause", "prevention", "note"
 * (the others, "report", "escalation", "status", "national", "serious", are written by
 * daicho itself). */
bool incident_entry_kind_ok(const char *kind);

/* Containment actions recorded with a containment entry (the action itself is taken on
 * its own page): "suspend_user", "revoke_device", "revoke_token", "reset_password",
 * "disconnect", "other". */
bool incident_containment_ok(const char *action);

#endif
