/*
 * handlers: one function per endpoint, grouped in files by API area. Each reads its
 * parameters from r->params, calls store/ and fields/, and writes JSON to s->w.
 * On failure it returns -1 with r->err filled; the dispatcher renders the error.
 * Authentication, the route's permission, the transaction and the access log are the
 * dispatcher's job (see routes.h); a handler checks only what the table cannot state.
 */
#ifndef DAICHO_HTTP_HANDLERS_H
#define DAICHO_HTTP_HANDLERS_H

#include "http/req.h"

/* records.c, record.c */
int h_record_get(struct req *r, struct res *s);
int h_record_add(struct req *r, struct res *s);
int h_record_update(struct req *r, struct res *s);
int h_records_get(struct req *r, struct res *s);
int h_records_add(struct req *r, struct res *s);
int h_records_update(struct req *r, struct res *s);
int h_records_delete(struct req *r, struct res *s);
/* cursor.c */
int h_cursor_create(struct req *r, struct res *s);
int h_cursor_get(struct req *r, struct res *s);
int h_cursor_delete(struct req *r, struct res *s);
/* bulk.c */
int h_bulk(struct req *r, struct res *s);
/* files.c */
int h_file_upload(struct req *r, struct res *s);
int h_file_download(struct req *r, struct res *s);
/* comments.c */
int h_comments_get(struct req *r, struct res *s);
int h_comment_add(struct req *r, struct res *s);
int h_comment_delete(struct req *r, struct res *s);
/* history.c */
int h_history_get(struct req *r, struct res *s);
/* apps.c */
int h_app_get(struct req *r, struct res *s);
int h_apps_get(struct req *r, struct res *s);
int h_app_create(struct req *r, struct res *s);
int h_app_rights(struct req *r, struct res *s);
int h_app_settings_get(struct req *r, struct res *s);
int h_preview_settings_get(struct req *r, struct res *s);
int h_preview_settings_put(struct req *r, struct res *s);
/* form.c */
int h_fields_get(struct req *r, struct res *s);
int h_preview_fields_get(struct req *r, struct res *s);
int h_preview_fields_add(struct req *r, struct res *s);
int h_preview_fields_update(struct req *r, struct res *s);
int h_preview_fields_delete(struct req *r, struct res *s);
int h_layout_get(struct req *r, struct res *s);
int h_preview_layout_get(struct req *r, struct res *s);
int h_preview_layout_put(struct req *r, struct res *s);
/* deploy.c */
int h_deploy(struct req *r, struct res *s);
int h_deploy_status(struct req *r, struct res *s);
/* views.c */
int h_views_get(struct req *r, struct res *s);
int h_preview_views_get(struct req *r, struct res *s);
int h_preview_views_put(struct req *r, struct res *s);
/* acl.c */
int h_acl_get(struct req *r, struct res *s);
int h_preview_acl_get(struct req *r, struct res *s);
int h_preview_acl_put(struct req *r, struct res *s);
/* session.c */
int h_session_login(struct req *r, struct res *s);
int h_session_get(struct req *r, struct res *s);
int h_session_logout(struct req *r, struct res *s);
int h_session_password(struct req *r, struct res *s);
/* Whether session cookies carry Secure (served over TLS). */
void session_configure(bool secure);
/* True when cookies must carry Secure (served over https). */
bool session_cookie_secure(void);
/* users.c */
int h_users_lookup(struct req *r, struct res *s);
int h_admin_users_get(struct req *r, struct res *s);
int h_admin_users_add(struct req *r, struct res *s);
int h_admin_users_update(struct req *r, struct res *s);
int h_admin_password_reset(struct req *r, struct res *s);
int h_admin_user_suspend(struct req *r, struct res *s);
int h_admin_user_resume(struct req *r, struct res *s);
int h_admin_user_unlock(struct req *r, struct res *s);
int h_admin_user_totp_reset(struct req *r, struct res *s);
int h_session_totp(struct req *r, struct res *s);
int h_session_totp_enrol(struct req *r, struct res *s);
int h_session_totp_confirm(struct req *r, struct res *s);
int h_session_totp_disable(struct req *r, struct res *s);
int h_admin_tokens_get(struct req *r, struct res *s);
int h_admin_tokens_add(struct req *r, struct res *s);
int h_admin_tokens_delete(struct req *r, struct res *s);
/* extensions.c, webhooks.c: API tokens and webhooks reviewed before use (Abiko §10) */
int h_admin_token_review(struct req *r, struct res *s);
int h_webhooks_get(struct req *r, struct res *s);
int h_webhooks_add(struct req *r, struct res *s);
int h_webhooks_update(struct req *r, struct res *s);
int h_webhooks_delete(struct req *r, struct res *s);
int h_admin_webhooks_get(struct req *r, struct res *s);
int h_admin_webhook_review(struct req *r, struct res *s);
/* data.c */
int h_aggregate(struct req *r, struct res *s);
int h_export_csv(struct req *r, struct res *s);
int h_import(struct req *r, struct res *s);
/* health.c */
int h_health(struct req *r, struct res *s);
/* policy.c */
int h_policy_get(struct req *r, struct res *s);
int h_policy_put(struct req *r, struct res *s);
/* downloads.c */
int h_downloads_get(struct req *r, struct res *s);
int h_downloads_put(struct req *r, struct res *s);
int h_downloads_review(struct req *r, struct res *s);
/* hours.c: working hours, overtime orders, overrides (Abiko §8, Kumamoto 第14条) */
int h_hours_admin_get(struct req *r, struct res *s);
int h_hours_calendar_add(struct req *r, struct res *s);
int h_hours_calendar_update(struct req *r, struct res *s);
int h_hours_calendar_delete(struct req *r, struct res *s);
int h_hours_assign(struct req *r, struct res *s);
int h_hours_override_add(struct req *r, struct res *s);
int h_hours_override_revoke(struct req *r, struct res *s);
int h_hours_holidays(struct req *r, struct res *s);
int h_hours_me(struct req *r, struct res *s);
int h_overtime_get(struct req *r, struct res *s);
int h_overtime_add(struct req *r, struct res *s);
int h_overtime_cancel(struct req *r, struct res *s);

/* audit.c */
int h_audit_log_get(struct req *r, struct res *s);
int h_audit_log_csv(struct req *r, struct res *s);
int h_audit_verify(struct req *r, struct res *s);
int h_audit_checkpoints(struct req *r, struct res *s);
int h_audit_report(struct req *r, struct res *s);
/* org: organisation units, their CSV, moving people, the inbox (handlers/org.c) */
int h_org_get(struct req *r, struct res *s);
int h_org_add(struct req *r, struct res *s);
int h_org_update(struct req *r, struct res *s);
int h_org_delete(struct req *r, struct res *s);
int h_org_csv(struct req *r, struct res *s);
int h_org_members_csv(struct req *r, struct res *s);
int h_org_import(struct req *r, struct res *s);
int h_user_move(struct req *r, struct res *s);
int h_inbox_get(struct req *r, struct res *s);
int h_inbox_done(struct req *r, struct res *s);
/* customize.c: JS/CSS customisations and their review (Abiko §10) */
int h_customize_get(struct req *r, struct res *s);
int h_preview_customize_get(struct req *r, struct res *s);
int h_preview_customize_put(struct req *r, struct res *s);
int h_customize_reviews_get(struct req *r, struct res *s);
int h_customize_review(struct req *r, struct res *s);
int h_app_extensions(struct req *r, struct res *s);
int h_customize_file(struct req *r, struct res *s);
int h_customize_source(struct req *r, struct res *s);
/* plugins.c: the plugin allow-list (Abiko §10) */
int h_plugin_request(struct req *r, struct res *s);
int h_plugins_get(struct req *r, struct res *s);
int h_admin_plugins_get(struct req *r, struct res *s);
int h_admin_plugin_decide(struct req *r, struct res *s);
int h_admin_plugin_remove(struct req *r, struct res *s);
int h_app_plugins_get(struct req *r, struct res *s);
int h_app_plugins_put(struct req *r, struct res *s);
struct user;
/* Reads the "section" parameter (a section's code) into u->section_id; creating: absent
 * counts as empty. E_ORG_SECTION_REQUIRED when empty while sections exist. */
int org_section_param(struct req *r, struct user *u, bool creating);

/* devices.c: device registration and administration (RULES.md row 5) */
int h_device_status(struct req *r, struct res *s);
int h_device_request(struct req *r, struct res *s);
int h_device_decide(struct req *r, struct res *s);
int h_admin_devices_get(struct req *r, struct res *s);
int h_admin_device_revoke(struct req *r, struct res *s);
int h_admin_device_section(struct req *r, struct res *s);
struct device;
/* Writes a JSON array of n devices (shared with me.c). */
void devices_list_out(struct jsonw *w, const struct device *d, size_t n);
/* me.c: the person's own devices and sessions, "report a problem" (row 15) */
int h_me_devices(struct req *r, struct res *s);
int h_me_device_revoke(struct req *r, struct res *s);
int h_me_sessions(struct req *r, struct res *s);
int h_me_sessions_end(struct req *r, struct res *s);
int h_me_report(struct req *r, struct res *s);
int h_report_public(struct req *r, struct res *s);
/* exports.c: export history, held exports and their release (RULES.md rows 22, 23);
 * h_export_csv above is there too */
int h_export_download(struct req *r, struct res *s);
int h_export_decide(struct req *r, struct res *s);
int h_export_history(struct req *r, struct res *s);
int h_export_mine(struct req *r, struct res *s);
int h_export_rules(struct req *r, struct res *s);
int h_export_settings_put(struct req *r, struct res *s);
/* incidents.c: incident records, escalation, status (RULES.md row 30) */
int h_incidents_get(struct req *r, struct res *s);
int h_incidents_add(struct req *r, struct res *s);
int h_incident_get(struct req *r, struct res *s);
int h_incident_entry(struct req *r, struct res *s);
int h_incident_escalate(struct req *r, struct res *s);
int h_incident_status(struct req *r, struct res *s);
struct incident;
/*
 * Opens an incident from draft (kind, reporter, subject, section, summary, action,
 * client, serious) inside the request's transaction: the "report" entry, inbox items for
 * the section's protection managers and the chief protection managers, and for a serious
 * one the escalation to the mayor's office. *id is the new incident.
 */
int incident_open(struct req *r, const struct incident *draft, int64_t *id);
/* comments_rules.c: the comment rules (RULES.md row 13, Abiko §11) */
int h_comment_history(struct req *r, struct res *s);
int h_comment_reminder_get(struct req *r, struct res *s);
int h_comment_reminder_ack(struct req *r, struct res *s);
int h_comment_report(struct req *r, struct res *s);
/* Refuses (E_COMMENTS_OFF) when the app's live setting enableComments is false. */
int comments_require_enabled(struct req *r, int64_t app_id);

/* backups.c */
struct config;
void h_backups_configure(const struct config *c);
int h_backups_get(struct req *r, struct res *s);
int h_backup_make(struct req *r, struct res *s);
int h_backup_test(struct req *r, struct res *s);
/* lifecycle.c: app registration and approvals (RULES.md rows 1, 8, 9) */
int h_app_governance_get(struct req *r, struct res *s);
int h_app_governance_put(struct req *r, struct res *s);
int h_app_request(struct req *r, struct res *s);
int h_app_decide(struct req *r, struct res *s);
int h_app_publish(struct req *r, struct res *s);
int h_app_withdraw(struct req *r, struct res *s);
/* ledger.c */
int h_ledger_get(struct req *r, struct res *s);
int h_ledger_csv(struct req *r, struct res *s);
int h_handover_get(struct req *r, struct res *s);
int h_handover_put(struct req *r, struct res *s);
int h_app_report(struct req *r, struct res *s);
/* disposals.c: the disposal register of crypto-erasures (RULES.md row 24) */
int h_admin_disposals(struct req *r, struct res *s);

#endif
