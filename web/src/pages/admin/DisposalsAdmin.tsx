// The admin section "disposals" (廃棄記録, Kuki 第15条, Yabu 第9条): every crypto-erase of a
// class Ⅰ record or app, newest first, with who caused it and when. Read only: the rows
// are written by deletions and closings and can never be changed (docs/ENCRYPTION.md).
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime, formatNumber, t, useLang } from '../../i18n';
import '../../i18n/messages/crypto';

interface Disposal {
  id: string;
  what: 'record' | 'app';
  app: string;
  appName: string;
  record: string | null;
  records: string;
  who: string;
  at: string;
  method: string;
}

const PAGE = 100;

export function DisposalsAdmin() {
  useLang();
  const [rows, setRows] = useState<Disposal[] | null>(null);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const load = async (before: string | null) => {
    setError(null);
    try {
      const q = before ? `?limit=${PAGE}&before=${before}` : `?limit=${PAGE}`;
      const r = await api.get<{ disposals: Disposal[] }>(`/api/admin/disposals.json${q}`);
      setRows((old) => (before && old ? [...old, ...r.disposals] : r.disposals));
      setMore(r.disposals.length === PAGE);
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => {
    load(null);
  }, []);
  if (!rows) return <ErrorMessage error={error} />;
  return (
    <div class="disposals-admin">
      <p>{t('ce.intro')}</p>
      <ErrorMessage error={error} />
      {rows.length === 0 ? (
        <p class="hint">{t('ce.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table class="data" id="disposals">
            <thead>
              <tr>
                <th>{t('ce.at')}</th>
                <th>{t('ce.what')}</th>
                <th>{t('ce.app')}</th>
                <th>{t('ce.record')}</th>
                <th>{t('ce.records')}</th>
                <th>{t('ce.who')}</th>
                <th>{t('ce.method')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.id} data-id={d.id}>
                  <td>{formatDateTime(d.at)}</td>
                  <td>{t(d.what === 'app' ? 'ce.what.app' : 'ce.what.record')}</td>
                  <td>
                    {d.appName || '—'} <span class="hint">#{d.app}</span>
                  </td>
                  <td>{d.record ?? '—'}</td>
                  <td class="num">{formatNumber(d.records)}</td>
                  <td>{d.who}</td>
                  <td>{d.method === 'crypto-erase' ? t('ce.method.crypto-erase') : d.method}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {more && (
        <button type="button" onClick={() => load(rows[rows.length - 1].id)}>
          {t('ce.more')}
        </button>
      )}
    </div>
  );
}
