/*
 * deliver: the webhook sender (RULES.md row 12, Abiko §10). One background thread takes
 * due deliveries from the queue (store/webhooks.h), checks the destination against the
 * allow-list "extensions.webhook_allow" as it is at send time (a destination removed
 * from the list after approval is never contacted), POSTs the JSON with libcurl (the
 * only file that includes curl.h) with a timeout and no redirects, and records the
 * result; failures are retried with growing waits up to HOOKS_ATTEMPTS_MAX attempts.
 * Finished deliveries, bodies included, are removed after 30 days.
 */
#ifndef DAICHO_HOOKS_DELIVER_H
#define DAICHO_HOOKS_DELIVER_H

/* Starts the sender thread (after the store is open); 0 on success. */
int deliver_start(void);
/* Stops it and waits for it (a send in flight ends within its timeout). */
void deliver_stop(void);

#endif
