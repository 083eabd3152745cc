// The admin section "ledger" (台帳, Kuki 第16条; Abiko §9): every app with its class,
// personal-data flags, registration items, approvals, owner and maintainer, record
// count, readers and export history, with filters and a CSV download; the idle and
// expired marks (Abiko §9(1)③); and the hand-over queue of apps whose owner or
// maintainer moved or was suspended (Abiko §9(2)), where a head names who takes over.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, downloadUrl } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime, formatNumber, lang, t, useLang } from '../../i18n';
import '../../i18n/messages/ledger';
import '../../i18n/messages/org';
import '../../styles/ledger.css';

interface Person {
  code: string;
  name: string;
}
interface Approval {
  id: string;
  kind: string;
  status: string;
  requestedBy: Person | null;
  requestedAt: string;
  decidedAt: string;
  steps: { step: string; approver: string; decision: string; decidedAt: number | string }[];
}
export interface LedgerApp {
  id: string;
  name: string;
  class: string;
  classLabel: string;
  flags: { personal: boolean; sensitive: boolean; myNumber: boolean };
  state: string;
  stateLabel: string;
  registration: Record<string, unknown>;
  startDate: string;
  endDate: string;
  owner: Person | null;
  maintainer: Person | null;
  creator: string;
  records: string;
  lastActivity: string;
  idle: boolean;
  expired: boolean;
  handover: boolean;
  readers: { type: string; code: string; rights: string[] }[];
  exports: { user: string; name: string; count: string; lastAt: string }[];
  approvals: Approval[];
}
export interface LedgerData {
  today: string;
  idleDays: string;
  all: boolean;
  apps: LedgerApp[];
}
interface Handover {
  id: string;
  app: string;
  appName: string;
  role: 'owner' | 'maintainer';
  reason: 'moved' | 'suspended';
  user: Person | null;
  section: { code: string; name: string } | null;
  createdAt: string;
  canAssign: boolean;
}

const STATES = ['draft', 'requested', 'approved', 'published', 'end_requested', 'closed'];

/** A registration item as text: strings as they are, lists joined. */
export function regText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v))
    return v
      .map((x) => {
        if (typeof x === 'string') return x;
        if (!x || typeof x !== 'object') return '';
        const o = x as Record<string, unknown>;
        const text = String(o.label || o.name || o.code || '');
        return o.personal === true ? `${text}${t('ledger.personalMark')}` : text;
      })
      .filter(Boolean)
      .join('、');
  return '';
}

function readerText(r: { type: string; code: string }): string {
  if (r.type === 'GROUP' && r.code === 'everyone') return t('ledger.everyone');
  return r.code;
}

export function Flags(p: { a: LedgerApp }) {
  return (
    <span class="ledger-flags">
      {p.a.flags.personal && <span class="tag">{t('ledger.flag.personal')}</span>}
      {p.a.flags.sensitive && <span class="tag tag-warn">{t('ledger.flag.sensitive')}</span>}
      {p.a.flags.myNumber && <span class="tag tag-danger">{t('ledger.flag.myNumber')}</span>}
    </span>
  );
}

export function Marks(p: { a: LedgerApp }) {
  return (
    <>
      {p.a.idle && <span class="tag tag-warn">{t('ledger.mark.idle')}</span>}
      {p.a.expired && <span class="tag tag-danger">{t('ledger.mark.expired')}</span>}
      {p.a.handover && <span class="tag tag-warn">{t('ledger.mark.handover')}</span>}
    </>
  );
}

export function LedgerTable(p: { apps: LedgerApp[] }) {
  return (
    <div class="table-wrap">
      <table class="data ledger-table" id="ledger-apps">
        <thead>
          <tr>
            <th>{t('ledger.app')}</th>
            <th>{t('ledger.class')}</th>
            <th>{t('ledger.registration')}</th>
            <th>
              {t('ledger.owner')} / {t('ledger.maintainer')}
            </th>
            <th>{t('ledger.records')}</th>
            <th>{t('ledger.readers')}</th>
            <th>{t('ledger.exports')}</th>
            <th>{t('ledger.approvals')}</th>
            <th>{t('ledger.lastActivity')}</th>
          </tr>
        </thead>
        <tbody>
          {p.apps.map((a) => (
            <tr key={a.id} data-app={a.id}>
              <td>
                <strong>{a.name}</strong> <span class="hint">#{a.id}</span>
                <div class="hint">{a.stateLabel}</div>
                <Marks a={a} />
              </td>
              <td class="ledger-class">
                {a.classLabel || '—'}
                <div>
                  <Flags a={a} />
                </div>
              </td>
              <td class="ledger-reg">
                {regText(a.registration.purpose) && (
                  <div>
                    <span class="hint">{t('ledger.purpose')}:</span> {regText(a.registration.purpose)}
                  </div>
                )}
                {regText(a.registration.items) && (
                  <div>
                    <span class="hint">{t('ledger.items')}:</span> {regText(a.registration.items)}
                  </div>
                )}
                {regText(a.registration.responsible) && (
                  <div>
                    <span class="hint">{t('ledger.responsible')}:</span> {regText(a.registration.responsible)}
                  </div>
                )}
                {(a.startDate || a.endDate) && (
                  <div>
                    <span class="hint">{t('ledger.period')}:</span> {a.startDate} 〜 {a.endDate}
                  </div>
                )}
              </td>
              <td>
                {a.owner ? `${a.owner.name} (${a.owner.code})` : '—'}
                <div class="hint">{a.maintainer ? `${a.maintainer.name} (${a.maintainer.code})` : ''}</div>
              </td>
              <td class="num">{formatNumber(a.records)}</td>
              <td class="ledger-readers">{a.readers.map(readerText).join('、') || '—'}</td>
              <td class="ledger-exports">
                {a.exports.length === 0
                  ? '—'
                  : a.exports.map((x) => (
                      <div key={x.user}>
                        {x.user} ×{x.count} <span class="hint">{formatDateTime(x.lastAt)}</span>
                      </div>
                    ))}
              </td>
              <td class="ledger-approvals">
                {a.approvals.length === 0
                  ? '—'
                  : a.approvals.map((x) => (
                      <div key={x.id}>
                        {x.kind} {x.status} <span class="hint">{x.steps.map((s) => s.approver).filter(Boolean).join('、')} {formatDateTime(x.decidedAt || x.requestedAt)}</span>
                      </div>
                    ))}
              </td>
              <td class="nowrap">{a.lastActivity ? formatDateTime(a.lastActivity) : t('ledger.never')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function HandoverRow(p: { h: Handover; onDone: (msg: string) => void }) {
  const [user, setUser] = useState('');
  const [error, setError] = useState<unknown>(null);
  const assign = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await api.put('/api/handover.json', { id: p.h.id, user: user.trim() });
      p.onDone(t('ledger.handover.done', { user: user.trim() }));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <tr data-handover={p.h.id}>
      <td>
        {p.h.appName} <span class="hint">#{p.h.app}</span>
      </td>
      <td>{t(`ledger.handover.role.${p.h.role}`)}</td>
      <td>
        {p.h.user ? `${p.h.user.name} (${p.h.user.code})` : ''} <span class="hint">{t(`ledger.handover.reason.${p.h.reason}`)}</span>
      </td>
      <td>{p.h.section ? p.h.section.name : '—'}</td>
      <td class="nowrap">{formatDateTime(p.h.createdAt)}</td>
      <td>
        {p.h.canAssign && (
          <form class="ledger-assign" onSubmit={assign}>
            <input name="user" aria-label={t('ledger.handover.to')} placeholder={t('ledger.handover.to')} value={user} size={12} onInput={(e) => setUser((e.target as HTMLInputElement).value)} />{' '}
            <button type="submit" class="primary" disabled={!user.trim()}>
              {t('ledger.handover.assign')}
            </button>
            <ErrorMessage error={error} />
          </form>
        )}
      </td>
    </tr>
  );
}

function HandoverQueue(p: { reload: number; onDone: () => void }) {
  const [items, setItems] = useState<Handover[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  useEffect(() => {
    api.get<{ items: Handover[] }>('/api/handover.json').then((d) => setItems(d.items), setError);
  }, [p.reload]);
  return (
    <div class="card" id="ledger-handover">
      <h2>{t('ledger.handover.title')}</h2>
      <p class="hint">{t('ledger.handover.intro')}</p>
      <ErrorMessage error={error} />
      {done && <p class="ok" role="status">{done}</p>}
      {items && items.length === 0 && <p>{t('ledger.handover.none')}</p>}
      {items && items.length > 0 && (
        <div class="table-wrap">
          <table class="data">
            <thead>
              <tr>
                <th>{t('ledger.app')}</th>
                <th>{t('ledger.handover.role')}</th>
                <th>{t('ledger.handover.who')}</th>
                <th>{t('org.section')}</th>
                <th>{t('ledger.handover.since')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {items.map((h) => (
                <HandoverRow
                  key={h.id}
                  h={h}
                  onDone={(m) => {
                    setDone(m);
                    p.onDone();
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

async function downloadCsv(params: Record<string, string>, setError: (e: unknown) => void) {
  try {
    const r = await fetch(downloadUrl('/api/ledger.csv', params), { credentials: 'same-origin', headers: { 'Accept-Language': lang() } });
    if (!r.ok) {
      const body = await r.json().catch(() => ({}));
      throw new ApiError(r.status, body.code || 'HTTP', body.message || t('ledger.csvFailed', { status: r.status }), body.errors, body.id);
    }
    const name = /filename="([^"]+)"/.exec(r.headers.get('Content-Disposition') || '')?.[1] || 'ledger.csv';
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
}

export function Ledger() {
  useLang();
  const [draft, setDraft] = useState({ class: '', state: '', mark: '' });
  const [filters, setFilters] = useState(draft);
  const [data, setData] = useState<LedgerData | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);
  const params = () => Object.fromEntries(Object.entries(filters).filter(([, v]) => v)) as Record<string, string>;
  useEffect(() => {
    setError(null);
    api.get<LedgerData>('/api/ledger.json', params()).then(setData, setError);
  }, [filters, reload]);
  const set = (k: keyof typeof draft) => (e: Event) => setDraft({ ...draft, [k]: (e.target as HTMLSelectElement).value });
  return (
    <div class="ledger-page">
      <p>{t('ledger.intro')}</p>
      {data && !data.all && <p class="hint">{t('ledger.mine')}</p>}
      {data && <p class="hint">{data.idleDays === '0' ? t('ledger.idleOff') : t('ledger.idleDays', { days: data.idleDays })}</p>}
      <div class="card">
        <form
          class="audit-filters"
          onSubmit={(e) => {
            e.preventDefault();
            setFilters({ ...draft });
          }}
        >
          <label>
            {t('ledger.class')}
            <select name="class" value={draft.class} onChange={set('class')}>
              <option value="">{t('ledger.anyClass')}</option>
              {['1', '2', '3', '4'].map((c) => (
                <option key={c} value={c}>
                  {['Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ'][Number(c) - 1]}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('ledger.state')}
            <select name="state" value={draft.state} onChange={set('state')}>
              <option value="">{t('ledger.anyState')}</option>
              {STATES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('ledger.mark')}
            <select name="mark" value={draft.mark} onChange={set('mark')}>
              <option value="">{t('ledger.anyMark')}</option>
              {['idle', 'expired', 'handover'].map((m) => (
                <option key={m} value={m}>
                  {t(`ledger.mark.${m}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">{t('ledger.filter')}</button>
          <span class="spacer" />
          <button type="button" id="ledger-csv" onClick={() => downloadCsv(params(), setError)}>
            {t('ledger.csv')}
          </button>
          <button type="button" onClick={() => downloadCsv({ ...params(), encoding: 'Shift_JIS' }, setError)}>
            {t('ledger.csvSjis')}
          </button>
        </form>
        <ErrorMessage error={error} />
        {data && <p class="audit-count">{t('ledger.count', { n: data.apps.length })}</p>}
        {data && data.apps.length === 0 && <p>{t('ledger.none')}</p>}
        {data && data.apps.length > 0 && <LedgerTable apps={data.apps} />}
      </div>
      <HandoverQueue reload={reload} onDone={() => setReload((n) => n + 1)} />
    </div>
  );
}
