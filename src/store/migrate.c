/*
 * migrate: the system tables and their versions. Each step runs once, in order, inside
 * one transaction with the bump of PRAGMA user_version; a database from a newer daicho
 * is refused rather than damaged.
 */
#include "store/db_int.h"
#include "core/log.h"

#include <stdio.h>

static const char *const steps[] = {
	/* 1: users, sessions, tokens, apps, forms, permissions, files, comments, history,
	 * cursors, the access log. */
	"CREATE TABLE users("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  code TEXT NOT NULL UNIQUE,"			/* login name */
	"  name TEXT NOT NULL,"				/* display name */
	"  email TEXT NOT NULL DEFAULT '',"
	"  password_hash TEXT NOT NULL,"		/* Argon2id encoded string */
	"  is_admin INTEGER NOT NULL DEFAULT 0,"
	"  active INTEGER NOT NULL DEFAULT 1,"
	"  can_create_apps INTEGER NOT NULL DEFAULT 1,"
	"  failed_logins INTEGER NOT NULL DEFAULT 0,"
	"  last_failed_at INTEGER NOT NULL DEFAULT 0,"
	"  locked_until INTEGER NOT NULL DEFAULT 0,"
	"  password_changed_at INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL);"
	"CREATE TABLE sessions("
	"  id INTEGER PRIMARY KEY,"
	"  token_hash BLOB NOT NULL UNIQUE,"		/* hash of the cookie value */
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  csrf TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  last_seen INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL,"
	"  client TEXT NOT NULL DEFAULT '');"
	"CREATE INDEX sessions_user ON sessions(user_id);"
	"CREATE TABLE apps("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  code TEXT NOT NULL DEFAULT '',"
	"  name TEXT NOT NULL,"
	"  description TEXT NOT NULL DEFAULT '',"
	"  creator_id INTEGER NOT NULL,"
	"  created_at TEXT NOT NULL,"
	"  modifier_id INTEGER NOT NULL,"
	"  modified_at TEXT NOT NULL,"
	"  next_col INTEGER NOT NULL DEFAULT 1,"	/* next fN column number */
	"  preview_revision INTEGER NOT NULL DEFAULT 1,"
	"  live_revision INTEGER NOT NULL DEFAULT 0,"	/* 0: never deployed */
	"  deploy_status TEXT NOT NULL DEFAULT '',"
	"  deploy_message TEXT NOT NULL DEFAULT '');"
	"CREATE TABLE app_forms("
	"  app_id INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,"
	"  stage TEXT NOT NULL CHECK (stage IN ('preview','live')),"
	"  properties TEXT NOT NULL,"			/* stored field definitions (JSON) */
	"  layout TEXT NOT NULL,"			/* form layout (JSON) */
	"  settings TEXT NOT NULL,"			/* name, description, icon (JSON) */
	"  acl TEXT NOT NULL,"				/* app permissions (JSON) */
	"  PRIMARY KEY (app_id, stage));"
	"CREATE TABLE api_tokens("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  app_id INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,"
	"  token_hash BLOB NOT NULL UNIQUE,"
	"  hint TEXT NOT NULL,"				/* first characters, to recognise it */
	"  owner_id INTEGER NOT NULL REFERENCES users(id),"
	"  rights INTEGER NOT NULL,"
	"  description TEXT NOT NULL DEFAULT '',"
	"  created_at INTEGER NOT NULL,"
	"  revoked_at INTEGER NOT NULL DEFAULT 0,"
	"  last_used_at INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX api_tokens_app ON api_tokens(app_id);"
	"CREATE TABLE blobs("
	"  sha256 TEXT PRIMARY KEY,"			/* content hash, names the file on disk */
	"  size INTEGER NOT NULL);"
	"CREATE TABLE files("
	"  key TEXT PRIMARY KEY,"			/* upload key or download key */
	"  sha256 TEXT NOT NULL REFERENCES blobs(sha256),"
	"  name TEXT NOT NULL,"
	"  content_type TEXT NOT NULL,"
	"  size INTEGER NOT NULL,"
	"  uploader_id INTEGER NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  app_id INTEGER,"				/* NULL while only uploaded */
	"  record_id INTEGER,"
	"  field TEXT);"
	"CREATE INDEX files_record ON files(app_id, record_id);"
	"CREATE INDEX files_sha ON files(sha256);"
	"CREATE TABLE comments("
	"  app_id INTEGER NOT NULL,"
	"  record_id INTEGER NOT NULL,"
	"  id INTEGER NOT NULL,"			/* per record, from 1 */
	"  text TEXT NOT NULL,"
	"  creator TEXT NOT NULL,"
	"  created_at TEXT NOT NULL,"
	"  mentions TEXT NOT NULL DEFAULT '[]',"
	"  PRIMARY KEY (app_id, record_id, id));"
	"CREATE TABLE record_history("
	"  app_id INTEGER NOT NULL,"
	"  record_id INTEGER NOT NULL,"
	"  revision INTEGER NOT NULL,"
	"  action TEXT NOT NULL,"			/* add, update, delete */
	"  user_code TEXT NOT NULL,"
	"  at TEXT NOT NULL,"
	"  data TEXT NOT NULL,"				/* the record as the API returns it */
	"  PRIMARY KEY (app_id, record_id, revision));"
	"CREATE TABLE cursors("
	"  id TEXT PRIMARY KEY,"
	"  app_id INTEGER NOT NULL,"
	"  user_id INTEGER NOT NULL,"
	"  fields TEXT NOT NULL,"			/* JSON array of codes or null */
	"  size INTEGER NOT NULL,"
	"  total INTEGER NOT NULL,"
	"  position INTEGER NOT NULL DEFAULT 0,"
	"  expires_at INTEGER NOT NULL);"
	"CREATE TABLE cursor_rows("
	"  cursor_id TEXT NOT NULL REFERENCES cursors(id) ON DELETE CASCADE,"
	"  seq INTEGER NOT NULL,"
	"  record_id INTEGER NOT NULL,"
	"  PRIMARY KEY (cursor_id, seq)) WITHOUT ROWID;"
	/* Entries are only ever appended: rowids grow with time, so no AUTOINCREMENT and no
	 * secondary index is needed, and each entry costs one appended page. */
	"CREATE TABLE access_log("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"				/* UTC with milliseconds */
	"  user_id INTEGER,"
	"  user_code TEXT NOT NULL DEFAULT '',"
	"  auth TEXT NOT NULL,"				/* password, session, token, none */
	"  token_id INTEGER,"
	"  app_id INTEGER,"
	"  action TEXT NOT NULL,"
	"  record_ids TEXT NOT NULL DEFAULT '[]',"
	"  result TEXT NOT NULL,"			/* ok, denied, failed */
	"  status INTEGER NOT NULL,"
	"  code TEXT NOT NULL DEFAULT '',"
	"  client TEXT NOT NULL DEFAULT '',"
	"  request_id TEXT NOT NULL DEFAULT '');"
	"CREATE TRIGGER access_log_append_only_u BEFORE UPDATE ON access_log"
	"  BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;"
	"CREATE TRIGGER access_log_append_only_d BEFORE DELETE ON access_log"
	"  BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;",
	/* 2: saved views of each app (kintone's app/views.json). */
	"ALTER TABLE app_forms ADD COLUMN views TEXT NOT NULL DEFAULT '{}';",
	/* 3: how far the access-log journal (audit/journal.c) has been moved into the table. */
	"CREATE TABLE journal_state(id INTEGER PRIMARY KEY CHECK (id = 1), offset INTEGER NOT NULL);"
	"INSERT INTO journal_state VALUES (1, 0);",
	/* 4: the organisation (departments and sections with their heads), administrative
	 * roles, the installation's policy, and each person's inbox. */
	"CREATE TABLE org_units("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  parent_id INTEGER REFERENCES org_units(id),"	/* NULL for a department */
	"  kind TEXT NOT NULL CHECK (kind IN ('department','section')),"
	"  code TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  head_id INTEGER REFERENCES users(id),"	/* 部長 / 課長 */
	"  position INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL);"
	"CREATE INDEX org_units_parent ON org_units(parent_id);"
	/* 保護管理者: one or more per section. */
	"CREATE TABLE org_protection_managers("
	"  unit_id INTEGER NOT NULL REFERENCES org_units(id) ON DELETE CASCADE,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  PRIMARY KEY (unit_id, user_id)) WITHOUT ROWID;"
	"ALTER TABLE users ADD COLUMN roles INTEGER NOT NULL DEFAULT 0;"	/* ROLE_* bits */
	"ALTER TABLE users ADD COLUMN section_id INTEGER REFERENCES org_units(id);"
	"UPDATE users SET roles = 31 WHERE is_admin = 1;"
	"CREATE TABLE policy("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL,"
	"  set_by TEXT NOT NULL,"
	"  set_at INTEGER NOT NULL);"
	/* What the rules route to a person: approvals to give, alerts to read. */
	"CREATE TABLE inbox("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL,"				/* device.request, overtime, download.alert, incident ... */
	"  ref_id INTEGER NOT NULL DEFAULT 0,"		/* the row the item is about */
	"  subject TEXT NOT NULL,"
	"  detail TEXT NOT NULL DEFAULT '{}',"		/* JSON */
	"  created_at INTEGER NOT NULL,"
	"  done_at INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX inbox_user ON inbox(user_id, done_at);",
	/* 5: downloads: rolling read counters, per-app thresholds, warnings with reasons. */
	"CREATE TABLE download_counts("
	"  user_id INTEGER NOT NULL,"
	"  app_id INTEGER NOT NULL,"
	"  hour INTEGER NOT NULL,"			/* unix time / 3600 */
	"  n INTEGER NOT NULL,"				/* records read in that hour */
	"  PRIMARY KEY (user_id, app_id, hour)) WITHOUT ROWID;"
	"CREATE INDEX download_counts_hour ON download_counts(hour);"
	"CREATE TABLE download_limits("
	"  app_id INTEGER PRIMARY KEY REFERENCES apps(id) ON DELETE CASCADE,"
	"  threshold INTEGER,"				/* NULL: the policy's default */
	"  hard_cap INTEGER NOT NULL DEFAULT 0,"	/* 0: none */
	"  set_by TEXT NOT NULL,"
	"  set_at INTEGER NOT NULL,"
	"  reviewed_by TEXT NOT NULL DEFAULT '',"
	"  reviewed_at INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE download_warnings("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  at INTEGER NOT NULL,"
	"  request_id TEXT NOT NULL,"			/* the access-log entries of the request */
	"  user_id INTEGER NOT NULL,"
	"  app_id INTEGER NOT NULL,"
	"  action TEXT NOT NULL,"
	"  count INTEGER NOT NULL,"			/* records this request read */
	"  prior INTEGER NOT NULL,"			/* records read earlier in the window */
	"  threshold INTEGER NOT NULL,"
	"  hard_cap INTEGER NOT NULL,"
	"  outcome TEXT NOT NULL CHECK (outcome IN ('reason','capped')),"
	"  reason TEXT NOT NULL DEFAULT '');"
	"CREATE INDEX download_warnings_at ON download_warnings(at);",
	/* 6: hours: working-hours calendars, their closing days, which sections and users
	 * follow which calendar, overtime orders and the security administrator's overrides
	 * (Abiko §8, Kumamoto 第14条). The default calendar starts "always open" with office
	 * hours filled in, so turning the rule on locks nobody out before the hours are set. */
	"CREATE TABLE hours_calendars("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  name TEXT NOT NULL UNIQUE,"
	"  always INTEGER NOT NULL DEFAULT 0,"		/* open 24/365 */
	"  holidays_closed INTEGER NOT NULL DEFAULT 1,"	/* closed on national holidays */
	"  week TEXT NOT NULL DEFAULT ',,,,,,',"	/* rules/hours.h: Sunday first */
	"  is_default INTEGER NOT NULL DEFAULT 0,"
	"  updated_by TEXT NOT NULL DEFAULT '',"
	"  updated_at INTEGER NOT NULL DEFAULT 0);"
	"INSERT INTO hours_calendars(name, always, holidays_closed, week, is_default)"
	"  VALUES ('標準', 1, 1, ',08:30-17:15,08:30-17:15,08:30-17:15,08:30-17:15,08:30-17:15,', 1);"
	"CREATE TABLE hours_closings("
	"  calendar_id INTEGER NOT NULL REFERENCES hours_calendars(id) ON DELETE CASCADE,"
	"  day TEXT NOT NULL,"				/* YYYY-MM-DD, local */
	"  name TEXT NOT NULL DEFAULT '',"
	"  PRIMARY KEY (calendar_id, day)) WITHOUT ROWID;"
	/* Which calendar a section or a user follows (a user's own entry wins). */
	"CREATE TABLE hours_assign("
	"  kind TEXT NOT NULL CHECK (kind IN ('section','user')),"
	"  ref_id INTEGER NOT NULL,"
	"  calendar_id INTEGER NOT NULL REFERENCES hours_calendars(id) ON DELETE CASCADE,"
	"  PRIMARY KEY (kind, ref_id)) WITHOUT ROWID;"
	/* 時間外勤務命令 */
	"CREATE TABLE overtime_orders("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  start_at INTEGER NOT NULL,"
	"  end_at INTEGER NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  ordered_by INTEGER NOT NULL REFERENCES users(id),"
	"  created_at INTEGER NOT NULL,"
	"  cancelled_at INTEGER NOT NULL DEFAULT 0,"
	"  cancelled_by INTEGER);"
	"CREATE INDEX overtime_orders_user ON overtime_orders(user_id, end_at);"
	/* Emergency overrides: one user, or everyone (user_id NULL), until a time. */
	"CREATE TABLE hours_overrides("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,"
	"  until_at INTEGER NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  set_by TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  revoked_at INTEGER NOT NULL DEFAULT 0);",
	/* 7: accounts: previous password hashes (no reuse, Yabu 第11条) and why, by whom and
	 * when an account was suspended (Kumamoto 第6条4, 第18条). */
	"CREATE TABLE password_history("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  password_hash TEXT NOT NULL,"		/* Argon2id encoded string */
	"  created_at INTEGER NOT NULL);"
	"CREATE INDEX password_history_user ON password_history(user_id, id);"
	"ALTER TABLE users ADD COLUMN suspended_reason TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE users ADD COLUMN suspended_by TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE users ADD COLUMN suspended_at INTEGER NOT NULL DEFAULT 0;"
	/* Sessions ended by a suspension stay as tombstones until they expire, so the
	 * person's next click says "suspended" rather than "signed out". */
	"ALTER TABLE sessions ADD COLUMN suspended INTEGER NOT NULL DEFAULT 0;"
	/* Two-factor sign-in (Kuki 第18条): the TOTP secret (base32), the secret being
	 * enrolled until its first code confirms it, the last time step accepted (no
	 * replay); a session stays "pending" until the second factor is given. */
	"ALTER TABLE users ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE users ADD COLUMN totp_pending TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE users ADD COLUMN totp_step INTEGER NOT NULL DEFAULT -1;"
	"ALTER TABLE sessions ADD COLUMN totp_pending INTEGER NOT NULL DEFAULT 0;",
	/* 8: audit: the access log's hash chain (docs/AUDIT.md). hash is the chain value of
	 * each entry (hex SHA-256); entries older than this step have none and stay before
	 * the anchor, where the chain starts. Signed checkpoints of the chain head; the gate
	 * row is opened only inside `daicho audit purge`'s transaction, and only entries up
	 * to the anchor may leave. */
	"ALTER TABLE access_log ADD COLUMN hash TEXT;"
	"CREATE INDEX access_log_at ON access_log(at);"		/* the auditor's searches by time */
	"CREATE TABLE audit_checkpoints("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  entry_id INTEGER NOT NULL,"			/* last entry covered */
	"  hash TEXT NOT NULL,"				/* its chain hash */
	"  count INTEGER NOT NULL,"			/* entries in the chain up to it */
	"  at TEXT NOT NULL,"				/* UTC */
	"  reason TEXT NOT NULL,"			/* scheduled, manual, purge, anchor */
	"  public_key TEXT NOT NULL,"			/* Ed25519, hex */
	"  signature TEXT NOT NULL);"			/* Ed25519, hex */
	"CREATE TABLE audit_anchor("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  entry_id INTEGER NOT NULL,"			/* the chain starts after this entry */
	"  hash TEXT NOT NULL,"				/* its chain hash (zeros at the start) */
	"  count INTEGER NOT NULL,"
	"  checkpoint_id INTEGER);"			/* the signed checkpoint of the anchor */
	"INSERT INTO audit_anchor SELECT 1, COALESCE(max(id), 0),"
	"  '0000000000000000000000000000000000000000000000000000000000000000', 0, NULL"
	"  FROM access_log;"
	"CREATE TABLE audit_gate(id INTEGER PRIMARY KEY CHECK (id = 1), open INTEGER NOT NULL);"
	"INSERT INTO audit_gate VALUES (1, 0);"
	"DROP TRIGGER access_log_append_only_d;"
	"CREATE TRIGGER access_log_append_only_d BEFORE DELETE ON access_log"
	"  WHEN (SELECT open FROM audit_gate WHERE id = 1) IS NOT 1"
	"    OR OLD.id > (SELECT entry_id FROM audit_anchor WHERE id = 1)"
	"  BEGIN SELECT RAISE(ABORT, 'the access log is append-only (old entries leave only"
	" through daicho audit purge)'); END;"
	"CREATE TRIGGER audit_anchor_guard BEFORE UPDATE ON audit_anchor"
	"  WHEN (SELECT open FROM audit_gate WHERE id = 1) IS NOT 1"
	"  BEGIN SELECT RAISE(ABORT, 'the audit anchor moves only in daicho audit purge'); END;"
	"CREATE TRIGGER audit_checkpoints_u BEFORE UPDATE ON audit_checkpoints"
	"  BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;"
	"CREATE TRIGGER audit_checkpoints_d BEFORE DELETE ON audit_checkpoints"
	"  BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;",
	/* 9: devices: registered devices (Abiko §7, Kumamoto 第11–12条), the per-section
	 * choice between city-issued devices only and registered personal ones, and the
	 * incidents people report (Kumamoto 第17条). */
	"CREATE TABLE devices("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL CHECK (kind IN ('city_pc','personal_pc','tablet','smartphone')),"
	"  owner TEXT NOT NULL CHECK (owner IN ('city','personal')),"
	"  os TEXT NOT NULL,"				/* OS and version */
	"  security TEXT NOT NULL,"			/* security software */
	"  note TEXT NOT NULL DEFAULT '',"
	"  status TEXT NOT NULL CHECK (status IN ('pending','approved','refused','revoked')),"
	"  cred_hash BLOB NOT NULL UNIQUE,"		/* hash of the browser's device cookie */
	"  client TEXT NOT NULL DEFAULT '',"		/* address that asked */
	"  requested_at INTEGER NOT NULL,"
	"  decided_by INTEGER REFERENCES users(id),"
	"  decided_at INTEGER NOT NULL DEFAULT 0,"
	"  revoked_by INTEGER REFERENCES users(id),"
	"  revoked_at INTEGER NOT NULL DEFAULT 0,"
	"  reason TEXT NOT NULL DEFAULT '',"		/* refusal or revocation reason */
	"  last_seen INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX devices_user ON devices(user_id, status);"
	/* NULL: the policy devices.personal_allowed; 0: city-issued only; 1: personal allowed. */
	"ALTER TABLE org_units ADD COLUMN devices_personal INTEGER;"
	"CREATE TABLE incidents("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  kind TEXT NOT NULL CHECK (kind IN ('紛失','漏えい','改ざん','障害','その他')),"
	"  reporter_id INTEGER REFERENCES users(id),"	/* NULL: reported while signed out, unproven */
	"  subject_id INTEGER REFERENCES users(id),"	/* whose account or device */
	"  summary TEXT NOT NULL DEFAULT '',"
	"  action TEXT NOT NULL DEFAULT '',"		/* what daicho did at once */
	"  status TEXT NOT NULL DEFAULT 'open',"
	"  client TEXT NOT NULL DEFAULT '',"
	"  created_at INTEGER NOT NULL);",
	/* 10: apps under the rules (RULES.md rows 1, 8-10): class, flags, lifecycle state,
	 * owner and maintainer, registration items, approvals. gov_revision bumps on every
	 * change of these, so cached app contexts see it at the next request. Apps that
	 * already exist keep working: deployed ones are published, owned by their creator. */
	"ALTER TABLE apps ADD COLUMN info_class INTEGER NOT NULL DEFAULT 4;"	/* rank, 1 = Ⅰ */
	"ALTER TABLE apps ADD COLUMN flags INTEGER NOT NULL DEFAULT 0;"	/* APP_FLAG_* */
	"ALTER TABLE apps ADD COLUMN state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN"
	"  ('draft','requested','approved','published','end_requested','closed'));"
	"ALTER TABLE apps ADD COLUMN mynumber_approved INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE apps ADD COLUMN owner_id INTEGER REFERENCES users(id);"
	"ALTER TABLE apps ADD COLUMN maintainer_id INTEGER REFERENCES users(id);"
	"ALTER TABLE apps ADD COLUMN registration TEXT NOT NULL DEFAULT '{}';"	/* JSON */
	"ALTER TABLE apps ADD COLUMN start_date TEXT NOT NULL DEFAULT '';"	/* YYYY-MM-DD */
	"ALTER TABLE apps ADD COLUMN end_date TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE apps ADD COLUMN personal_fields TEXT NOT NULL DEFAULT '[]';"
	"ALTER TABLE apps ADD COLUMN gov_revision INTEGER NOT NULL DEFAULT 1;"
	"ALTER TABLE apps ADD COLUMN state_changed_at INTEGER NOT NULL DEFAULT 0;"
	"UPDATE apps SET owner_id = creator_id,"
	"  state = CASE WHEN live_revision > 0 THEN 'published' ELSE 'draft' END;"
	"CREATE TABLE app_approvals("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  app_id INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL CHECK (kind IN ('publish','change','end')),"
	"  requested_by INTEGER NOT NULL REFERENCES users(id),"
	"  requested_at INTEGER NOT NULL,"
	"  request TEXT NOT NULL DEFAULT '{}',"	/* class, flags, registration as requested */
	"  status TEXT NOT NULL DEFAULT 'pending'"
	"    CHECK (status IN ('pending','approved','refused','withdrawn')),"
	"  decided_at INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX app_approvals_app ON app_approvals(app_id, status);"
	"CREATE TABLE app_approval_steps("
	"  approval_id INTEGER NOT NULL REFERENCES app_approvals(id) ON DELETE CASCADE,"
	"  pos INTEGER NOT NULL,"
	"  step TEXT NOT NULL CHECK (step IN ('section_head','department_head','administration')),"
	"  unit_id INTEGER REFERENCES org_units(id),"	/* whose head decides */
	"  approver_id INTEGER REFERENCES users(id),"	/* who decided */
	"  decision TEXT NOT NULL DEFAULT '' CHECK (decision IN ('','approved','refused')),"
	"  comment TEXT NOT NULL DEFAULT '',"
	"  app_revision INTEGER NOT NULL DEFAULT 0,"	/* the form revision approved */
	"  decided_at INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (approval_id, pos));",
	/* 11: backups (Kuki 第31条): every backup, restore test and restore, with its result. */
	"CREATE TABLE backup_runs("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  kind TEXT NOT NULL CHECK (kind IN ('backup','restore_test','restore')),"
	"  name TEXT NOT NULL,"				/* the backup's directory name */
	"  by TEXT NOT NULL,"
	"  started_at INTEGER NOT NULL,"
	"  finished_at INTEGER NOT NULL,"
	"  ok INTEGER NOT NULL,"
	"  detail TEXT NOT NULL DEFAULT '{}');",
	/* 12: customize: each app's JS/CSS customisation (preview and live, kintone's
	 * app/customize.json with FILE items pinned by SHA-256), the review of each pinned
	 * file per app, the plugin allow-list with its requests (Abiko §10) and the plugins
	 * each app enabled. */
	"CREATE TABLE app_customize("
	"  app_id INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,"
	"  stage TEXT NOT NULL CHECK (stage IN ('preview','live')),"
	"  scope TEXT NOT NULL DEFAULT 'ALL' CHECK (scope IN ('ALL','ADMIN','NONE')),"
	"  body TEXT NOT NULL,"			/* {desktop:{js,css},mobile:{js,css}} */
	"  PRIMARY KEY (app_id, stage));"
	"CREATE TABLE customize_reviews("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  app_id INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,"
	"  sha256 TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  author_id INTEGER NOT NULL REFERENCES users(id),"	/* the file's uploader */
	"  created_at INTEGER NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','refused')),"
	"  reviewer_id INTEGER REFERENCES users(id),"
	"  decided_at INTEGER NOT NULL DEFAULT 0,"
	"  comment TEXT NOT NULL DEFAULT '',"
	"  UNIQUE (app_id, sha256));"
	"CREATE TABLE plugins("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  name TEXT NOT NULL,"
	"  purpose TEXT NOT NULL,"			/* 用途 */
	"  function TEXT NOT NULL,"			/* 機能 */
	"  version TEXT NOT NULL DEFAULT '',"
	"  files TEXT NOT NULL,"			/* [{kind:js|css, name, sha256, size, fileKey}] */
	"  requested_by INTEGER NOT NULL REFERENCES users(id),"
	"  requested_at INTEGER NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'pending'"
	"    CHECK (status IN ('pending','approved','refused','removed')),"
	"  reviewer_id INTEGER REFERENCES users(id),"
	"  decided_at INTEGER NOT NULL DEFAULT 0,"
	"  comment TEXT NOT NULL DEFAULT '');"
	"CREATE TABLE app_plugins("
	"  app_id INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,"
	"  plugin_id INTEGER NOT NULL REFERENCES plugins(id),"
	"  enabled_by INTEGER NOT NULL REFERENCES users(id),"
	"  enabled_at INTEGER NOT NULL,"
	"  PRIMARY KEY (app_id, plugin_id));",
	/* 13: export: every export with who, when, how many records and the reason (Kuki
	 * 第11条); exports of personal data held until a second person approves them and
	 * then released once (第14条); per-app approval thresholds. app_id has no foreign
	 * key: the history outlives the app (the ledger lists it). */
	"CREATE TABLE exports("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  app_id INTEGER NOT NULL,"
	"  app_name TEXT NOT NULL DEFAULT '',"		/* the app's name at the time */
	"  user_id INTEGER NOT NULL REFERENCES users(id),"
	"  requested_at INTEGER NOT NULL,"
	"  request_id TEXT NOT NULL DEFAULT '',"	/* as in the access log */
	"  info_class INTEGER NOT NULL DEFAULT 0,"	/* the app's class rank then */
	"  personal INTEGER NOT NULL DEFAULT 0,"	/* personal data was exported */
	"  count INTEGER NOT NULL,"			/* records */
	"  reason TEXT NOT NULL DEFAULT '',"
	"  format TEXT NOT NULL DEFAULT '{}',"		/* JSON: query, fields, encoding, header */
	"  max_record_id INTEGER NOT NULL DEFAULT 0,"	/* held: newer records are left out */
	"  status TEXT NOT NULL CHECK (status IN ('done','pending','approved','refused','downloaded')),"
	"  approver_id INTEGER REFERENCES users(id),"
	"  decided_at INTEGER NOT NULL DEFAULT 0,"
	"  comment TEXT NOT NULL DEFAULT '',"		/* the approver's */
	"  expires_at INTEGER NOT NULL DEFAULT 0,"	/* approved: release link valid until */
	"  downloaded_at INTEGER NOT NULL DEFAULT 0,"
	"  watermark TEXT NOT NULL DEFAULT '');"	/* what the file carries */
	"CREATE INDEX exports_app ON exports(app_id, id);"
	"CREATE INDEX exports_user ON exports(user_id, id);"
	"CREATE TABLE export_settings("
	"  app_id INTEGER PRIMARY KEY REFERENCES apps(id) ON DELETE CASCADE,"
	"  threshold INTEGER NOT NULL,"			/* 0: never held */
	"  set_by TEXT NOT NULL,"
	"  set_at INTEGER NOT NULL);",
	/* 14: incidents: severity, escalation level, the responsible section, the national
	 * report flag (APPI Art. 68) and a timeline of entries (Kuki 第39–41条); comments:
	 * deleted comments' text kept, who was reminded of the comment rules (Abiko §11). */
	"ALTER TABLE incidents ADD COLUMN serious INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE incidents ADD COLUMN level TEXT NOT NULL DEFAULT 'protection_manager';"
	"ALTER TABLE incidents ADD COLUMN section_id INTEGER REFERENCES org_units(id) ON DELETE SET NULL;"
	"ALTER TABLE incidents ADD COLUMN national_report INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE incidents ADD COLUMN national_report_date TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE incidents ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;"
	"UPDATE incidents SET updated_at = created_at, section_id = (SELECT section_id FROM users"
	"  WHERE id = COALESCE(incidents.subject_id, incidents.reporter_id));"
	"CREATE INDEX incidents_section ON incidents(section_id, status);"
	"CREATE TABLE incident_entries("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,"
	"  at INTEGER NOT NULL,"
	"  user_id INTEGER REFERENCES users(id),"	/* NULL: daicho itself or unproven */
	"  kind TEXT NOT NULL CHECK (kind IN ('report','escalation','containment','cause',"
	"    'prevention','note','status','national','serious')),"
	"  text TEXT NOT NULL DEFAULT '',"
	"  detail TEXT NOT NULL DEFAULT '{}');"		/* JSON: level, action, sections ... */
	"CREATE INDEX incident_entries_incident ON incident_entries(incident_id, id);"
	"INSERT INTO incident_entries(incident_id, at, user_id, kind, text)"
	"  SELECT id, created_at, reporter_id, 'report', summary FROM incidents;"
	"CREATE TABLE comment_history("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  app_id INTEGER NOT NULL,"
	"  record_id INTEGER NOT NULL,"
	"  comment_id INTEGER NOT NULL,"
	"  text TEXT NOT NULL,"
	"  creator TEXT NOT NULL,"			/* login name, as in comments */
	"  created_at TEXT NOT NULL,"
	"  mentions TEXT NOT NULL DEFAULT '[]',"
	"  deleted_by INTEGER REFERENCES users(id),"
	"  deleted_at INTEGER NOT NULL);"
	"CREATE INDEX comment_history_app ON comment_history(app_id, record_id);"
	"CREATE TABLE comment_reminders("
	"  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,"
	"  at INTEGER NOT NULL);",
	/* 15: ledger: the hand-over queue (Abiko §9(2): an app's owner or maintainer who
	 * moves section or is suspended hands the app over) and the idle/expired notices
	 * already sent (Abiko §9(1)③), so the daily pass notifies once per episode. */
	"CREATE TABLE app_handovers("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  app_id INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,"
	"  user_id INTEGER NOT NULL REFERENCES users(id),"	/* who left */
	"  role TEXT NOT NULL CHECK (role IN ('owner','maintainer')),"
	"  reason TEXT NOT NULL CHECK (reason IN ('moved','suspended')),"
	"  section_id INTEGER REFERENCES org_units(id),"	/* the section they left */
	"  created_at INTEGER NOT NULL,"
	"  resolved_at INTEGER NOT NULL DEFAULT 0,"	/* 0: open */
	"  resolved_by INTEGER REFERENCES users(id),"
	"  new_user_id INTEGER REFERENCES users(id));"
	"CREATE INDEX app_handovers_open ON app_handovers(resolved_at, app_id);"
	"CREATE TABLE app_notices("
	"  app_id INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL CHECK (kind IN ('idle','expired')),"
	"  sent_at INTEGER NOT NULL,"
	"  PRIMARY KEY (app_id, kind)) WITHOUT ROWID;",
	/* 16: crypto: class I values sealed at rest (apps.sealed, store/sealing.c) and the
	 * disposal register of crypto-erasures (Kuki 第15条, Yabu 第9条). */
	"ALTER TABLE apps ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;"
	"CREATE TABLE disposals("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  what TEXT NOT NULL CHECK (what IN ('record', 'app')),"
	"  app_id INTEGER NOT NULL,"
	"  record_id INTEGER,"				/* NULL for a whole app */
	"  records INTEGER NOT NULL,"			/* records made unreadable */
	"  who TEXT NOT NULL,"				/* user code */
	"  at INTEGER NOT NULL,"
	"  method TEXT NOT NULL);"
	"CREATE TRIGGER disposals_no_update BEFORE UPDATE ON disposals"
	"  BEGIN SELECT RAISE(ABORT, 'the disposal register is append-only'); END;"
	"CREATE TRIGGER disposals_no_delete BEFORE DELETE ON disposals"
	"  BEGIN SELECT RAISE(ABORT, 'the disposal register is append-only'); END;",
	/* 17: hooks: API tokens and webhooks reviewed before use (Abiko §10). A token or
	 * webhook is 'pending' until a reviewer other than its author decides; existing
	 * tokens stay active. */
	"ALTER TABLE api_tokens ADD COLUMN state TEXT NOT NULL DEFAULT 'active'"
	"  CHECK (state IN ('pending','active','refused'));"
	"ALTER TABLE api_tokens ADD COLUMN created_by INTEGER REFERENCES users(id);"
	"ALTER TABLE api_tokens ADD COLUMN expires_at INTEGER NOT NULL DEFAULT 0;"	/* 0: never */
	"ALTER TABLE api_tokens ADD COLUMN reviewed_by INTEGER REFERENCES users(id);"
	"ALTER TABLE api_tokens ADD COLUMN reviewed_at INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE api_tokens ADD COLUMN review_comment TEXT NOT NULL DEFAULT '';"
	"CREATE TABLE webhooks("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  app_id INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,"
	"  url TEXT NOT NULL,"
	"  events INTEGER NOT NULL,"			/* HOOK_EV_* bits */
	"  description TEXT NOT NULL DEFAULT '',"
	"  enabled INTEGER NOT NULL DEFAULT 1,"		/* the app manager's switch */
	"  state TEXT NOT NULL CHECK (state IN ('pending','active','refused')),"
	"  created_by INTEGER NOT NULL REFERENCES users(id),"	/* author of this version */
	"  created_at INTEGER NOT NULL,"
	"  reviewed_by INTEGER REFERENCES users(id),"
	"  reviewed_at INTEGER NOT NULL DEFAULT 0,"
	"  review_comment TEXT NOT NULL DEFAULT '',"
	"  last_at INTEGER NOT NULL DEFAULT 0,"		/* last delivery attempt */
	"  last_status INTEGER NOT NULL DEFAULT 0,"	/* its HTTP status, 0: none */
	"  last_result TEXT NOT NULL DEFAULT '');"	/* delivered, failed: ..., refused: ... */
	"CREATE INDEX webhooks_app ON webhooks(app_id);"
	"CREATE TABLE webhook_deliveries("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  webhook_id INTEGER NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,"
	"  payload TEXT NOT NULL,"			/* the JSON body */
	"  status TEXT NOT NULL DEFAULT 'pending'"
	"    CHECK (status IN ('pending','delivered','failed','refused')),"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  next_at INTEGER NOT NULL,"			/* when to try (again) */
	"  http_status INTEGER NOT NULL DEFAULT 0,"
	"  result TEXT NOT NULL DEFAULT '',"
	"  created_at INTEGER NOT NULL,"
	"  done_at INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_at);",
};

int db_migrate(struct store *st, struct err *e)
{
	sqlite3_stmt *s;
	int have = 0, want = (int)(sizeof steps / sizeof steps[0]);
	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return db_fail(st, sqlite3_errcode(st->db), e);
	if (sqlite3_step(s) == SQLITE_ROW)
		have = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (have > want) {
		log_error("the database was written by a newer daicho (schema %d, this one knows %d)",
			  have, want);
		return err_set(e, E_STORAGE, NULL);
	}
	for (int v = have; v < want; v++) {
		char bump[64];
		if (store_begin(st, e) != 0)
			return -1;
		snprintf(bump, sizeof bump, "PRAGMA user_version=%d", v + 1);
		if (db_exec(st, steps[v], e) != 0 || db_exec(st, bump, e) != 0) {
			store_rollback(st);
			return -1;
		}
		if (store_commit(st, e) != 0)
			return -1;
		if (have > 0)
			log_info("database schema upgraded to version %d", v + 1);
	}
	return 0;
}
