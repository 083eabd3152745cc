// /exports ("My exports"): the person's own exports, newest first, with their reason and
// status. An export of personal data that waited for approval (Kuki 第14条) is
// downloaded here, once, before its release expires; the file is fetched first so a
// refusal (DC_EX02) shows as the server's message.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Layout } from '../../components/Layout';
import { formatDateTime, formatNumber, lang, t, useLang } from '../../i18n';
import '../../i18n/messages/exports';
import '../../styles/exports.css';
import '../../styles/records.css';
import { saveResponse } from '../records/ExportDialog';

interface ExportRow {
  id: string;
  app: string;
  appName: string;
  at: string;
  count: string;
  reason: string;
  status: 'done' | 'pending' | 'approved' | 'refused' | 'downloaded' | 'expired';
  approverName: string;
  comment: string;
  expiresAt: string | null;
  downloadable: boolean;
}

export function MyExports() {
  useLang();
  const [rows, setRows] = useState<ExportRow[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const load = () =>
    api.get<{ exports: ExportRow[] }>('/api/export/mine.json').then(
      (r) => setRows(r.exports),
      (e) => setError(e),
    );
  useEffect(() => void load(), []);
  const download = async (x: ExportRow) => {
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      const r = await fetch(`/api/export/download?id=${encodeURIComponent(x.id)}`, {
        credentials: 'same-origin',
        headers: { 'Accept-Language': lang() },
      });
      if (!r.ok) {
        const body = await r.json().catch(() => ({}));
        throw new ApiError(r.status, body.code || 'HTTP', body.message || `HTTP ${r.status}`, body.errors, body.id);
      }
      await saveResponse(r, `app${x.app}.csv`);
      setDone(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      await load();
    }
  };
  return (
    <Layout title={t('ex.myExports')}>
      <p>{t('ex.mineIntro')}</p>
      <ErrorMessage error={error} />
      {done && (
        <p class="notice" role="status">
          {t('ex.downloaded')}
        </p>
      )}
      {rows && rows.length === 0 && <p class="muted">{t('ex.none')}</p>}
      {rows && rows.length > 0 && (
        <div class="table-wrap">
          <table class="data my-exports">
            <thead>
              <tr>
                <th scope="col">{t('ex.at')}</th>
                <th scope="col">{t('ex.app')}</th>
                <th scope="col">{t('ex.count')}</th>
                <th scope="col">{t('ex.reasonCol')}</th>
                <th scope="col">{t('ex.statusCol')}</th>
                <th scope="col">{t('ex.approverCol')}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {rows.map((x) => (
                <tr key={x.id} class={`export-${x.status}`}>
                  <td>{formatDateTime(x.at)}</td>
                  <td>{x.appName}</td>
                  <td class="num">{formatNumber(x.count)}</td>
                  <td>{x.reason}</td>
                  <td>
                    {t(`ex.status.${x.status}`)}
                    {x.status === 'approved' && x.expiresAt && <div class="hint">{t('ex.until', { at: formatDateTime(x.expiresAt) })}</div>}
                  </td>
                  <td>
                    {x.approverName}
                    {x.comment && <div class="hint">{x.comment}</div>}
                  </td>
                  <td>
                    {x.downloadable && (
                      <button type="button" class="primary" disabled={busy} onClick={() => download(x)}>
                        {t('ex.download')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}
