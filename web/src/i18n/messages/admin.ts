// Messages of the admin console frame: its navigation, the overview and the notice that
// the switchable rules are off.
import { register } from '..';

const ja = {
  'admin.title': '管理',
  'admin.nav': '管理のメニュー',
  'admin.overview': '概要',
  'admin.rulesOff': 'この環境では切り替え式のルール（端末の登録、勤務時間、大量ダウンロードの警告など）がすべて無効です。アクセスログとその改ざん検知、パスワードのハッシュ化、ログイン失敗時のロックは常に有効です。',
  'admin.rulesOffHow': 'ルールは「ポリシー」で有効にするか、daicho init --preset abiko で一括して有効にできます（docs/RULES.md）。',
  'admin.rulesOn': '有効なルールはポリシーのページで確認できます。',
  'admin.yourRoles': 'あなたの役割: {roles}',
  'admin.noRoles': 'あなたには管理の役割がありません。',
  'admin.notAllowed': 'このページを開く役割がありません。',
  'admin.role.account_admin': 'アカウント管理者',
  'admin.role.system_admin': 'システム管理者',
  'admin.role.security_admin': 'セキュリティ管理者',
  'admin.role.auditor': '監査責任者',
  'admin.role.chief_protection_manager': '総括保護管理者',
  'admin.loadFailed': '管理情報を読み込めませんでした。',
};

const en: Record<keyof typeof ja, string> = {
  'admin.title': 'Administration',
  'admin.nav': 'Administration menu',
  'admin.overview': 'Overview',
  'admin.rulesOff': 'The switchable rules (registered devices, working hours, download warnings and the others) are all off here. The access log and its tamper evidence, password hashing and the sign-in lockout are always on.',
  'admin.rulesOffHow': 'Turn rules on under Policy, or all at once with daicho init --preset abiko (docs/RULES.md).',
  'admin.rulesOn': 'The Policy page shows which rules are on.',
  'admin.yourRoles': 'Your roles: {roles}',
  'admin.noRoles': 'You hold no administrative role.',
  'admin.notAllowed': 'None of your roles opens this page.',
  'admin.role.account_admin': 'Account administrator',
  'admin.role.system_admin': 'System administrator',
  'admin.role.security_admin': 'Security administrator',
  'admin.role.auditor': 'Auditor',
  'admin.role.chief_protection_manager': 'Chief protection manager',
  'admin.loadFailed': 'The administration data could not be loaded.',
};

register(ja, en);
