/* totp: RFC 6238 codes with liboath, secrets from auth/crypto (see totp.h). */
#include "auth/totp.h"
#include "auth/crypto.h"

#include <liboath/oath.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init(void)
{
	if (oath_init() != OATH_OK)
		abort();
}

void totp_new_secret(char *out)
{
	unsigned char raw[TOTP_SECRET_LEN];
	char *b32 = NULL;
	size_t len = 0;
	pthread_once(&once, init);
	crypto_random_bytes(raw, sizeof raw);
	if (oath_base32_encode((const char *)raw, sizeof raw, &b32, &len) != OATH_OK || len < TOTP_BASE32_LEN)
		abort();
	memcpy(out, b32, TOTP_BASE32_LEN);
	out[TOTP_BASE32_LEN] = '\0';
	crypto_wipe(raw, sizeof raw);
	crypto_wipe(b32, len);
	free(b32);
}

/* Decodes base32 into a malloc'd secret; NULL when invalid. */
static char *decode(const char *b32, size_t *len)
{
	char *raw = NULL;
	pthread_once(&once, init);
	if (b32 == NULL || *b32 == '\0' || oath_base32_decode(b32, strlen(b32), &raw, len) != OATH_OK)
		return NULL;
	return raw;
}

int totp_code_raw(const char *secret, size_t len, time_t t, unsigned digits, char *out)
{
	pthread_once(&once, init);
	if (digits < 6 || digits > 8)
		return -1;
	return oath_totp_generate(secret, len, t, TOTP_STEP, 0, digits, out) == OATH_OK ? 0 : -1;
}

int totp_code(const char *secret_b32, time_t t, unsigned digits, char *out)
{
	size_t len;
	char *raw = decode(secret_b32, &len);
	if (raw == NULL)
		return -1;
	int rc = totp_code_raw(raw, len, t, digits, out);
	crypto_wipe(raw, len);
	free(raw);
	return rc;
}

int64_t totp_check(const char *secret_b32, time_t now, const char *code, int64_t last_step)
{
	size_t len;
	if (code == NULL || strlen(code) != TOTP_DIGITS || strspn(code, "0123456789") != TOTP_DIGITS)
		return -1;
	char *raw = decode(secret_b32, &len);
	if (raw == NULL)
		return -1;
	int pos = 0;
	uint64_t step = 0;
	int rc = oath_totp_validate4(raw, len, now, TOTP_STEP, 0, 1, &pos, &step, 0, code);
	crypto_wipe(raw, len);
	free(raw);
	if (rc < 0)
		return -1;
	if ((int64_t)step <= last_step)
		return -2;
	return (int64_t)step;
}

int totp_uri(const char *secret_b32, const char *login, char *out, size_t size)
{
	/* Login names are [A-Za-z0-9._@-], safe in a URI path apart from '@' (allowed). */
	int n = snprintf(out, size,
			 "otpauth://totp/daicho:%s?secret=%s&issuer=daicho&algorithm=SHA1&digits=%d&period=%d",
			 login, secret_b32, TOTP_DIGITS, TOTP_STEP);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}
