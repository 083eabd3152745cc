/*
 * store/devices: registered devices (Abiko §7, Kumamoto 第11–12条), the per-section
 * setting "city-issued devices only" vs "registered personal devices allowed" and a
 * person's own sessions (incidents: store/incidents.h).
 *
 * Device credentials are stored as hashes computed by auth/, never in the clear.
 * Strings returned live in the arena passed in.
 */
#ifndef DAICHO_STORE_DEVICES_H
#define DAICHO_STORE_DEVICES_H

#include "store/store.h"

struct device {
	int64_t id;
	int64_t user_id;		/* the person the device is registered to */
	const char *user_code;		/* their login name */
	const char *user_name;
	const char *kind;		/* city_pc, personal_pc, tablet, smartphone */
	const char *owner;		/* city or personal */
	const char *os;			/* OS and version */
	const char *security;		/* security software */
	const char *note;
	const char *status;		/* pending, approved, refused, revoked */
	const char *client;		/* address that asked */
	const char *reason;		/* refusal or revocation reason */
	const char *decided_by;		/* login name of the approver, "" when none */
	const char *revoked_by;		/* login name of who revoked, "" when none */
	int64_t requested_at, decided_at, revoked_at, last_seen;
};

/* Stores a new pending device request; d->id is set. */
int store_device_insert(struct store *st, struct device *d, const unsigned char *cred_hash,
			size_t hash_len, int64_t now, struct err *e);
/* Finds a device by its credential hash; E_INPUT when none. */
int store_device_by_cred(struct store *st, struct arena *a, const unsigned char *cred_hash,
			 size_t hash_len, struct device *d, struct err *e);
/* Finds a device by id; field error on "id" when none. */
int store_device_get(struct store *st, struct arena *a, int64_t id, struct device *d,
		     struct err *e);
/* Devices of user_id (0: everyone's), newest first; status NULL for any. */
int store_device_list(struct store *st, struct arena *a, int64_t user_id, const char *status,
		      struct device **out, size_t *n, struct err *e);
/* Approves or refuses a pending device; field error on "id" when it is not pending. */
int store_device_decide(struct store *st, int64_t id, bool approve, int64_t by,
			const char *reason, int64_t now, struct err *e);
/* Revokes one device (pending or approved); user_id > 0 restricts to that person's. */
int store_device_revoke(struct store *st, int64_t id, int64_t user_id, int64_t by,
			const char *reason, int64_t now, struct err *e);
/*
 * Revokes every pending or approved device of user_id (suspension, a lost device
 * reported without naming it); by is who did it (0: daicho itself). *n gets how many.
 */
int store_devices_revoke_user(struct store *st, int64_t user_id, int64_t by, const char *reason,
			      int64_t now, int *n, struct err *e);
/* Records that an approved device was used (at most once a minute is enough). */
int store_device_seen(struct store *st, int64_t id, int64_t now, struct err *e);

/* A section's override: -1 (follow the policy), 0 (city-issued only), 1 (personal allowed). */
int store_section_devices_personal(struct store *st, int64_t section_id, int *out,
				   struct err *e);
/* Sets a section's override (-1 clears it); field error on "section" when unknown. */
int store_section_set_devices_personal(struct store *st, const char *section_code, int value,
				       struct err *e);

struct section_devices {
	int64_t id;
	const char *code, *name;
	int personal;			/* -1, 0 or 1 as above */
};
/* Every section with its override, ordered by code. */
int store_section_devices_list(struct store *st, struct arena *a, struct section_devices **out,
			       size_t *n, struct err *e);


struct session_info {
	int64_t id, created_at, last_seen, expires_at;
	const char *client;
};
/* Live sessions of user_id, newest first. */
int store_sessions_of_user(struct store *st, struct arena *a, int64_t user_id, int64_t now,
			   struct session_info **out, size_t *n, struct err *e);
/* Ends one session of user_id (field error on "id" when not theirs) or, with id 0, all
 * of theirs except keep. */
int store_sessions_end(struct store *st, int64_t user_id, int64_t id, int64_t keep,
		       struct err *e);

#endif
