// The access-log section of the admin console (監査ログ, for auditors and security
// administrators): search with filters and paging, CSV download, the tamper check of the
// hash chain, the daily analysis (Kuki 第19条) and the list of signed checkpoints.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, downloadUrl } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Spinner } from '../../components/Spinner';
import { lang, t, useLang } from '../../i18n';
import '../../i18n/messages/audit';
import '../../styles/audit.css';
import { session } from '../../session';

interface Entry {
  id: string;
  at: string;
  user: string;
  auth: string;
  app: string | null;
  action: string;
  records: number[];
  result: string;
  code: string;
  client: string;
}
interface LogPage {
  totalCount: string;
  entries: Entry[];
}
interface Problem {
  kind: string;
  entryId: string;
  message: string;
}
interface Verify {
  ok: boolean;
  entries: string;
  checkpoints: string;
  problems: Problem[];
}
interface Day {
  day: string;
  entries: string;
  refusals: string;
  offHours: string;
  unusualReads: string;
  bulkReads: string;
  adminActions: string;
}
interface Checkpoint {
  id: string;
  entryId: string;
  count: string;
  at: string;
  reason: string;
  signatureValid: boolean;
}

const PAGE = 50;
type Filters = { from: string; to: string; user: string; app: string; action: string; result: string };
const empty: Filters = { from: '', to: '', user: '', app: '', action: '', result: '' };

function params(f: Filters): Record<string, string> {
  const p: Record<string, string> = {};
  for (const [k, v] of Object.entries(f)) if (v.trim()) p[k] = v.trim();
  return p;
}

function LogSearch() {
  const [draft, setDraft] = useState<Filters>(empty);
  const [filters, setFilters] = useState<Filters>(empty);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<LogPage | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = () => {
    setError(null);
    api.get<LogPage>('/api/audit/log.json', { ...params(filters), limit: PAGE, offset }).then(setPage, setError);
  };
  useEffect(load, [filters, offset]);
  const set = (k: keyof Filters) => (e: Event) => setDraft({ ...draft, [k]: (e.target as HTMLInputElement).value });
  const csv = async () => {
    setError(null);
    try {
      const r = await fetch(downloadUrl('/api/audit/log.csv', params(filters)), {
        credentials: 'same-origin',
        headers: { 'Accept-Language': lang() },
      });
      if (!r.ok) {
        const body = await r.json().catch(() => ({}));
        throw new ApiError(r.status, body.code || 'HTTP', body.message || t('audit.csvFailed', { status: r.status }), body.errors, body.id);
      }
      const name = /filename="([^"]+)"/.exec(r.headers.get('Content-Disposition') || '')?.[1] || 'accesslog.csv';
      const url = URL.createObjectURL(await r.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (e) {
      setError(e);
    }
  };
  const total = page ? Number(page.totalCount) : 0;
  return (
    <div class="card">
      <div class="section-head">
        <h2>{t('audit.search')}</h2>
        <button type="button" onClick={csv}>
          {t('audit.csv')}
        </button>
      </div>
      <form
        class="audit-filters"
        onSubmit={(e) => {
          e.preventDefault();
          setOffset(0);
          setFilters({ ...draft });
        }}
      >
        <label>
          {t('audit.from')}
          <input type="date" name="from" value={draft.from} onInput={set('from')} />
        </label>
        <label>
          {t('audit.to')}
          <input type="date" name="to" value={draft.to} onInput={set('to')} />
        </label>
        <label>
          {t('audit.user')}
          <input name="user" value={draft.user} onInput={set('user')} />
        </label>
        <label>
          {t('audit.app')}
          <input name="app" inputMode="numeric" value={draft.app} onInput={set('app')} />
        </label>
        <label>
          {t('audit.action')}
          <input name="action" placeholder={t('audit.actionHint')} value={draft.action} onInput={set('action')} />
        </label>
        <label>
          {t('audit.result')}
          <select name="result" value={draft.result} onChange={set('result')}>
            <option value="">{t('audit.any')}</option>
            <option value="ok">{t('audit.result.ok')}</option>
            <option value="denied">{t('audit.result.denied')}</option>
            <option value="failed">{t('audit.result.failed')}</option>
          </select>
        </label>
        <button type="submit" class="primary">
          {t('audit.apply')}
        </button>
      </form>
      <ErrorMessage error={error} />
      {!page && !error && <Spinner />}
      {page && (
        <>
          <p class="muted audit-count">
            {t('audit.total', { n: total })}
            {total > 0 && ` · ${t('audit.page', { from: offset + 1, to: Math.min(offset + PAGE, total) })}`}
          </p>
          {page.entries.length === 0 ? (
            <p class="muted">{t('audit.none')}</p>
          ) : (
            <div class="table-wrap">
              <table class="data audit-log">
                <thead>
                  <tr>
                    {['id', 'at', 'user', 'auth', 'app', 'action', 'records', 'result', 'code', 'client'].map((c) => (
                      <th key={c}>{t(`audit.col.${c}`)}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {page.entries.map((e) => (
                    <tr key={e.id} class={`result-${e.result}`}>
                      <td>{e.id}</td>
                      <td class="nowrap">{e.at}</td>
                      <td>{e.user}</td>
                      <td>{e.auth}</td>
                      <td>{e.app ?? ''}</td>
                      <td>{e.action}</td>
                      <td class="audit-records">{e.records.join(', ')}</td>
                      <td>{t(`audit.result.${e.result}`)}</td>
                      <td>{e.code}</td>
                      <td>{e.client}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div class="audit-pager">
            <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              {t('audit.prev')}
            </button>
            <button type="button" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
              {t('audit.next')}
            </button>
          </div>
        </>
      )}
    </div>
  );
}

function VerifyCard() {
  const [v, setV] = useState<Verify | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = () => {
    setBusy(true);
    setError(null);
    api
      .get<Verify>('/api/audit/verify.json')
      .then(setV, setError)
      .finally(() => setBusy(false));
  };
  useEffect(run, []);
  return (
    <div class="card audit-verify">
      <div class="section-head">
        <h2>{t('audit.verify')}</h2>
        <button type="button" onClick={run} disabled={busy}>
          {t('audit.verifyRun')}
        </button>
      </div>
      <ErrorMessage error={error} />
      {busy && <Spinner />}
      {v && v.ok && (
        <p class="success" role="status">
          {t('audit.verifyOk', { entries: v.entries, checkpoints: v.checkpoints })}
        </p>
      )}
      {v && !v.ok && (
        <div class="error-banner" role="alert">
          <strong>{t('audit.verifyBad')}</strong>
          <ul>
            {v.problems.map((p, i) => (
              <li key={i}>
                {t('audit.problemAt', { kind: t(`audit.kind.${p.kind}`), id: p.entryId })}: {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <p class="hint">{t('audit.verifyHint')}</p>
    </div>
  );
}

function ReportCard() {
  const [days, setDays] = useState<Day[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.get<{ days: Day[] }>('/api/audit/report.json').then((r) => setDays(r.days), setError);
  }, []);
  const cols: [keyof Day, string][] = [
    ['day', 'day'], ['entries', 'entries'], ['refusals', 'refusals'], ['offHours', 'offHours'],
    ['unusualReads', 'unusual'], ['bulkReads', 'bulk'], ['adminActions', 'admin'],
  ];
  return (
    <div class="card">
      <h2>{t('audit.report')}</h2>
      <p class="hint">{t('audit.reportHint')}</p>
      <ErrorMessage error={error} />
      {!days && !error && <Spinner />}
      {days && days.length === 0 && <p class="muted">{t('audit.noDays')}</p>}
      {days && days.length > 0 && (
        <div class="table-wrap">
          <table class="data audit-report">
            <thead>
              <tr>
                {cols.map(([, label]) => (
                  <th key={label}>{t(`audit.col.${label}`)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {[...days].reverse().map((d) => (
                <tr key={d.day}>
                  {cols.map(([k]) => (
                    <td key={k} class={k !== 'day' && k !== 'entries' && d[k] !== '0' ? 'audit-flag' : ''}>
                      {d[k]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function CheckpointCard() {
  const [data, setData] = useState<{ publicKey: string; checkpoints: Checkpoint[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.get<{ publicKey: string; checkpoints: Checkpoint[] }>('/api/audit/checkpoints.json').then(setData, setError);
  }, []);
  return (
    <div class="card">
      <h2>{t('audit.checkpoints')}</h2>
      <ErrorMessage error={error} />
      {data && <p class="hint audit-key">{t('audit.publicKey', { key: data.publicKey })}</p>}
      {data && data.checkpoints.length === 0 && <p class="muted">{t('audit.noCheckpoints')}</p>}
      {data && data.checkpoints.length > 0 && (
        <div class="table-wrap">
          <table class="data audit-checkpoints">
            <thead>
              <tr>
                <th>{t('audit.col.id')}</th>
                <th>{t('audit.col.at')}</th>
                <th>{t('audit.col.entry')}</th>
                <th>{t('audit.col.count')}</th>
                <th>{t('audit.col.reason')}</th>
                <th>{t('audit.col.signature')}</th>
              </tr>
            </thead>
            <tbody>
              {data.checkpoints.map((c) => (
                <tr key={c.id}>
                  <td>{c.id}</td>
                  <td class="nowrap">{c.at}</td>
                  <td>{c.entryId}</td>
                  <td>{c.count}</td>
                  <td>{c.reason}</td>
                  <td>{c.signatureValid ? t('audit.sigValid') : t('audit.sigInvalid')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export function AuditLog() {
  useLang();
  // The chief protection manager reads the daily analysis only (Kuki 第19条); the log
  // itself is the auditor's and the security administrator's.
  const roles = session()?.user.roles || [];
  const readsLog = roles.includes('auditor') || roles.includes('security_admin');
  return (
    <div class="audit-page">
      <p class="muted">{t('audit.intro')}</p>
      {readsLog && <VerifyCard />}
      {readsLog && <LogSearch />}
      <ReportCard />
      {readsLog && <CheckpointCard />}
    </div>
  );
}
