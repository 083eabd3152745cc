/*
 * classes: what the rules know about an app under governance (RULES.md rows 1, 8, 9):
 * the information classes (the installation's ordered list, rank 1 most sensitive),
 * the personal-data flags, the lifecycle states and the approval route a request
 * takes (Abiko §9(3)–(5)). Pure: reads only the policy.
 */
#ifndef DAICHO_RULES_CLASSES_H
#define DAICHO_RULES_CLASSES_H

#include <stdbool.h>
#include <stddef.h>

enum app_state {
	APP_DRAFT,		/* being built; records refused under the lifecycle rule */
	APP_REQUESTED,		/* publication requested, approvals pending */
	APP_APPROVED,		/* every approver agreed; the owner may publish */
	APP_PUBLISHED,		/* in use */
	APP_END_REQUESTED,	/* end of use requested, approvals pending (still in use) */
	APP_CLOSED,		/* ended: records refused on every path */
	APP_STATE_COUNT
};

enum {
	APP_FLAG_PERSONAL = 1,	/* 個人情報 */
	APP_FLAG_SENSITIVE = 2,	/* 要配慮個人情報・機微情報 */
	APP_FLAG_MYNUMBER = 4,	/* 特定個人情報 (My Number) */
	APP_FLAG_ALL = 7,
};

/* Class Ⅰ data is encrypted at rest (Kuki 第25条). */
enum { CLASS_ENCRYPTED_RANK = 1, CLASSES_MAX = 16 };

/* "draft", "requested", ...; NULL for an out-of-range state. */
const char *app_state_name(enum app_state s);
/* The state named text; -1 when unknown. */
int app_state_parse(const char *text);
/* A person's label of the state (ja or en). */
const char *app_state_label(enum app_state s, bool english);
/* True when records may be read and written in this state (published, end requested). */
bool app_state_in_use(enum app_state s);

/* API names of the flags ("personal", "sensitive", "mynumber") and their labels. */
const char *app_flag_name(int bit);
const char *app_flag_label(int bit, bool english);
/* The flag bit named text; 0 when unknown. */
unsigned app_flag_parse(const char *text);

/* 0 when v is a usable class list: 1..CLASSES_MAX non-empty labels separated by commas. */
int classes_list_valid(const char *v);
/* How many classes the installation's list (policy apps.classes) has; at least 1. */
int classes_count(void);
/* The label of class rank (1-based; clamped into the list) into buf; returns buf. */
const char *classes_label(int rank, char *buf, size_t size);
/* rank clamped into 1..classes_count(). */
int classes_clamp(int rank);
/* The rank a new app gets: the least sensitive class. */
int classes_default_rank(void);

enum approval_step {
	APPROVER_SECTION_HEAD,		/* 所属長: classes Ⅱ and below */
	APPROVER_DEPARTMENT_HEAD,	/* 所管部長: class Ⅰ */
	APPROVER_ADMINISTRATION,	/* 行政管理課: sensitive or My Number data */
};

/* "section_head", "department_head", "administration". */
const char *approval_step_name(enum approval_step s);
const char *approval_step_label(enum approval_step s, bool english);
/*
 * The approval route of a request for an app of class rank with flags (Abiko
 * §9(3)–(5)): the head of the owner's section for classes below Ⅰ, the department head
 * for class Ⅰ, then the administration section when the data is sensitive or specific
 * personal information. Writes up to max steps into out; returns how many.
 */
size_t approval_route(int rank, unsigned flags, enum approval_step *out, size_t max);

/*
 * The naming rule for apps (policy apps.naming_pattern, a POSIX extended regular
 * expression; empty = no rule). True when name follows it, or when there is no rule;
 * an unusable pattern counts as no rule (the policy refuses saving one).
 */
bool naming_ok(const char *name);
/* 0 when pattern compiles as a POSIX extended expression (or is empty). */
int naming_pattern_valid(const char *pattern);

#endif
