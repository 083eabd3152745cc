/*
 * gate_device: "from where" for every request (RULES.md rows 5 and 32).
 *
 * Browsers (session cookie) must present an approved device credential when the policy
 * devices.required is on (Abiko §7, Kumamoto 第11–12条, 第16条(4)); API clients (the
 * password header, API tokens) are not browsers and are bound instead by the address
 * allow-list api.allow, which is always on (Kuki 第27条; kintone's IP restriction).
 */
#ifndef DAICHO_HTTP_GATE_DEVICE_H
#define DAICHO_HTTP_GATE_DEVICE_H

#include "http/req.h"

/* Name of the cookie holding a browser's device credential. */
#define DEVICE_COOKIE "daicho_device"

/*
 * Before authentication: a request carrying the password header or API tokens from an
 * address outside api.allow is refused (E_API_ADDRESS), so no password is ever checked
 * for a client that may not use one.
 */
int gate_api_address(struct req *r);

/*
 * After authentication: a session request without an approved device credential of
 * the same person is refused (E_DEVICE_REQUIRED) when devices.required is on, except on
 * the few routes registration needs (see gate_device.c).
 */
int gate_device(struct req *r);

/*
 * The device state of this browser for the signed-in person: "none", "pending",
 * "approved", "refused" or "revoked"; *id gets the device id (0 when none).
 */
const char *gate_device_state(struct req *r, int64_t *id);

#endif
