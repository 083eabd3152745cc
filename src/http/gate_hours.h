/*
 * gate_hours: the hours rule at the door (Abiko §8; Kumamoto 第14条 through calendars).
 * When the policy "hours.enforced" is on, a person signed in with a browser session or
 * the password header may use daicho only inside their calendar's window, an overtime
 * order for them, or an emergency override. API tokens are not bound by hours (the
 * address allow-list binds them). The security administrator can always reach the hours
 * administration, so nobody is ever locked out for good.
 */
#ifndef DAICHO_HTTP_GATE_HOURS_H
#define DAICHO_HTTP_GATE_HOURS_H

#include "http/req.h"
#include "rules/hours.h"
#include "store/hours.h"

/*
 * The hours state of a person at r->now: their calendar (into *cal when not NULL), their
 * live orders and overrides. -1 with r->err on storage errors.
 */
int gate_hours_state(struct req *r, int64_t user_id, int64_t section_id,
		     struct hours_state *out, struct hours_calendar_row *cal);
/*
 * Called by the dispatcher after authentication. Refuses (E_HOURS_CLOSED, naming the next
 * window) a session or password request outside the person's hours, ending the session;
 * 0 when the rule is off, the request is exempt, or the person is inside a window.
 */
int gate_hours(struct req *r);
/* Called by the sign-in handler once the password is right: the same refusal, except for
 * security administrators (who must be able to reach the overrides). */
int gate_hours_login(struct req *r);

#endif
