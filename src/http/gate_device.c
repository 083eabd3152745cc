/*
 * gate_device: the device and address checks of every request (see gate_device.h).
 * The routes a browser without an approved device may still reach carry ROUTE_NO_DEVICE
 * in the route table: who am I and sign out, this device's state, the registration
 * request itself, "report a problem" (a lost device must be reportable from anywhere),
 * and the steps of establishing who one is (an expired password, two-factor enrolment).
 */
#include "http/gate_device.h"
#include "auth/crypto.h"
#include "http/authn.h"
#include "http/routes.h"
#include "rules/cidr.h"
#include "rules/policy.h"
#include "store/devices.h"

#include <string.h>

int gate_api_address(struct req *r)
{
	if (req_header(r, "X-Cybozu-Authorization") == NULL &&
	    req_header(r, "X-Cybozu-API-Token") == NULL)
		return 0;
	char allow[POLICY_TEXT_MAX + 1];
	policy_text("api.allow", allow, sizeof allow);
	if (r->client != NULL && cidr_list_contains(allow, r->client))
		return 0;
	return err_set(&r->err, E_API_ADDRESS, "%s", r->client ? r->client : "?");
}

const char *gate_device_state(struct req *r, int64_t *id)
{
	*id = 0;
	const char *cred = http_cookie(r, DEVICE_COOKIE);
	if (cred == NULL || strlen(cred) != 43)
		return "none";
	unsigned char hash[CRYPTO_HASH_LEN];
	struct device d;
	struct err e;
	err_init(&e, r->arena);
	crypto_token_hash(cred, hash);
	if (store_device_by_cred(store_thread(), r->arena, hash, sizeof hash, &d, &e) != 0 ||
	    d.user_id != r->who.user_id)
		return "none";
	*id = d.id;
	if (strcmp(d.status, "approved") == 0 && d.last_seen < r->now - 60) {
		err_init(&e, r->arena);
		store_device_seen(store_thread(), d.id, r->now, &e);
	}
	return d.status;
}

int gate_device(struct req *r)
{
	if (r->who.kind != AK_SESSION || (r->route && (r->route->flags & ROUTE_NO_DEVICE)) ||
	    !policy_bool("devices.required"))
		return 0;
	int64_t id;
	const char *state = gate_device_state(r, &id);
	if (strcmp(state, "approved") == 0)
		return 0;
	return err_set(&r->err, E_DEVICE_REQUIRED, "%s", state);
}
