/*
 * store/policy: the installation's policy (rules/policy.h) in the policy table, with
 * who set each value and when. Values not stored are the registry's defaults.
 */
#ifndef DAICHO_STORE_POLICY_H
#define DAICHO_STORE_POLICY_H

#include "store/store.h"

struct policy_row {
	const char *key, *value, *set_by;
	int64_t set_at;
};

/* Resets the in-memory policy to the defaults, then applies every stored value. */
int store_policy_load(struct store *st, struct err *e);
/* Stores one value (validated by the caller) and applies it in memory after the caller
 * commits: call policy_apply() then. */
int store_policy_set(struct store *st, const char *key, const char *value, const char *by,
		     int64_t now, struct err *e);
/* Stored rows (keys never set are absent); *out is an arena array of *n rows. */
int store_policy_list(struct store *st, struct arena *a, struct policy_row **out, size_t *n,
		      struct err *e);

#endif
