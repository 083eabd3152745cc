// The admin section "downloads" (大量ダウンロード, Kuki 第20条): per-app thresholds and hard
// caps with who set them and when, the last review and a "mark reviewed" button (the rule
// asks for the settings to be checked periodically), and the recent warnings with their
// reasons. Security administrators change; auditors and chief protection managers read.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime, formatNumber, t, useLang } from '../../i18n';
import '../../i18n/messages/downloads';
import { session } from '../../session';

interface AppLimit {
  app: string;
  name: string;
  usesDefault: boolean;
  threshold: string;
  hardCap: string;
  setBy: string;
  setAt: string;
  reviewedBy: string;
  reviewedAt: string;
  reviewDue: boolean;
}

interface Warning {
  id: string;
  at: string;
  requestId: string;
  user: string;
  userName: string;
  app: string;
  appName: string;
  count: string;
  prior: string;
  threshold: string;
  hardCap: string;
  outcome: 'reason' | 'capped';
  reason: string;
}

interface Overview {
  enabled: boolean;
  defaultThreshold: string;
  windowHours: string;
  apps: AppLimit[];
  warnings: Warning[];
}

function EditRow(p: { a: AppLimit; onDone: () => void }) {
  const [threshold, setThreshold] = useState(p.a.usesDefault ? '' : p.a.threshold);
  const [cap, setCap] = useState(p.a.hardCap);
  const [error, setError] = useState<unknown>(null);
  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await api.put('/api/admin/downloads.json', { app: p.a.app, threshold: threshold.trim() === '' ? null : threshold.trim(), hardCap: cap.trim() || '0' });
      p.onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form class="dl-edit" onSubmit={save}>
      <label>
        {t('dl.admin.threshold')}{' '}
        <input name="threshold" inputMode="numeric" size={8} value={threshold} placeholder={t('dl.admin.thresholdHint')} onInput={(e) => setThreshold((e.target as HTMLInputElement).value)} />
      </label>{' '}
      <label>
        {t('dl.admin.cap')}{' '}
        <input name="hardCap" inputMode="numeric" size={8} value={cap} placeholder={t('dl.admin.capHint')} onInput={(e) => setCap((e.target as HTMLInputElement).value)} />
      </label>{' '}
      <button type="submit" class="primary">
        {t('dl.admin.save')}
      </button>
      <ErrorMessage error={error} />
    </form>
  );
}

export function DownloadsAdmin() {
  useLang();
  const canEdit = (session()?.user.roles || []).includes('security_admin');
  const [data, setData] = useState<Overview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  useEffect(() => {
    api.get<Overview>('/api/admin/downloads.json').then(setData, setError);
  }, [reload]);
  const review = async (app: string) => {
    setError(null);
    try {
      await api.post('/api/admin/downloads/review.json', { app });
      setReload((n) => n + 1);
    } catch (e) {
      setError(e);
    }
  };
  if (!data) return <ErrorMessage error={error} />;
  return (
    <div class="downloads-admin">
      <p>{t('dl.admin.intro')}</p>
      {!data.enabled && <p class="warn-banner">{t('dl.admin.off')}</p>}
      {!canEdit && <p class="hint">{t('dl.admin.readOnly')}</p>}
      <p>{t('dl.admin.defaults', { threshold: formatNumber(data.defaultThreshold), hours: data.windowHours })}</p>
      <ErrorMessage error={error} />
      <h2>{t('dl.admin.apps')}</h2>
      <div class="table-wrap">
        <table class="data" id="dl-apps">
          <thead>
            <tr>
              <th>{t('dl.admin.app')}</th>
              <th>{t('dl.admin.threshold')}</th>
              <th>{t('dl.admin.cap')}</th>
              <th>{t('dl.admin.setBy')}</th>
              <th>{t('dl.admin.reviewed')}</th>
              {canEdit && <th />}
            </tr>
          </thead>
          <tbody>
            {data.apps.map((a) => (
              <tr key={a.app} data-app={a.app}>
                <td>
                  {a.name} <span class="hint">#{a.app}</span>
                </td>
                <td class="num">
                  {formatNumber(a.threshold)} {a.usesDefault && <span class="hint">{t('dl.admin.default')}</span>}
                </td>
                <td class="num">{a.hardCap === '0' ? t('dl.admin.noCap') : formatNumber(a.hardCap)}</td>
                <td>{a.setBy ? `${a.setBy} ${formatDateTime(a.setAt)}` : '—'}</td>
                <td>
                  {a.reviewedAt ? `${a.reviewedBy} ${formatDateTime(a.reviewedAt)}` : t('dl.admin.never')}
                  {a.reviewDue && <strong class="field-error"> {t('dl.admin.due')}</strong>}
                </td>
                {canEdit && (
                  <td>
                    {editing === a.app ? (
                      <EditRow
                        a={a}
                        onDone={() => {
                          setEditing(null);
                          setReload((n) => n + 1);
                        }}
                      />
                    ) : (
                      <>
                        <button type="button" onClick={() => setEditing(a.app)}>
                          {t('dl.admin.edit')}
                        </button>{' '}
                        <button type="button" onClick={() => review(a.app)}>
                          {t('dl.admin.markReviewed')}
                        </button>
                      </>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('dl.admin.warnings')}</h2>
      {data.warnings.length === 0 ? (
        <p>{t('dl.admin.noWarnings')}</p>
      ) : (
        <div class="table-wrap">
          <table class="data" id="dl-warnings">
            <thead>
              <tr>
                <th>{t('dl.admin.at')}</th>
                <th>{t('dl.admin.user')}</th>
                <th>{t('dl.admin.app')}</th>
                <th>{t('dl.admin.count')}</th>
                <th>{t('dl.admin.outcome')}</th>
                <th>{t('dl.admin.reasonCol')}</th>
              </tr>
            </thead>
            <tbody>
              {data.warnings.map((w) => (
                <tr key={w.id}>
                  <td>{formatDateTime(w.at)}</td>
                  <td>
                    {w.userName} <span class="hint">{w.user}</span>
                  </td>
                  <td>{w.appName}</td>
                  <td class="num">
                    {formatNumber(w.prior)} + {formatNumber(w.count)} / {formatNumber(w.outcome === 'capped' ? w.hardCap : w.threshold)}
                  </td>
                  <td>{t(`dl.admin.outcome.${w.outcome}`)}</td>
                  <td class="pre-wrap">{w.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
