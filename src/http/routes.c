/* routes: every endpoint of daicho in one table (see routes.h). */
#include "http/routes.h"
#include "auth/identity.h"
#include "http/handlers/handlers.h"

#include <stdio.h>
#include <string.h>

#define R(m, p, h, auth, rights, from, flags, action, note) \
	{m, p, h, auth, rights, from, flags, action, note, 0}
/* A route for people holding one of roles (no app right, never API tokens). */
#define ROLE(m, p, h, roles, flags, action) \
	{m, p, h, AUTH_ROLE, 0, APP_NONE, flags, action, NULL, roles}
#define V RIGHT_VIEW
#define A RIGHT_ADD
#define E RIGHT_EDIT
#define D RIGHT_DELETE
#define M RIGHT_MANAGE
#define W ROUTE_WRITE
#define T ROUTE_TOKEN
#define B ROUTE_BULK
#define OH ROUTE_OFF_HOURS
#define ND ROUTE_NO_DEVICE
#define RD ROUTE_DATA

static const struct route table[] = {
	/* Records */
	R("GET", "/k/v1/record.json", h_record_get, AUTH_USER, V, APP_PARAM_APP, T | RD, "record.read", NULL),
	R("POST", "/k/v1/record.json", h_record_add, AUTH_USER, A, APP_PARAM_APP, W | T | B | RD, "record.add", NULL),
	R("PUT", "/k/v1/record.json", h_record_update, AUTH_USER, E, APP_PARAM_APP, W | T | B | RD, "record.update", NULL),
	R("GET", "/k/v1/records.json", h_records_get, AUTH_USER, V, APP_PARAM_APP, T | RD, "records.read", NULL),
	R("POST", "/k/v1/records.json", h_records_add, AUTH_USER, A, APP_PARAM_APP, W | T | B | RD, "records.add", NULL),
	R("PUT", "/k/v1/records.json", h_records_update, AUTH_USER, E, APP_PARAM_APP, W | T | B | RD, "records.update",
	  "upsert: true also needs the add right"),
	R("DELETE", "/k/v1/records.json", h_records_delete, AUTH_USER, D, APP_PARAM_APP, W | T | B | RD, "records.delete", NULL),
	R("POST", "/k/v1/records/cursor.json", h_cursor_create, AUTH_USER, V, APP_PARAM_APP, W | T | RD, "cursor.create", NULL),
	R("GET", "/k/v1/records/cursor.json", h_cursor_get, AUTH_USER, V, APP_BY_HANDLER, W | T, "cursor.read",
	  "view right on the cursor's app; only the cursor's creator"),
	R("DELETE", "/k/v1/records/cursor.json", h_cursor_delete, AUTH_USER, V, APP_BY_HANDLER, W | T, "cursor.delete",
	  "only the cursor's creator"),
	R("POST", "/k/v1/bulkRequest.json", h_bulk, AUTH_USER, 0, APP_BY_HANDLER, W | T, NULL,
	  "each sub-request's own route: rights, log entry"),
	/* Files */
	R("POST", "/k/v1/file.json", h_file_upload, AUTH_USER, 0, APP_NONE, W | T | ROUTE_UPLOAD, "file.upload", NULL),
	R("GET", "/k/v1/file.json", h_file_download, AUTH_USER, V, APP_BY_HANDLER, T, "file.download",
	  "view right on the app of the record holding the file; uploader for unattached files"),
	/* Comments and history */
	R("GET", "/k/v1/record/comments.json", h_comments_get, AUTH_USER, V, APP_PARAM_APP, T | RD, "comments.read", NULL),
	R("POST", "/k/v1/record/comment.json", h_comment_add, AUTH_USER, V, APP_PARAM_APP, W | T | RD, "comment.add", NULL),
	R("DELETE", "/k/v1/record/comment.json", h_comment_delete, AUTH_USER, V, APP_PARAM_APP, W | T | RD, "comment.delete",
	  "only the comment's author"),
	R("GET", "/api/records/aggregate.json", h_aggregate, AUTH_USER, V, APP_PARAM_APP, T | RD, "records.aggregate", NULL),
	R("GET", "/api/records/export.csv", h_export_csv, AUTH_USER, V | RIGHT_EXPORT, APP_PARAM_APP, RD, "records.export", NULL),
	R("POST", "/api/records/import.json", h_import, AUTH_USER, A, APP_PARAM_APP, W | RD, "records.import",
	  "updateKey also needs the edit right"),
	R("GET", "/api/record/history.json", h_history_get, AUTH_USER, V, APP_PARAM_APP, T | RD, "history.read", NULL),
	/* Apps */
	R("GET", "/k/v1/app.json", h_app_get, AUTH_USER, V, APP_PARAM_ID, T, NULL, NULL),
	R("GET", "/k/v1/apps.json", h_apps_get, AUTH_USER, 0, APP_BY_HANDLER, T, NULL,
	  "lists only apps the caller may view"),
	R("GET", "/api/app/rights.json", h_app_rights, AUTH_USER, 0, APP_PARAM_APP, T, NULL, NULL),
	R("POST", "/k/v1/preview/app.json", h_app_create, AUTH_USER, 0, APP_NONE, W, "app.create",
	  "users allowed to create apps"),
	R("GET", "/k/v1/app/settings.json", h_app_settings_get, AUTH_USER, V, APP_PARAM_APP, T, NULL, NULL),
	R("GET", "/k/v1/preview/app/settings.json", h_preview_settings_get, AUTH_USER, M, APP_PARAM_APP, T, NULL, NULL),
	R("PUT", "/k/v1/preview/app/settings.json", h_preview_settings_put, AUTH_USER, M, APP_PARAM_APP, W | T, "app.settings", NULL),
	R("GET", "/k/v1/app/form/fields.json", h_fields_get, AUTH_USER, V, APP_PARAM_APP, T, NULL, NULL),
	R("GET", "/k/v1/preview/app/form/fields.json", h_preview_fields_get, AUTH_USER, M, APP_PARAM_APP, T, NULL, NULL),
	R("POST", "/k/v1/preview/app/form/fields.json", h_preview_fields_add, AUTH_USER, M, APP_PARAM_APP, W | T, "app.fields", NULL),
	R("PUT", "/k/v1/preview/app/form/fields.json", h_preview_fields_update, AUTH_USER, M, APP_PARAM_APP, W | T, "app.fields", NULL),
	R("DELETE", "/k/v1/preview/app/form/fields.json", h_preview_fields_delete, AUTH_USER, M, APP_PARAM_APP, W | T, "app.fields", NULL),
	R("GET", "/k/v1/app/form/layout.json", h_layout_get, AUTH_USER, V, APP_PARAM_APP, T, NULL, NULL),
	R("GET", "/k/v1/preview/app/form/layout.json", h_preview_layout_get, AUTH_USER, M, APP_PARAM_APP, T, NULL, NULL),
	R("PUT", "/k/v1/preview/app/form/layout.json", h_preview_layout_put, AUTH_USER, M, APP_PARAM_APP, W | T, "app.layout", NULL),
	R("POST", "/k/v1/preview/app/deploy.json", h_deploy, AUTH_USER, M, APP_BY_HANDLER, W | T, "app.deploy",
	  "manage right on every app listed"),
	R("GET", "/k/v1/preview/app/deploy.json", h_deploy_status, AUTH_USER, M, APP_BY_HANDLER, T, NULL,
	  "manage right on every app listed"),
	R("GET", "/k/v1/app/views.json", h_views_get, AUTH_USER, V, APP_PARAM_APP, T, NULL, NULL),
	R("GET", "/k/v1/preview/app/views.json", h_preview_views_get, AUTH_USER, M, APP_PARAM_APP, T, NULL, NULL),
	R("PUT", "/k/v1/preview/app/views.json", h_preview_views_put, AUTH_USER, M, APP_PARAM_APP, W | T, "app.views", NULL),
	R("GET", "/k/v1/app/acl.json", h_acl_get, AUTH_USER, M, APP_PARAM_APP, T, NULL, NULL),
	R("GET", "/k/v1/preview/app/acl.json", h_preview_acl_get, AUTH_USER, M, APP_PARAM_APP, T, NULL, NULL),
	R("PUT", "/k/v1/preview/app/acl.json", h_preview_acl_put, AUTH_USER, M, APP_PARAM_APP, W | T, "app.acl", NULL),
	/* daicho's own: session, users, tokens, health */
	R("POST", "/api/session.json", h_session_login, AUTH_PUBLIC, 0, APP_NONE, 0, "session.login", NULL),
	R("GET", "/api/session.json", h_session_get, AUTH_USER, 0, APP_NONE, OH | ND, NULL, NULL),
	R("DELETE", "/api/session.json", h_session_logout, AUTH_USER, 0, APP_NONE, W | OH | ND, NULL, NULL),
	R("PUT", "/api/session/password.json", h_session_password, AUTH_USER, 0, APP_NONE, W | ND, NULL,
	  "the caller's own password; needs the current one"),
	R("GET", "/api/users.json", h_users_lookup, AUTH_USER, 0, APP_NONE, T, NULL, NULL),
	ROLE("GET", "/api/admin/users.json", h_admin_users_get, ROLE_ACCOUNT_ADMIN | ROLE_AUDITOR, 0, NULL),
	ROLE("POST", "/api/admin/users.json", h_admin_users_add, ROLE_ACCOUNT_ADMIN, W, "admin.user.add"),
	ROLE("PUT", "/api/admin/users.json", h_admin_users_update, ROLE_ACCOUNT_ADMIN, W, "admin.user.update"),
	ROLE("PUT", "/api/admin/user/password.json", h_admin_password_reset, ROLE_ACCOUNT_ADMIN, W, "admin.user.password"),
	ROLE("GET", "/api/admin/tokens.json", h_admin_tokens_get, ROLE_SYSTEM_ADMIN | ROLE_SECURITY_ADMIN | ROLE_AUDITOR, 0, NULL),
	ROLE("POST", "/api/admin/tokens.json", h_admin_tokens_add, ROLE_SYSTEM_ADMIN, W, "admin.token.add"),
	ROLE("DELETE", "/api/admin/tokens.json", h_admin_tokens_delete, ROLE_SYSTEM_ADMIN, W, "admin.token.revoke"),
	ROLE("GET", "/api/admin/policy.json", h_policy_get, ROLE_ANY_ADMIN | ROLE_AUDITOR, 0, NULL),
	ROLE("PUT", "/api/admin/policy.json", h_policy_put, ROLE_SECURITY_ADMIN, W, "admin.policy"),
	/* Download warnings (Kuki 第20条) */
	ROLE("GET", "/api/admin/downloads.json", h_downloads_get,
	     ROLE_SECURITY_ADMIN | ROLE_AUDITOR | ROLE_CHIEF_PROTECTION, 0, NULL),
	ROLE("PUT", "/api/admin/downloads.json", h_downloads_put, ROLE_SECURITY_ADMIN, W, "admin.downloads.limit"),
	ROLE("POST", "/api/admin/downloads/review.json", h_downloads_review, ROLE_SECURITY_ADMIN, W,
	     "admin.downloads.review"),
	/* hours: working hours, overtime orders, overrides (Abiko §8, Kumamoto 第14条) */
	ROLE("GET", "/api/admin/hours.json", h_hours_admin_get, ROLE_SECURITY_ADMIN | ROLE_AUDITOR, 0, NULL),
	ROLE("POST", "/api/admin/hours/calendars.json", h_hours_calendar_add, ROLE_SECURITY_ADMIN, W, "admin.hours.calendar"),
	ROLE("PUT", "/api/admin/hours/calendars.json", h_hours_calendar_update, ROLE_SECURITY_ADMIN, W, "admin.hours.calendar"),
	ROLE("DELETE", "/api/admin/hours/calendars.json", h_hours_calendar_delete, ROLE_SECURITY_ADMIN, W, "admin.hours.calendar"),
	ROLE("PUT", "/api/admin/hours/assignments.json", h_hours_assign, ROLE_SECURITY_ADMIN, W, "admin.hours.assign"),
	ROLE("POST", "/api/admin/hours/overrides.json", h_hours_override_add, ROLE_SECURITY_ADMIN, W, "admin.hours.override"),
	ROLE("DELETE", "/api/admin/hours/overrides.json", h_hours_override_revoke, ROLE_SECURITY_ADMIN, W, "admin.hours.override"),
	R("GET", "/api/hours/holidays.json", h_hours_holidays, AUTH_USER, 0, APP_NONE, OH, NULL, NULL),
	R("GET", "/api/hours/me.json", h_hours_me, AUTH_USER, 0, APP_NONE, OH, NULL, NULL),
	R("GET", "/api/overtime.json", h_overtime_get, AUTH_USER, 0, APP_NONE, 0, NULL,
	  "orders for the caller, given by them, or for members of sections they head"),
	R("POST", "/api/overtime.json", h_overtime_add, AUTH_USER, 0, APP_NONE, W, "overtime.order",
	  "the member's section or department head"),
	R("DELETE", "/api/overtime.json", h_overtime_cancel, AUTH_USER, 0, APP_NONE, W, "overtime.cancel",
	  "whoever gave the order, or the member's heads"),
	/* accounts: suspension with a reason (Kumamoto 第6条4, 第18条), unlock */
	ROLE("POST", "/api/admin/user/suspend.json", h_admin_user_suspend, ROLE_ACCOUNT_ADMIN, W, "admin.user.suspend"),
	ROLE("POST", "/api/admin/user/resume.json", h_admin_user_resume, ROLE_ACCOUNT_ADMIN, W, "admin.user.resume"),
	ROLE("POST", "/api/admin/user/unlock.json", h_admin_user_unlock, ROLE_ACCOUNT_ADMIN, W, "admin.user.unlock"),
	ROLE("POST", "/api/admin/user/totp/reset.json", h_admin_user_totp_reset, ROLE_ACCOUNT_ADMIN, W, "admin.user.totp.reset"),
	/* accounts: two-factor sign-in (Kuki 第18条) */
	R("POST", "/api/session/totp.json", h_session_totp, AUTH_PUBLIC, 0, APP_NONE, 0, "session.totp", NULL),
	R("POST", "/api/session/totp/enrol.json", h_session_totp_enrol, AUTH_USER, 0, APP_NONE, W | ND, "session.totp.enrol", NULL),
	R("POST", "/api/session/totp/confirm.json", h_session_totp_confirm, AUTH_USER, 0, APP_NONE, W | ND, "session.totp.confirm", NULL),
	R("POST", "/api/session/totp/disable.json", h_session_totp_disable, AUTH_USER, 0, APP_NONE, W, "session.totp.disable", NULL),
	/* audit: the access log for the auditor (Kuki 第19条, 第21条) */
	ROLE("GET", "/api/audit/log.json", h_audit_log_get, ROLE_AUDITOR | ROLE_SECURITY_ADMIN, 0, "audit.log.read"),
	ROLE("GET", "/api/audit/log.csv", h_audit_log_csv, ROLE_AUDITOR | ROLE_SECURITY_ADMIN, 0, "audit.log.export"),
	ROLE("GET", "/api/audit/verify.json", h_audit_verify, ROLE_AUDITOR | ROLE_SECURITY_ADMIN, 0, "audit.verify"),
	ROLE("GET", "/api/audit/checkpoints.json", h_audit_checkpoints, ROLE_AUDITOR | ROLE_SECURITY_ADMIN, 0, "audit.checkpoints.read"),
	ROLE("GET", "/api/audit/report.json", h_audit_report, ROLE_AUDITOR | ROLE_SECURITY_ADMIN | ROLE_CHIEF_PROTECTION, 0, "audit.report"),
	/* devices: registration, the device administration, the person's own page (/me) and
	 * "report a problem" (RULES.md rows 5, 15, 32; the gate is http/gate_device.c) */
	R("GET", "/api/device/status.json", h_device_status, AUTH_USER, 0, APP_NONE, ND, NULL, NULL),
	R("POST", "/api/device/request.json", h_device_request, AUTH_USER, 0, APP_NONE, W | ND, "device.request",
	  "browser sessions only"),
	R("POST", "/api/device/decide.json", h_device_decide, AUTH_USER, 0, APP_NONE, W, "device.decide",
	  "security administrators and the requester's section or department head; never one's own"),
	ROLE("GET", "/api/admin/devices.json", h_admin_devices_get, ROLE_SECURITY_ADMIN | ROLE_AUDITOR, 0, NULL),
	ROLE("POST", "/api/admin/device/revoke.json", h_admin_device_revoke, ROLE_SECURITY_ADMIN, W, "admin.device.revoke"),
	ROLE("PUT", "/api/admin/device/section.json", h_admin_device_section, ROLE_SECURITY_ADMIN, W, "admin.device.section"),
	R("GET", "/api/me/devices.json", h_me_devices, AUTH_USER, 0, APP_NONE, 0, NULL, NULL),
	R("POST", "/api/me/device/revoke.json", h_me_device_revoke, AUTH_USER, 0, APP_NONE, W, "me.device.revoke", NULL),
	R("GET", "/api/me/sessions.json", h_me_sessions, AUTH_USER, 0, APP_NONE, 0, NULL, NULL),
	R("POST", "/api/me/sessions/end.json", h_me_sessions_end, AUTH_USER, 0, APP_NONE, W, "me.session.end", NULL),
	R("POST", "/api/me/report.json", h_me_report, AUTH_USER, 0, APP_NONE, W | ND, "report.add", NULL),
	R("POST", "/api/report.json", h_report_public, AUTH_PUBLIC, 0, APP_NONE, 0, "report.add.public",
	  "signed out; rate-limited per address"),
	/* org: organisation, moving people between sections, the inbox (Kuki 第4条, 第21条) */
	R("GET", "/api/org.json", h_org_get, AUTH_USER, 0, APP_NONE, 0, NULL, NULL),
	ROLE("GET", "/api/admin/org.json", h_org_get, ROLE_ANY_ADMIN | ROLE_AUDITOR | ROLE_CHIEF_PROTECTION, 0, NULL),
	ROLE("POST", "/api/admin/org.json", h_org_add, ROLE_ACCOUNT_ADMIN, W, "admin.org.add"),
	ROLE("PUT", "/api/admin/org.json", h_org_update, ROLE_ACCOUNT_ADMIN, W, "admin.org.update"),
	ROLE("DELETE", "/api/admin/org.json", h_org_delete, ROLE_ACCOUNT_ADMIN, W, "admin.org.delete"),
	ROLE("GET", "/api/admin/org.csv", h_org_csv, ROLE_ACCOUNT_ADMIN | ROLE_AUDITOR, 0, NULL),
	ROLE("GET", "/api/admin/org/members.csv", h_org_members_csv, ROLE_ACCOUNT_ADMIN | ROLE_AUDITOR, 0, NULL),
	ROLE("POST", "/api/admin/org/import.json", h_org_import, ROLE_ACCOUNT_ADMIN, W, "admin.org.import"),
	ROLE("POST", "/api/admin/user/move.json", h_user_move, ROLE_ACCOUNT_ADMIN, W, "admin.user.move"),
	R("GET", "/api/inbox.json", h_inbox_get, AUTH_USER, 0, APP_NONE, 0, NULL, "the caller's own items"),
	R("PUT", "/api/inbox/done.json", h_inbox_done, AUTH_USER, 0, APP_NONE, W, NULL, "the caller's own items"),
	/* Backups (Kuki 第31条) */
	ROLE("GET", "/api/admin/backups.json", h_backups_get, ROLE_SYSTEM_ADMIN | ROLE_AUDITOR | ROLE_SECURITY_ADMIN, 0, NULL),
	ROLE("POST", "/api/admin/backups.json", h_backup_make, ROLE_SYSTEM_ADMIN, ROUTE_OWN_TX, "admin.backup.make"),
	ROLE("POST", "/api/admin/backup/test.json", h_backup_test, ROLE_SYSTEM_ADMIN | ROLE_AUDITOR, ROUTE_OWN_TX,
	     "admin.backup.test"),
	/* lifecycle: registration and approvals of apps (RULES.md rows 1, 8, 9; Abiko §9(3)-(5)) */
	R("GET", "/api/app/governance.json", h_app_governance_get, AUTH_USER, 0, APP_BY_HANDLER, 0, NULL,
	  "view right on the app, or its owner, maintainer, an approver of its requests, a system administrator"),
	R("PUT", "/api/app/governance.json", h_app_governance_put, AUTH_USER, 0, APP_BY_HANDLER, W, "app.governance",
	  "the app's owner or maintainer, a system administrator"),
	R("POST", "/api/app/request.json", h_app_request, AUTH_USER, 0, APP_BY_HANDLER, W, "app.request",
	  "the app's owner or maintainer, a system administrator"),
	R("POST", "/api/app/decide.json", h_app_decide, AUTH_USER, 0, APP_BY_HANDLER, W, "app.decide",
	  "only the approver of the step whose turn it is; never the requester"),
	R("POST", "/api/app/publish.json", h_app_publish, AUTH_USER, 0, APP_BY_HANDLER, W, "app.publish",
	  "the app's owner or maintainer, a system administrator"),
	R("POST", "/api/app/withdraw.json", h_app_withdraw, AUTH_USER, 0, APP_BY_HANDLER, W, "app.withdraw",
	  "the app's owner or maintainer, a system administrator, or the requester"),
	/* customize: JS/CSS customisations and plugins, reviewed and hash-pinned (Abiko §10) */
	R("GET", "/k/v1/app/customize.json", h_customize_get, AUTH_USER, M, APP_PARAM_APP, T, NULL, NULL),
	R("GET", "/k/v1/preview/app/customize.json", h_preview_customize_get, AUTH_USER, M, APP_PARAM_APP, T, NULL, NULL),
	R("PUT", "/k/v1/preview/app/customize.json", h_preview_customize_put, AUTH_USER, M, APP_PARAM_APP, W | T,
	  "app.customize", NULL),
	ROLE("GET", "/api/customize/reviews.json", h_customize_reviews_get,
	     ROLE_SYSTEM_ADMIN | ROLE_SECURITY_ADMIN | ROLE_AUDITOR, 0, NULL),
	ROLE("POST", "/api/customize/review.json", h_customize_review, ROLE_SYSTEM_ADMIN | ROLE_SECURITY_ADMIN, W,
	     "customize.review"),
	ROLE("GET", "/api/customize/source", h_customize_source,
	     ROLE_SYSTEM_ADMIN | ROLE_SECURITY_ADMIN | ROLE_AUDITOR, 0, "customize.source.read"),
	R("GET", "/api/app/extensions.json", h_app_extensions, AUTH_USER, V, APP_PARAM_APP, 0, NULL, NULL),
	R("GET", "/api/app/customize/file", h_customize_file, AUTH_USER, V, APP_PARAM_APP, ROUTE_NOLOG_OK,
	  "customize.serve", NULL),
	R("POST", "/api/plugin/request.json", h_plugin_request, AUTH_USER, 0, APP_NONE, W, "plugin.request", NULL),
	R("GET", "/api/plugins.json", h_plugins_get, AUTH_USER, 0, APP_NONE, 0, NULL, NULL),
	ROLE("GET", "/api/admin/plugins.json", h_admin_plugins_get,
	     ROLE_SYSTEM_ADMIN | ROLE_SECURITY_ADMIN | ROLE_AUDITOR, 0, NULL),
	ROLE("POST", "/api/admin/plugin/decide.json", h_admin_plugin_decide, ROLE_SYSTEM_ADMIN, W,
	     "admin.plugin.decide"),
	ROLE("POST", "/api/admin/plugin/remove.json", h_admin_plugin_remove, ROLE_SYSTEM_ADMIN, W,
	     "admin.plugin.remove"),
	R("GET", "/api/app/plugins.json", h_app_plugins_get, AUTH_USER, M, APP_PARAM_APP, 0, NULL, NULL),
	R("PUT", "/api/app/plugins.json", h_app_plugins_put, AUTH_USER, M, APP_PARAM_APP, W, "app.plugins", NULL),
	/* export: reasons, two-person release of personal data, history (Kuki 第11条, 第14条;
	 * Yabu 第10条(4)); the export itself is /api/records/export.csv above */
	R("GET", "/api/export/rules.json", h_export_rules, AUTH_USER, V | RIGHT_EXPORT, APP_PARAM_APP, 0, NULL, NULL),
	R("GET", "/api/export/download", h_export_download, AUTH_USER, V | RIGHT_EXPORT, APP_BY_HANDLER, 0, "export.download",
	  "only the requester, once, after approval and before the release expires; view and export right on the app"),
	R("POST", "/api/export/decide.json", h_export_decide, AUTH_USER, 0, APP_BY_HANDLER, W, "export.decide",
	  "never the requester: their section or department head, their section's protection managers, or another person with the export right"),
	R("GET", "/api/export/history.json", h_export_history, AUTH_USER, 0, APP_BY_HANDLER, 0, "export.history.read",
	  "auditors, security administrators, chief protection managers, system administrators; the app's managers for one app"),
	R("GET", "/api/export/mine.json", h_export_mine, AUTH_USER, 0, APP_NONE, 0, NULL, "the caller's own exports"),
	ROLE("PUT", "/api/export/settings.json", h_export_settings_put, ROLE_SECURITY_ADMIN | ROLE_CHIEF_PROTECTION, W,
	     "export.settings"),
	/* incidents: records, timeline, escalation, status (RULES.md row 30; Kuki 第39–41条) */
	R("GET", "/api/incidents.json", h_incidents_get, AUTH_USER, 0, APP_NONE, 0, "incidents.read",
	  "handlers see their sections' incidents, chief protection managers, security administrators and auditors all; others their own reports"),
	R("POST", "/api/incidents.json", h_incidents_add, AUTH_USER, 0, APP_NONE, W, "incident.add", "anyone"),
	R("GET", "/api/incident.json", h_incident_get, AUTH_USER, 0, APP_NONE, 0, "incident.read",
	  "whoever may see the incident"),
	R("POST", "/api/incident/entry.json", h_incident_entry, AUTH_USER, 0, APP_NONE, W, "incident.entry",
	  "the section's protection managers, chief protection managers, security administrators"),
	R("POST", "/api/incident/escalate.json", h_incident_escalate, AUTH_USER, 0, APP_NONE, W, "incident.escalate",
	  "handlers; to the mayor's office only chief protection managers"),
	R("POST", "/api/incident/status.json", h_incident_status, AUTH_USER, 0, APP_NONE, W, "incident.status",
	  "handlers"),
	/* comments under the rules (RULES.md row 13; Abiko §11) */
	R("GET", "/api/record/comment/history.json", h_comment_history, AUTH_USER, 0, APP_PARAM_APP, 0,
	  "comment.history.read", "the app's managers and auditors"),
	R("POST", "/api/record/comment/report.json", h_comment_report, AUTH_USER, V, APP_PARAM_APP, W | RD,
	  "comment.report", NULL),
	R("GET", "/api/comment/reminder.json", h_comment_reminder_get, AUTH_USER, 0, APP_NONE, 0, NULL, NULL),
	R("POST", "/api/comment/reminder.json", h_comment_reminder_ack, AUTH_USER, 0, APP_NONE, W,
	  "comment.reminder.ack", NULL),
	/* ledger: the register of apps (Kuki 第16条), hand-over (Abiko §9(2)), the auditor's
	 * report (Kuki 第42–44条) */
	R("GET", "/api/ledger.json", h_ledger_get, AUTH_USER, 0, APP_NONE, 0, "ledger.read",
	  "every app for system administrators, auditors, chief protection managers and security administrators; the apps one owns, maintains or manages otherwise"),
	R("GET", "/api/ledger.csv", h_ledger_csv, AUTH_USER, 0, APP_NONE, 0, "ledger.export",
	  "as ledger.json"),
	R("GET", "/api/handover.json", h_handover_get, AUTH_USER, 0, APP_NONE, 0, NULL,
	  "every item for administrators, auditors and chief protection managers; heads see their sections' items"),
	R("PUT", "/api/handover.json", h_handover_put, AUTH_USER, 0, APP_NONE, W, "admin.handover",
	  "system and account administrators, and the head of the section the person left"),
	ROLE("GET", "/api/audit/app-report.json", h_app_report, ROLE_AUDITOR | ROLE_SECURITY_ADMIN | ROLE_CHIEF_PROTECTION, 0,
	     "audit.app_report"),
	/* crypto: the disposal register of crypto-erasures (Kuki 第15条, Yabu 第9条) */
	ROLE("GET", "/api/admin/disposals.json", h_admin_disposals, ROLE_AUDITOR | ROLE_SECURITY_ADMIN, 0, "admin.disposals.read"),
	/* hooks: API tokens and webhooks reviewed before use (Abiko §10, RULES.md row 12) */
	ROLE("POST", "/api/admin/token/review.json", h_admin_token_review, ROLE_SYSTEM_ADMIN | ROLE_SECURITY_ADMIN, W,
	     "admin.token.review"),
	R("GET", "/api/app/webhooks.json", h_webhooks_get, AUTH_USER, M, APP_BY_HANDLER, 0, NULL,
	  "manage right on the app; before its first deploy its creator and system administrators"),
	R("POST", "/api/app/webhooks.json", h_webhooks_add, AUTH_USER, M, APP_PARAM_APP, W, "app.webhook.add", NULL),
	R("PUT", "/api/app/webhooks.json", h_webhooks_update, AUTH_USER, M, APP_PARAM_APP, W, "app.webhook.update", NULL),
	R("DELETE", "/api/app/webhooks.json", h_webhooks_delete, AUTH_USER, M, APP_PARAM_APP, W, "app.webhook.delete", NULL),
	ROLE("GET", "/api/admin/webhooks.json", h_admin_webhooks_get, ROLE_SYSTEM_ADMIN | ROLE_SECURITY_ADMIN | ROLE_AUDITOR,
	     0, NULL),
	ROLE("POST", "/api/admin/webhook/review.json", h_admin_webhook_review, ROLE_SYSTEM_ADMIN | ROLE_SECURITY_ADMIN, W,
	     "admin.webhook.review"),
	R("GET", "/api/health.json", h_health, AUTH_PUBLIC, 0, APP_NONE, 0, NULL, NULL),
	{NULL, NULL, NULL, AUTH_PUBLIC, 0, APP_NONE, 0, NULL, NULL, 0},
};

const struct route *routes_all(void)
{
	return table;
}

const struct route *routes_find(const char *method, const char *path, int *path_known)
{
	*path_known = 0;
	for (const struct route *r = table; r->method; r++) {
		if (strcmp(r->path, path) != 0)
			continue;
		*path_known = 1;
		if (strcmp(r->method, method) == 0)
			return r;
	}
	return NULL;
}

const char *routes_methods(const char *path, char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	for (const struct route *r = table; r->method; r++) {
		if (strcmp(r->path, path) != 0)
			continue;
		int k = snprintf(buf + n, size - n, "%s%s", n ? ", " : "", r->method);
		if (k < 0 || (size_t)k >= size - n)
			break;
		n += (size_t)k;
	}
	return buf;
}
