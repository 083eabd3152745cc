/*
 * Unit tests of class Ⅰ encryption (docs/ENCRYPTION.md): the secretbox helpers of
 * auth/crypto.c, sealed values with their header and padding, sealed files
 * (secretstream, any size, truncation and tampering refused), and the keyring's key
 * files: made private, used, destroyed (crypto-erase) so nothing opens the data again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "auth/crypto.h"
#include "auth/keyring.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

static int setup(void **state)
{
	(void)state;
	assert_true(crypto_init());
	snprintf(dir, sizeof dir, "/tmp/daicho-keyring-XXXXXX");
	assert_non_null(mkdtemp(dir));
	char keys[128];
	snprintf(keys, sizeof keys, "%s/keys", dir);
	return keyring_open(keys);
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void box_round_trip_and_refusals(void **state)
{
	(void)state;
	unsigned char k1[CRYPTO_BOX_KEY], k2[CRYPTO_BOX_KEY];
	crypto_box_keygen(k1);
	crypto_box_keygen(k2);
	const char *m = "山田太郎 1980-04-01";
	size_t n = strlen(m);
	unsigned char c[128], c2[128];
	char out[128];
	crypto_box_seal_value(k1, m, n, c);
	crypto_box_seal_value(k1, m, n, c2);
	/* A fresh nonce each time: equal values do not look equal. */
	assert_memory_not_equal(c, c2, n + CRYPTO_BOX_OVERHEAD);
	assert_true(crypto_box_open_value(k1, c, n + CRYPTO_BOX_OVERHEAD, out));
	assert_memory_equal(out, m, n);
	assert_false(crypto_box_open_value(k2, c, n + CRYPTO_BOX_OVERHEAD, out));
	c[CRYPTO_BOX_OVERHEAD + 2] ^= 1;
	assert_false(crypto_box_open_value(k1, c, n + CRYPTO_BOX_OVERHEAD, out));
	assert_false(crypto_box_open_value(k1, c, CRYPTO_BOX_OVERHEAD - 1, out));
}

static void sealed_values_name_their_record_and_hide_lengths(void **state)
{
	(void)state;
	unsigned char key[CRYPTO_BOX_KEY];
	crypto_box_keygen(key);
	unsigned char *a, *b;
	size_t an, bn;
	keyring_seal_with(key, 7, 42, "x", 1, &a, &an);
	keyring_seal_with(key, 7, 42, "0123456789012345678901234567890", 31, &b, &bn);
	assert_int_equal(an, bn);	/* both padded to one 32-byte block */
	int64_t app, rec;
	assert_true(keyring_names(a, an, &app, &rec));
	assert_int_equal(app, 7);
	assert_int_equal(rec, 42);
	char *p;
	size_t pn;
	assert_true(keyring_open_with(key, b, bn, &p, &pn));
	assert_int_equal(pn, 31);
	assert_string_equal(p, "0123456789012345678901234567890");
	free(p);
	/* The empty string and a value of exactly one block round-trip too. */
	unsigned char *e;
	size_t en;
	keyring_seal_with(key, 1, 1, "", 0, &e, &en);
	assert_true(keyring_open_with(key, e, en, &p, &pn));
	assert_int_equal(pn, 0);
	free(p);
	free(e);
	assert_false(keyring_names((const unsigned char *)"plain text", 10, &app, &rec));
	free(a);
	free(b);
}

/* Seals a buffer of n bytes as a file and opens it again; returns the opened bytes. */
static unsigned char *file_round_trip(const unsigned char *key, const unsigned char *m, size_t n,
				      bool cut, bool *ok)
{
	char in[128], sealed[128], out[128];
	snprintf(in, sizeof in, "%s/in", dir);
	snprintf(sealed, sizeof sealed, "%s/sealed", dir);
	snprintf(out, sizeof out, "%s/out", dir);
	FILE *f = fopen(in, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(m, 1, n, f), n);
	fclose(f);
	int ifd = open(in, O_RDONLY), sfd = open(sealed, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(crypto_file_seal(key, ifd, sfd));
	close(ifd);
	close(sfd);
	struct stat sb;
	stat(sealed, &sb);
	if (cut)
		assert_int_equal(truncate(sealed, sb.st_size - 1), 0);
	sfd = open(sealed, O_RDONLY);
	int ofd = open(out, O_RDWR | O_CREAT | O_TRUNC, 0600);
	struct crypto_sha256 h;
	crypto_sha256_init(&h);
	*ok = crypto_file_open(key, sfd, ofd, &h);
	close(sfd);
	off_t len = lseek(ofd, 0, SEEK_END);
	unsigned char *back = malloc((size_t)len + 1);
	assert_int_equal(pread(ofd, back, (size_t)len, 0), len);
	close(ofd);
	if (*ok)
		assert_int_equal((size_t)len, n);
	return back;
}

static void files_of_any_size(void **state)
{
	(void)state;
	unsigned char key[CRYPTO_BOX_KEY];
	crypto_box_keygen(key);
	static const size_t sizes[] = {0, 1, 65535, 65536, 65537, 200000};
	unsigned char *m = malloc(200000);
	for (size_t i = 0; i < 200000; i++)
		m[i] = (unsigned char)(i * 7 + 3);
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		bool ok;
		unsigned char *back = file_round_trip(key, m, sizes[i], false, &ok);
		assert_true(ok);
		if (sizes[i])
			assert_memory_equal(back, m, sizes[i]);
		free(back);
		/* A file cut short does not open. */
		free(file_round_trip(key, m, sizes[i], true, &ok));
		assert_false(ok);
	}
	free(m);
}

static void keys_are_private_and_erasure_leaves_nothing_that_opens(void **state)
{
	(void)state;
	char path[256];
	struct stat sb;
	snprintf(path, sizeof path, "%s/keys", dir);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	for (int64_t r = 1; r <= 3; r++)
		assert_int_equal(keyring_fresh(9, r), 0);
	snprintf(path, sizeof path, "%s/keys/app-9/2.key", dir);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(sb.st_size, CRYPTO_BOX_KEY);
	/* A file sealed with record 2's key opens with it ... */
	char in[128], sealed[128];
	snprintf(in, sizeof in, "%s/doc", dir);
	snprintf(sealed, sizeof sealed, "%s/doc.sealed", dir);
	FILE *f = fopen(in, "w");
	fputs("申請書 FILEQ", f);
	fclose(f);
	assert_int_equal(keyring_seal_file(9, 2, in, sealed), 0);
	char sha[CRYPTO_SHA256_HEX];
	int ofd = open(in, O_WRONLY | O_TRUNC);
	assert_int_equal(keyring_open_file(sealed, ofd, sha), 0);
	close(ofd);
	assert_int_equal(strlen(sha), 64);
	/* ... and after the crypto-erase no key in the directory opens it. */
	assert_int_equal(keyring_erase(9, 2), 1);
	assert_int_not_equal(stat(path, &sb), 0);
	ofd = open(in, O_WRONLY | O_TRUNC);
	assert_int_equal(keyring_open_file(sealed, ofd, NULL), -1);
	close(ofd);
	/* Erasing twice finds nothing; erasing the app removes the rest and its folder. */
	assert_int_equal(keyring_erase(9, 2), 0);
	assert_int_equal(keyring_erase(9, 0), 2);
	snprintf(path, sizeof path, "%s/keys/app-9", dir);
	assert_int_not_equal(stat(path, &sb), 0);
}

static void try_all_finds_the_opening_key_only_while_it_exists(void **state)
{
	(void)state;
	assert_int_equal(keyring_fresh(3, 1), 0);
	assert_int_equal(keyring_fresh(3, 2), 0);
	/* Read record 1's key file to seal a value the way the store does. */
	char path[256];
	unsigned char key[CRYPTO_BOX_KEY];
	snprintf(path, sizeof path, "%s/keys/app-3/1.key", dir);
	int fd = open(path, O_RDONLY);
	assert_int_equal(read(fd, key, sizeof key), (ssize_t)sizeof key);
	close(fd);
	unsigned char *c;
	size_t cn;
	keyring_seal_with(key, 3, 1, "氏名", strlen("氏名"), &c, &cn);
	bool opened = false;
	assert_true(keyring_try_all(c, cn, &opened) >= 2);
	assert_true(opened);
	assert_int_equal(keyring_erase(3, 1), 1);
	int tried = keyring_try_all(c, cn, &opened);
	assert_true(tried >= 1);
	assert_false(opened);
	free(c);
	keyring_erase(3, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(box_round_trip_and_refusals),
		cmocka_unit_test(sealed_values_name_their_record_and_hide_lengths),
		cmocka_unit_test(files_of_any_size),
		cmocka_unit_test(keys_are_private_and_erasure_leaves_nothing_that_opens),
		cmocka_unit_test(try_all_finds_the_opening_key_only_while_it_exists),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
