/*
 * policy: the installation's switchable rules (RULES.md), as named settings. Each key
 * has a type, a default (a fresh `make run`: switchable rules off) and its value in the
 * "abiko" preset (every rule the seeds describe, `daicho init --preset abiko`). The
 * current values live in memory for the whole process; store/policy.c loads and saves
 * them, and the admin console changes them. Pure apart from one mutex.
 */
#ifndef DAICHO_RULES_POLICY_H
#define DAICHO_RULES_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum policy_type { PT_BOOL, PT_INT, PT_TEXT };

struct policy_key {
	const char *key;		/* e.g. "devices.required" */
	enum policy_type type;
	const char *def;		/* default value, as text */
	const char *abiko;		/* value in the abiko preset, as text */
	int64_t min, max;		/* PT_INT bounds; PT_TEXT: max length */
	const char *rule;		/* the seed article it implements, for docs and messages */
	const char *ja, *en;		/* what it does */
};

enum { POLICY_TEXT_MAX = 2048 };

/* The registry; *n keys. */
const struct policy_key *policy_keys(size_t *n);
/* The key named key, or NULL. */
const struct policy_key *policy_key_find(const char *key);
/* 0 when value is acceptable for k; -1 otherwise (unknown choice, out of range, too long). */
int policy_validate(const struct policy_key *k, const char *value);

/* Sets every key to its default (fresh process). */
void policy_reset(void);
/* Sets one key in memory; -1 when unknown or invalid. */
int policy_apply(const char *key, const char *value);
/* The value of a preset ("default" or "abiko") for key k; NULL when no such preset. */
const char *policy_preset_value(const char *preset, const struct policy_key *k);

/* Current values. Unknown keys read as false, 0 and "". */
bool policy_bool(const char *key);
int64_t policy_int(const char *key);
/* Copies the text value into buf (always terminated); returns its length. */
size_t policy_text(const char *key, char *buf, size_t size);
/* True when any switchable rule is on (admin pages say so when none is). */
bool policy_any_rule_on(void);

#endif
