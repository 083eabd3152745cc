/* deliver: the webhook sender thread, with libcurl (see deliver.h). */
#include "hooks/deliver.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/log.h"
#include "rules/hooks.h"
#include "rules/policy.h"
#include "store/webhooks.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

enum {
	BATCH = 20,		/* deliveries taken per round */
	TIMEOUT_S = 10,		/* whole request */
	CONNECT_S = 5,
	IDLE_MS = 500,		/* wait between rounds when the queue is idle */
	KEEP_DAYS = 30,		/* finished deliveries (with their bodies) are kept this long */
};

static pthread_t thread;
static bool running, stopping;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;

/* Drops the answer's body: only the status counts. */
static size_t discard(char *p, size_t size, size_t n, void *ctx)
{
	(void)p;
	(void)ctx;
	return size * n;
}

/* POSTs payload to url; returns the HTTP status, or 0 with why filled on no answer. */
static long post(const char *url, const char *payload, char *why, size_t why_size)
{
	CURL *c = curl_easy_init();
	if (c == NULL) {
		snprintf(why, why_size, "no curl handle");
		return 0;
	}
	struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json; charset=utf-8");
	h = curl_slist_append(h, "User-Agent: daicho-webhook/1");
	char err[CURL_ERROR_SIZE] = "";
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(payload));
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)TIMEOUT_S);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)CONNECT_S);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);	/* a redirect could leave the list */
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, err);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	long status = 0;
	CURLcode rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	else
		snprintf(why, why_size, "%s", err[0] ? err : curl_easy_strerror(rc));
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return status;
}

/* Sends one delivery and records what happened. */
static void send_one(struct store *st, const struct webhook_delivery *d)
{
	char list[POLICY_TEXT_MAX + 1], why[CURL_ERROR_SIZE + 32] = "", result[300];
	const char *status;
	int attempts = d->attempts;
	long http = 0;
	int64_t now = time(NULL), next = now;
	policy_text("extensions.webhook_allow", list, sizeof list);
	if (!d->sendable) {
		status = "refused";
		snprintf(result, sizeof result, "refused: the webhook is not active");
	} else if (!hooks_url_allowed(list, d->url)) {
		/* Checked again now: the list may have changed since the approval. */
		status = "refused";
		snprintf(result, sizeof result, "refused: destination not on extensions.webhook_allow");
	} else {
		attempts++;
		http = post(d->url, d->payload, why, sizeof why);
		now = time(NULL);
		if (http >= 200 && http < 300) {
			status = "delivered";
			snprintf(result, sizeof result, "delivered");
		} else {
			status = attempts >= HOOKS_ATTEMPTS_MAX ? "failed" : "pending";
			next = now + hooks_retry_delay(attempts);
			if (http)
				snprintf(result, sizeof result, "failed: HTTP %ld", http);
			else
				snprintf(result, sizeof result, "failed: %.200s", why);
		}
	}
	struct err e;
	err_init(&e, NULL);
	if (store_begin(st, &e) != 0 ||
	    store_delivery_result(st, d->id, d->webhook_id, status, attempts, next, (int)http, result,
				  now, &e) != 0 ||
	    store_commit(st, &e) != 0) {
		store_rollback(st);
		log_error("webhook %lld: could not record a delivery result", (long long)d->webhook_id);
		return;
	}
	if (strcmp(status, "delivered") != 0)
		log_warn("webhook %lld (app %lld): %s", (long long)d->webhook_id, (long long)d->app_id,
			 result);
}

/* Set by the delivery thread once libcurl is initialised (read again after it stops). */
static bool curl_ready;

static void *loop(void *arg)
{
	(void)arg;
	struct store *st = store_thread();
	int64_t last_purge = 0;
	for (;;) {
		pthread_mutex_lock(&lock);
		bool done = stopping;
		pthread_mutex_unlock(&lock);
		if (done || st == NULL)
			break;
		struct arena a;
		struct err e;
		struct webhook_delivery *d;
		size_t n = 0;
		arena_init(&a, 0);
		err_init(&e, &a);
		if (store_deliveries_due(st, &a, time(NULL), BATCH, &d, &n, &e) != 0)
			log_error("webhooks: could not read the delivery queue");
		/* libcurl (and its TLS library, several MiB) is set up at the first delivery:
		 * an installation without webhooks never pays for it. */
		if (n > 0 && !curl_ready) {
			if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
				log_error("webhooks: libcurl cannot be initialised; deliveries wait");
				n = 0;
			} else {
				curl_ready = true;
			}
		}
		for (size_t i = 0; i < n; i++) {
			pthread_mutex_lock(&lock);
			done = stopping;
			pthread_mutex_unlock(&lock);
			if (done)
				break;
			send_one(st, &d[i]);
		}
		arena_destroy(&a);
		int64_t now = time(NULL);
		if (now - last_purge >= 3600) {
			err_init(&e, NULL);
			if (store_deliveries_purge(st, now - (int64_t)KEEP_DAYS * 86400, &e) != 0)
				log_error("webhooks: could not remove old deliveries");
			last_purge = now;
		}
		if (n == BATCH)
			continue;
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += (long)IDLE_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_mutex_lock(&lock);
		if (!stopping)
			pthread_cond_timedwait(&cond, &lock, &until);
		pthread_mutex_unlock(&lock);
	}
	store_thread_close();
	return NULL;
}

int deliver_start(void)
{
	if (running)
		return 0;
	stopping = false;
	if (pthread_create(&thread, NULL, loop, NULL) != 0)
		return -1;
	running = true;
	return 0;
}

void deliver_stop(void)
{
	if (!running)
		return;
	pthread_mutex_lock(&lock);
	stopping = true;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
	pthread_join(thread, NULL);
	running = false;
	if (curl_ready)
		curl_global_cleanup();
	curl_ready = false;
}
