// The admin section "backups" (Kuki 第31条): where backups go and how often, the backup
// key's fingerprint, the backups in the directory with a restore test for each, a "back
// up now" button, and the record of every backup, restore test and restore. System
// administrators act; auditors run restore tests; security administrators read.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatBytes, formatDateTime, t, useLang } from '../../i18n';
import '../../i18n/messages/backups';
import { session } from '../../session';

interface Stats {
  users: number;
  apps: number;
  records: number;
  files: number;
  logEntries: number;
}

interface Backup {
  name: string;
  createdAt: string;
  by: string;
  manifestOk: boolean;
  sameKey: boolean;
  files: number;
  bytes: number;
  stats: Stats;
}

interface Run {
  id: number;
  kind: 'backup' | 'restore_test' | 'restore';
  name: string;
  by: string;
  startedAt: string;
  finishedAt: string;
  ok: boolean;
  detail: { problem?: string };
}

interface Overview {
  dir: string;
  hours: number;
  keep: number;
  key: { file: string; present: boolean; fingerprint: string };
  backups: Backup[];
  runs: Run[];
}

interface Report {
  ok: boolean;
  name: string;
  files: number;
  stats: Stats;
}

export function BackupsAdmin() {
  useLang();
  const roles = session()?.user.roles || [];
  const canMake = roles.includes('system_admin');
  const canTest = canMake || roles.includes('auditor');
  const [data, setData] = useState<Overview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  useEffect(() => {
    api.get<Overview>('/api/admin/backups.json').then(setData, setError);
  }, [reload]);
  const run = async (what: 'make' | 'test', name?: string) => {
    setError(null);
    setDone(null);
    setBusy(what === 'make' ? 'make' : name || '');
    try {
      const r = what === 'make'
        ? await api.post<Report>('/api/admin/backups.json', {})
        : await api.post<Report>('/api/admin/backup/test.json', { name });
      setDone(t(what === 'make' ? 'bk.made' : 'bk.tested', { name: r.name, records: String(r.stats.records), files: String(r.files) }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
      setReload((n) => n + 1);
    }
  };
  if (!data) return <ErrorMessage error={error} />;
  return (
    <div class="backups-admin">
      <p>{t('bk.intro')}</p>
      {!canMake && <p class="hint">{t('bk.readOnly')}</p>}
      <dl class="facts">
        <dt>{t('bk.dir')}</dt>
        <dd>{data.dir ? <code>{data.dir}</code> : <span class="warn-banner">{t('bk.noDir')}</span>}</dd>
        {data.dir && (
          <>
            <dt />
            <dd>{t('bk.schedule', { hours: String(data.hours), keep: String(data.keep) })}</dd>
          </>
        )}
        <dt>{t('bk.key')}</dt>
        <dd>
          {data.key.present ? <code>{data.key.fingerprint}</code> : t('bk.keyMissing')}
          <div class="hint">{t('bk.keyHint')}</div>
        </dd>
      </dl>
      {canMake && data.dir && (
        <p>
          <button type="button" class="primary" id="backup-now" disabled={busy !== null} onClick={() => run('make')}>
            {busy === 'make' ? t('bk.making') : t('bk.makeNow')}
          </button>
        </p>
      )}
      {done && <p class="success" role="status">{done}</p>}
      <ErrorMessage error={error} />
      <h2>{t('bk.backups')}</h2>
      {data.backups.length === 0 ? (
        <p>{t('bk.none')}</p>
      ) : (
        <div class="table-wrap">
          <table class="data" id="bk-list">
            <thead>
              <tr>
                <th>{t('bk.name')}</th>
                <th>{t('bk.createdAt')}</th>
                <th>{t('bk.by')}</th>
                <th>{t('bk.contents')}</th>
                <th>{t('bk.size')}</th>
                {canTest && <th />}
              </tr>
            </thead>
            <tbody>
              {data.backups.map((b) => (
                <tr key={b.name} data-name={b.name}>
                  <td>
                    <code>{b.name}</code>
                    {!b.manifestOk && <div class="field-error">{t('bk.manifestBad')}</div>}
                    {b.manifestOk && !b.sameKey && <div class="hint">{t('bk.otherKey')}</div>}
                  </td>
                  <td>{formatDateTime(b.createdAt)}</td>
                  <td>{b.by}</td>
                  <td>{t('bk.contentsValue', { records: String(b.stats.records), files: String(b.files), log: String(b.stats.logEntries) })}</td>
                  <td class="num">{formatBytes(b.bytes)}</td>
                  {canTest && (
                    <td>
                      <button type="button" disabled={busy !== null || !b.manifestOk} onClick={() => run('test', b.name)}>
                        {busy === b.name ? t('bk.testing') : t('bk.test')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('bk.runs')}</h2>
      {data.runs.length === 0 ? (
        <p>{t('bk.noRuns')}</p>
      ) : (
        <div class="table-wrap">
          <table class="data" id="bk-runs">
            <thead>
              <tr>
                <th>{t('bk.createdAt')}</th>
                <th>{t('bk.kind')}</th>
                <th>{t('bk.name')}</th>
                <th>{t('bk.by')}</th>
                <th>{t('bk.result')}</th>
              </tr>
            </thead>
            <tbody>
              {data.runs.map((r) => (
                <tr key={r.id} class={r.ok ? '' : 'failed'}>
                  <td>{formatDateTime(r.startedAt)}</td>
                  <td>{t(`bk.kind.${r.kind}`)}</td>
                  <td>
                    <code>{r.name}</code>
                  </td>
                  <td>{r.by}</td>
                  <td>
                    {r.ok ? t('bk.ok') : <strong class="field-error">{t('bk.failed')}</strong>}
                    {!r.ok && r.detail.problem && <div class="pre-wrap hint">{r.detail.problem}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
