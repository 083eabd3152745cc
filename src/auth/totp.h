/*
 * totp: time-based one-time passwords (RFC 6238, the codes of authenticator apps) for
 * two-factor sign-in (Kuki 第18条): secrets from libsodium's random generator, codes
 * computed and checked with liboath (HMAC-SHA1, 30-second steps, 6 digits, one step of
 * clock drift either way). No I/O: the caller keeps the secret and the last used step.
 */
#ifndef DAICHO_AUTH_TOTP_H
#define DAICHO_AUTH_TOTP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

enum {
	TOTP_SECRET_LEN = 20,	/* bytes (160 bits, RFC 4226's recommendation) */
	TOTP_BASE32_LEN = 32,	/* characters of a 20-byte secret in base32, no padding */
	TOTP_DIGITS = 6,
	TOTP_STEP = 30,		/* seconds */
};

/* Writes a new random secret as base32 text (TOTP_BASE32_LEN characters + NUL) to out. */
void totp_new_secret(char *out);
/* The code of base32 secret at time t with digits digits (6..8) into out (digits + 1
 * bytes); -1 when the secret is not valid base32. */
int totp_code(const char *secret_b32, time_t t, unsigned digits, char *out);
/* The code of a raw secret (for the RFC 6238 test vectors). */
int totp_code_raw(const char *secret, size_t len, time_t t, unsigned digits, char *out);
/*
 * Checks a 6-digit code against base32 secret at now, one step either way. Returns the
 * code's time step (>= 0) when it is valid and later than last_step (the step of the
 * last code accepted, -1 when none); -1 when wrong; -2 when already used (replay).
 */
int64_t totp_check(const char *secret_b32, time_t now, const char *code, int64_t last_step);
/* The otpauth:// URI authenticator apps read (issuer "daicho", account login) into out. */
int totp_uri(const char *secret_b32, const char *login, char *out, size_t size);

#endif
