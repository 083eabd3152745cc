// The sections of the admin console. Each feature adds one entry: its URL segment
// (/admin/<id>), its label, the roles that may open it (any of them) and its page.
// The console shows only the sections the signed-in person's roles reach.
import type { ComponentType } from 'preact';
import { BackupsAdmin } from './BackupsAdmin';
import { DownloadsAdmin } from './DownloadsAdmin';
import { HoursAdmin } from './HoursAdmin';
import { AccountsUsers } from './AccountsUsers';
import { AuditLog } from './AuditLog';
import { DevicesAdmin } from './DevicesAdmin';
import { DisposalsAdmin } from './DisposalsAdmin';
import { OrgAdmin } from './OrgAdmin';
import { PluginsAdmin } from './PluginsAdmin';
import { PolicyAdmin } from './PolicyAdmin';
import { Ledger } from './Ledger';
import { AuditReport } from './AuditReport';
import { TokensAdmin } from './TokensAdmin';

export interface AdminSection {
  id: string;
  label: { ja: string; en: string };
  roles: string[];
  page: ComponentType;
}

// In the order an office sets daicho up: people and places, then the rules, then the evidence.
export const adminSections: AdminSection[] = [
  { id: 'org', label: { ja: '組織', en: 'Organisation' }, roles: ['account_admin', 'auditor'], page: OrgAdmin },
  { id: 'users', label: { ja: 'ユーザー', en: 'Users' }, roles: ['account_admin', 'auditor'], page: AccountsUsers },
  {
    id: 'policy',
    label: { ja: 'ポリシー', en: 'Policy' },
    roles: ['security_admin', 'account_admin', 'system_admin', 'auditor'],
    page: PolicyAdmin,
  },
  { id: 'devices', label: { ja: '端末', en: 'Devices' }, roles: ['security_admin', 'auditor'], page: DevicesAdmin },
  { id: 'hours', label: { ja: '勤務時間', en: 'Working hours' }, roles: ['security_admin', 'auditor'], page: HoursAdmin },
  {
    id: 'downloads',
    label: { ja: '大量ダウンロード', en: 'Download warnings' },
    roles: ['security_admin', 'auditor', 'chief_protection_manager'],
    page: DownloadsAdmin,
  },
  {
    id: 'audit',
    label: { ja: '監査ログ', en: 'Access log' },
    roles: ['auditor', 'security_admin', 'chief_protection_manager'],
    page: AuditLog,
  },
  {
    id: 'backups',
    label: { ja: 'バックアップ', en: 'Backups' },
    roles: ['system_admin', 'security_admin', 'auditor'],
    page: BackupsAdmin,
  },
  {
    id: 'plugins',
    label: { ja: 'プラグイン', en: 'Plugins' },
    roles: ['system_admin', 'security_admin', 'auditor'],
    page: PluginsAdmin,
  },
  {
    id: 'tokens',
    label: { ja: 'API トークン', en: 'API tokens' },
    roles: ['system_admin', 'security_admin', 'auditor'],
    page: TokensAdmin,
  },
  {
    id: 'ledger',
    label: { ja: '台帳', en: 'Ledger' },
    roles: ['system_admin', 'auditor', 'chief_protection_manager', 'security_admin', 'account_admin'],
    page: Ledger,
  },
  {
    id: 'report',
    label: { ja: '監査報告', en: 'Audit report' },
    roles: ['auditor', 'chief_protection_manager', 'security_admin'],
    page: AuditReport,
  },
  { id: 'disposals', label: { ja: '廃棄記録', en: 'Disposal' }, roles: ['auditor', 'security_admin'], page: DisposalsAdmin },
];
