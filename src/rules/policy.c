/* policy: the registry of switchable rules and their current values (see policy.h). */
#include "rules/policy.h"
#include "rules/cidr.h"
#include "rules/classes.h"
#include "rules/hooks.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/*
 * Every switchable rule. Keys group by feature; the order is the order of the admin
 * console. Text values that are lists are comma-separated.
 */
static const struct policy_key keys[] = {
	{"duties.separated", PT_BOOL, "false", "true", 0, 0, "Kuki 第21条",
	 "管理の役割を分け、ルールを変える人とその記録を消せる人を同じにしない",
	 "Separate duties: whoever changes the rules cannot also erase their evidence"},
	{"password.preset", PT_TEXT, "asvs", "municipal", 0, 16, "Yabu 第11条",
	 "パスワードの規則: asvs（長さと漏えい済みパスワードの拒否）または municipal（文字種の混在、定期変更、再利用の禁止）",
	 "Password rule: asvs (length, common passwords refused) or municipal (mixed classes, periodic change, no reuse)"},
	{"password.max_age_days", PT_INT, "0", "90", 0, 3650, "Yabu 第11条",
	 "パスワードの有効日数（municipal のとき。0 は無期限）",
	 "Days a password stays valid under the municipal rule (0: forever)"},
	{"password.history", PT_INT, "0", "5", 0, 24, "Yabu 第11条",
	 "再利用を禁止する過去のパスワードの数（municipal のとき）",
	 "How many previous passwords may not be reused (municipal rule)"},
	{"totp.admins", PT_BOOL, "false", "true", 0, 0, "Kuki 第18条",
	 "管理の役割を持つ人に二要素認証（TOTP）を必須にする",
	 "Require two-factor sign-in (TOTP) for every administrative role"},
	{"devices.required", PT_BOOL, "false", "true", 0, 0, "Abiko §7, Kumamoto 第11–12条",
	 "登録された端末からだけ利用できるようにする",
	 "Only registered devices may use daicho"},
	{"devices.personal_allowed", PT_BOOL, "true", "false", 0, 0, "Abiko §7, Kumamoto 第11–12条",
	 "私物端末の登録を認める（部署ごとに上書きできます）",
	 "Allow registering personal devices (sections may override)"},
	{"api.allow", PT_TEXT, "127.0.0.1/32,::1/128", "127.0.0.1/32,::1/128", 0, POLICY_TEXT_MAX,
	 "Kuki 第27条",
	 "パスワードや API トークンで接続できるアドレス（CIDR をコンマ区切り）",
	 "Addresses that may use the password header or API tokens (comma-separated CIDRs)"},
	{"hours.enforced", PT_BOOL, "false", "true", 0, 0, "Kumamoto 第14条, Abiko §8",
	 "勤務時間と時間外命令の外では利用できないようにする",
	 "Refuse use outside working hours and overtime orders"},
	{"downloads.warnings", PT_BOOL, "false", "true", 0, 0, "Kuki 第20条",
	 "大量の閲覧・書き出しに警告し、理由を記録する",
	 "Warn on bulk reads and exports and record the reason"},
	{"downloads.default_threshold", PT_INT, "1000", "1000", 1, 100000000, "Kuki 第20条",
	 "警告までに読み出せるレコード数（アプリごとの設定がないとき、期間内の合計）",
	 "Records a person may read from an app within the window before the warning (apps without their own threshold)"},
	{"downloads.window_hours", PT_INT, "24", "24", 1, 720, "Kuki 第20条",
	 "大量ダウンロードを数える期間（時間）",
	 "Hours over which reads are counted for the bulk-download warning"},
	{"audit.checkpoint_minutes", PT_INT, "60", "60", 1, 1440, "Kuki 第19条",
	 "アクセスログの署名付きチェックポイントを作る間隔（分）",
	 "Minutes between signed checkpoints of the access log"},
	{"audit.retention_days", PT_INT, "0", "1825", 0, 36500, "Kuki 第19条",
	 "アクセスログを残す日数（0 は削除しない）",
	 "Days the access log is kept (0: forever)"},
	{"apps.lifecycle", PT_BOOL, "false", "true", 0, 0, "Abiko §9(3)–(5)",
	 "アプリは登録事項をそろえて承認を受け、公開してから使う（オフなら運用開始と同時に使える）",
	 "Apps are used only after their registration is approved and they are published (off: usable once deployed)"},
	{"apps.classes", PT_TEXT, "Ⅰ,Ⅱ,Ⅲ,Ⅳ", "Ⅰ,Ⅱ,Ⅲ,Ⅳ", 0, 256, "Abiko §5(1)",
	 "情報の分類（重要なものから順にコンマ区切り。最初の分類は暗号化して保存）",
	 "Information classes, most sensitive first, comma-separated (the first is encrypted at rest)"},
	{"apps.naming_pattern", PT_TEXT, "", "", 0, 512, "SIGNPOST 6-41",
	 "アプリ名の規則（POSIX 拡張正規表現。空なら規則なし）",
	 "Naming rule for apps (a POSIX extended regular expression; empty: none)"},
	{"apps.naming_explanation", PT_TEXT, "", "", 0, 512, "SIGNPOST 6-41",
	 "アプリ名の規則の説明（規則に合わないときに表示）",
	 "What the naming rule asks for, shown when a name does not follow it"},
	{"apps.administration_section", PT_TEXT, "", "", 0, 64, "Abiko §9(5)",
	 "要配慮・機微情報を扱うアプリの承認に加わる課（組織のコード）",
	 "Section (organisation code) that also approves apps with sensitive personal data"},
	/* customize: JS/CSS customisations and plugins (Abiko §10) */
	{"extensions.review", PT_BOOL, "false", "true", 0, 0, "Abiko §10",
	 "JavaScript・CSS のカスタマイズ、プラグイン、API トークン、Webhook を、作成者以外の管理者が確認するまで有効にしない",
	 "Customisations, plugins, API tokens and webhooks stay inactive until an administrator other than their author approves them"},
	{"export.rules", PT_BOOL, "false", "true", 0, 0, "Kuki 第11条, 第14条; Yabu 第10条(4)",
	 "書き出しの規則: 重要性分類Ⅰのアプリは理由が必要、個人情報の大量書き出しは別の職員の承認後に一度だけ渡す、ファイルに出力者と日時を記す",
	 "Export rules: class I exports need a reason, large exports of personal data wait for a second person's approval and are released once, files carry who exported them and when"},
	{"export.approval_threshold", PT_INT, "100", "100", 0, 100000000, "Kuki 第14条",
	 "個人情報の書き出しで承認が必要になる件数（これを超えると承認待ち。アプリごとに変更可。0 は承認不要）",
	 "Records of personal data an export may hold before it needs approval (apps may set their own; 0: never)"},
	{"export.release_hours", PT_INT, "24", "24", 1, 720, "Kuki 第14条",
	 "承認された書き出しをダウンロードできる時間",
	 "Hours an approved export stays available for its one download"},
	{"incidents.mayor_section", PT_TEXT, "", "", 0, 64, "Kuki 第39条4",
	 "市長への事案の報告先となる課・係のコード（その課の長と保護管理者、いなければ職員全員に届きます）",
	 "Code of the section that is the mayor's office for incident reports (its head and protection managers, else every member)"},
	{"comments.reminder", PT_BOOL, "false", "true", 0, 0, "Abiko §11, Kumamoto 第16条(1)",
	 "初めてコメントする前に、コメントの規則（業務上必要な範囲で、公務員としてふさわしい発言を）を表示して確認を求める",
	 "Show the comment rules (only as the work needs, nothing unbecoming) before a person's first comment and ask them to acknowledge"},
	{"comments.history", PT_BOOL, "false", "true", 0, 0, "Abiko §11",
	 "削除されたコメントの本文を、削除した人と日時とともに残す（アプリの管理者と監査責任者が閲覧）",
	 "Keep deleted comments' text with who deleted them and when (readable by the app's managers and auditors)"},
	{"apps.idle_days", PT_INT, "0", "180", 0, 3650, "Abiko §9(1)",
	 "レコードの利用がこの日数ないアプリを台帳で「未使用」とし、管理者と所属長に知らせる（0 は無効）",
	 "Flag apps with no record activity for this many days as idle in the ledger and tell the owner and section head (0: off)"},
	{"extensions.webhook_allow", PT_TEXT, "", "", 0, POLICY_TEXT_MAX, "Abiko §10",
	 "Webhook の送信先として認める URL の前方一致またはホスト名（コンマ区切り。空はすべて不可）",
	 "Webhook destinations allowed: URL prefixes or host names, comma-separated (empty: none)"},
};

enum { NKEYS = sizeof keys / sizeof keys[0] };

/* Every request reads the policy, changes are rare: readers share the lock. */
static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static char *values[NKEYS];

const struct policy_key *policy_keys(size_t *n)
{
	*n = NKEYS;
	return keys;
}

static int index_of(const char *key)
{
	for (int i = 0; i < (int)NKEYS; i++)
		if (strcmp(keys[i].key, key) == 0)
			return i;
	return -1;
}

const struct policy_key *policy_key_find(const char *key)
{
	int i = index_of(key);
	return i < 0 ? NULL : &keys[i];
}

int policy_validate(const struct policy_key *k, const char *v)
{
	if (v == NULL)
		return -1;
	switch (k->type) {
	case PT_BOOL:
		return strcmp(v, "true") == 0 || strcmp(v, "false") == 0 ? 0 : -1;
	case PT_INT: {
		char *end;
		if (*v == '\0' || strlen(v) > 19)
			return -1;
		long long n = strtoll(v, &end, 10);
		return *end == '\0' && n >= k->min && n <= k->max ? 0 : -1;
	}
	case PT_TEXT:
		if (strlen(v) > (size_t)k->max)
			return -1;
		if (strcmp(k->key, "password.preset") == 0)
			return strcmp(v, "asvs") == 0 || strcmp(v, "municipal") == 0 ? 0 : -1;
		if (strcmp(k->key, "api.allow") == 0)
			return cidr_list_valid(v);
		if (strcmp(k->key, "apps.naming_pattern") == 0)
			return naming_pattern_valid(v);
		if (strcmp(k->key, "apps.classes") == 0)
			return classes_list_valid(v);
		if (strcmp(k->key, "extensions.webhook_allow") == 0)
			return hooks_allow_list_valid(v);
		return 0;
	}
	return -1;
}

static void set_locked(int i, const char *v)
{
	char *copy = strdup(v);
	if (copy == NULL)
		abort();
	free(values[i]);
	values[i] = copy;
}

void policy_reset(void)
{
	pthread_rwlock_wrlock(&lock);
	for (int i = 0; i < (int)NKEYS; i++)
		set_locked(i, keys[i].def);
	pthread_rwlock_unlock(&lock);
}

int policy_apply(const char *key, const char *value)
{
	int i = index_of(key);
	if (i < 0 || policy_validate(&keys[i], value) != 0)
		return -1;
	pthread_rwlock_wrlock(&lock);
	set_locked(i, value);
	pthread_rwlock_unlock(&lock);
	return 0;
}

const char *policy_preset_value(const char *preset, const struct policy_key *k)
{
	if (strcmp(preset, "default") == 0)
		return k->def;
	if (strcmp(preset, "abiko") == 0)
		return k->abiko;
	return NULL;
}

size_t policy_text(const char *key, char *buf, size_t size)
{
	int i = index_of(key);
	size_t n = 0;
	if (size == 0)
		return 0;
	pthread_rwlock_rdlock(&lock);
	const char *v = i < 0 ? "" : values[i] ? values[i] : keys[i].def;
	n = strlen(v);
	if (n >= size)
		n = size - 1;
	memcpy(buf, v, n);
	buf[n] = '\0';
	pthread_rwlock_unlock(&lock);
	return n;
}

bool policy_bool(const char *key)
{
	char v[8];
	policy_text(key, v, sizeof v);
	return strcmp(v, "true") == 0;
}

int64_t policy_int(const char *key)
{
	char v[24];
	policy_text(key, v, sizeof v);
	return strtoll(v, NULL, 10);
}

bool policy_any_rule_on(void)
{
	for (int i = 0; i < (int)NKEYS; i++) {
		if (keys[i].type != PT_BOOL)
			continue;
		char v[8];
		policy_text(keys[i].key, v, sizeof v);
		if (strcmp(v, keys[i].def) != 0 && strcmp(v, "true") == 0)
			return true;
	}
	return false;
}
