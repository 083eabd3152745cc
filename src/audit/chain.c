/* chain: the access log's hash chain and its canonical encoding (see chain.h). */
#include "audit/chain.h"
#include "auth/crypto.h"
#include "store/audit.h"

#include <stdio.h>
#include <string.h>

static void put(struct buf *b, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	buf_printf(b, "%zu:", n);
	buf_put(b, s ? s : "", n);
	buf_putc(b, ',');
}

static void put_int(struct buf *b, long long v)
{
	char num[24];
	snprintf(num, sizeof num, "%lld", v > 0 ? v : 0);
	put(b, num);
}

void chain_encode(const struct log_entry *l, struct buf *out)
{
	put(out, CHAIN_VERSION);
	put(out, l->at);
	put_int(out, l->user_id);
	put(out, l->user_code);
	put(out, l->auth);
	put_int(out, l->token_id);
	put_int(out, l->app_id);
	put(out, l->action);
	put(out, l->record_ids ? l->record_ids : "[]");
	put(out, l->result);
	put_int(out, l->status);
	put(out, l->code);
	put(out, l->client);
	put(out, l->request_id);
}

bool chain_hash(const char *prev, const struct log_entry *l, char *out)
{
	unsigned char raw[32];
	struct crypto_sha256 h;
	struct buf b;
	if (!crypto_unhex(prev, raw, sizeof raw))
		return false;
	buf_init(&b, 0);
	chain_encode(l, &b);
	crypto_sha256_init(&h);
	crypto_sha256_update(&h, raw, sizeof raw);
	crypto_sha256_update(&h, b.data, b.len);
	crypto_sha256_final(&h, out);
	buf_free(&b);
	return true;
}

int chain_append(struct store *st, const struct log_entry *l, struct err *e)
{
	struct log_head head;
	char hash[CRYPTO_SHA256_HEX];
	if (store_log_head(st, &head, e) != 0)
		return -1;
	if (!chain_hash(head.hash, l, hash))
		return err_set(e, E_STORAGE, NULL);	/* the stored head is damaged */
	return store_log_insert(st, l, head.id + 1, hash, e);
}
