/*
 * lifecycle: the pure rules of an app's lifecycle and of its registration (RULES.md rows
 * 8, 9: Abiko §9(3)–(5)). Which requests a state allows and where each outcome leads,
 * which registration items are missing before a request (the naming rule is
 * rules/classes.c naming_ok). No I/O:
 * the handler (http/handlers/lifecycle.c) reads and writes through store/lifecycle.h.
 */
#ifndef DAICHO_RULES_LIFECYCLE_H
#define DAICHO_RULES_LIFECYCLE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "rules/classes.h"

/* What an approval is for. */
enum lc_kind {
	LC_PUBLISH,		/* draft -> requested -> approved (then published by the owner) */
	LC_CHANGE,		/* class or flags of a published app (or the My Number exemption) */
	LC_END,			/* published -> end_requested -> closed */
};

/* "publish", "change", "end"; lifecycle_kind_parse returns -1 for anything else. */
const char *lifecycle_kind_name(enum lc_kind k);
int lifecycle_kind_parse(const char *text);

/*
 * Whether a request of kind k may be made in state s. With the lifecycle off, a change
 * (the My Number exemption) may be asked in any state but closed, and publish/end are
 * not used: deploying publishes, and nothing else changes the state.
 */
bool lifecycle_may_request(enum lc_kind k, enum app_state s, bool lifecycle_on);
/* The state while a request of kind k is pending, from state s. */
enum app_state lifecycle_pending_state(enum lc_kind k, enum app_state s);
/* The state once every step approved a request of kind k (made in state s). */
enum app_state lifecycle_approved_state(enum lc_kind k, enum app_state s);
/* The state after a refusal or a withdrawal of a request of kind k (pending state s). */
enum app_state lifecycle_back_state(enum lc_kind k, enum app_state s);

/* The registration items of Abiko §9(4)(5), as bits. */
enum {
	REG_NAME = 1 << 0,		/* ① アプリの名称 */
	REG_PURPOSE = 1 << 1,		/* ② 利用目的 */
	REG_ITEMS = 1 << 2,		/* ③ 取り扱うすべての情報の名称 */
	REG_ADMINS = 1 << 3,		/* ④ 管理権限を有する者のアカウント */
	REG_USERS = 1 << 4,		/* ⑤ 操作を許可したアカウント */
	REG_START = 1 << 5,		/* ⑥ 利用開始日 */
	REG_END = 1 << 6,		/* ⑥ 利用終了（予定）日 (also: before the start) */
	REG_RESPONSIBLE = 1 << 7,	/* ⑦ 管理責任者 */
	REG__ALL = (1 << 8) - 1,
};

/* What is known of an app's registration when checking it. */
struct lc_registration {
	const char *name;		/* app name */
	const char *purpose;		/* free text */
	const char *responsible;	/* the responsible person's name */
	const char *start_date, *end_date;	/* "YYYY-MM-DD" or "" */
	size_t n_items;			/* information items (the form's fields) */
	size_t n_admins, n_users;	/* accounts with the manage right, with any right */
};

/* The REG_* bits of items missing or invalid (0: complete). NULL strings count as empty. */
unsigned lifecycle_missing(const struct lc_registration *reg);
/* The API key of one REG_* bit ("name", "purpose", "items", "admins", "users",
 * "startDate", "endDate", "responsible"); NULL for anything else. */
const char *lifecycle_item_key(unsigned bit);
/* The item's name in lang, for messages. */
const char *lifecycle_item_label(unsigned bit, enum lang lang);
/* True for a real calendar date written YYYY-MM-DD. */
bool lifecycle_date_valid(const char *s);


#endif
