/*
 * lockout: the rule for repeated failed sign-ins (RULES.md rows 20 and 26).
 *
 * After `slow_after` failures in a row each further attempt must wait longer
 * (1 s, 2 s, 4 s ... capped at one minute) after the previous failure; after
 * `lock_after` failures the account is locked for `lock_minutes`. A success resets the
 * count. Pure: the caller supplies the stored state and the time.
 */
#ifndef DAICHO_RULES_LOCKOUT_H
#define DAICHO_RULES_LOCKOUT_H

#include <stdint.h>

struct lockout_policy {
	int slow_after;		/* failures before attempts are delayed */
	int lock_after;		/* failures before the account is locked */
	int lock_minutes;	/* length of a lock */
};

struct lockout_state {
	int failed;		/* failures in a row */
	int64_t last_failed;	/* time of the last failure */
	int64_t locked_until;	/* time the lock ends (0 = none) */
};

/* Seconds the caller must still wait before an attempt is considered (0 = go ahead). */
int64_t lockout_wait(const struct lockout_policy *p, const struct lockout_state *s, int64_t now);
/* The state after a failed attempt at now. */
struct lockout_state lockout_fail(const struct lockout_policy *p, struct lockout_state s,
				  int64_t now);

#endif
