/* lockout: delays and locks after repeated failed sign-ins (see lockout.h). */
#include "rules/lockout.h"

int64_t lockout_wait(const struct lockout_policy *p, const struct lockout_state *s, int64_t now)
{
	if (s->locked_until > now)
		return s->locked_until - now;
	if (s->failed < p->slow_after)
		return 0;
	int steps = s->failed - p->slow_after;
	int64_t delay = steps >= 6 ? 60 : (int64_t)1 << steps;
	int64_t ready = s->last_failed + delay;
	return ready > now ? ready - now : 0;
}

struct lockout_state lockout_fail(const struct lockout_policy *p, struct lockout_state s,
				  int64_t now)
{
	if (s.locked_until != 0 && s.locked_until <= now) {
		/* A lock that ran out starts the count again. */
		s.failed = 0;
		s.locked_until = 0;
	}
	s.failed++;
	s.last_failed = now;
	if (s.failed >= p->lock_after)
		s.locked_until = now + (int64_t)p->lock_minutes * 60;
	return s;
}
