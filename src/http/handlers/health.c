/* health: a cheap liveness answer for monitors and test harnesses. */
#include "http/handlers/handlers.h"

int h_health(struct req *r, struct res *s)
{
	(void)r;
	jsonw_obj(&s->w);
	jsonw_kstr(&s->w, "status", "ok");
	jsonw_kstr(&s->w, "version", "0.1.0");
	jsonw_obj_end(&s->w);
	return 0;
}
