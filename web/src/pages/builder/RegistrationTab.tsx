// The registration tab (/apps/:id/builder/registration): the app's information class,
// the data it holds, the registration items of Abiko §9(4)(5) (purpose, every information
// item with its personal-data mark, accounts, dates, responsible person), owner and
// maintainer, its lifecycle state and the approval route with each step's decision
// (/api/app/governance.json); buttons to request publication or the end of use, to
// withdraw, and to publish once approved.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Spinner } from '../../components/Spinner';
import { formatDateTime, lang, t } from '../../i18n';
import '../../i18n/messages/lifecycle';
import '../../styles/lifecycle.css';

interface UserBrief { code: string; name: string }
interface Item { code: string; label: string; type: string; personal: boolean; table?: string }
interface Account { type: string; code: string }
interface Step { pos: string; step: string; unit: string; approver: UserBrief | null; decision: string; comment: string; decidedAt: string | null }
interface Approval { id: string; kind: string; status: string; requester: UserBrief | null; requestedAt: string | null; decidedAt: string | null; steps: Step[] }
export interface Governance {
  app: string;
  name: string;
  lifecycle: boolean;
  deployed: boolean;
  mayEdit: boolean;
  infoClass: { rank: string; label: string } | null;
  classes: { rank: string; label: string }[];
  flags: { personal: boolean; sensitive: boolean; myNumber: boolean };
  myNumberApproved: boolean;
  state: string;
  stateLabel: string;
  owner: UserBrief | null;
  maintainer: UserBrief | null;
  registration: { purpose: string; responsible: string; startDate: string; endDate: string; items: Item[]; admins: Account[]; users: Account[] };
  missing: string[];
  namingRule: string;
  pending: Approval | null;
  history: Approval[];
}

interface Draft {
  infoClass: string;
  flags: Governance['flags'];
  purpose: string;
  responsible: string;
  startDate: string;
  endDate: string;
  owner: string;
  maintainer: string;
  personal: string[];
}

function draftOf(g: Governance): Draft {
  return {
    infoClass: g.infoClass?.rank || '',
    flags: { ...g.flags },
    purpose: g.registration.purpose,
    responsible: g.registration.responsible,
    startDate: g.registration.startDate,
    endDate: g.registration.endDate,
    owner: g.owner?.code || '',
    maintainer: g.maintainer?.code || '',
    personal: g.registration.items.filter((i) => i.personal).map((i) => i.code),
  };
}

/** The lifecycle state as a coloured badge. */
export function StateBadge({ state, label }: { state: string; label: string }) {
  return <span class={`lc-state lc-state-${state}`}>{label}</span>;
}

function accountText(a: Account): string {
  return a.type === 'USER' || a.type === 'CREATOR' ? a.code : `${a.type} ${a.code}`.trim();
}

function RouteTable({ a }: { a: Approval }) {
  return (
    <table class="lc-route">
      <caption>
        {t(`lc.kind.${a.kind}`)} — {t(`lc.status.${a.status}`)}
        {a.requester && ` · ${t('lc.requester')}: ${a.requester.name || a.requester.code} (${formatDateTime(a.requestedAt)})`}
      </caption>
      <tbody>
        {a.steps.map((s) => (
          <tr key={s.pos}>
            <th scope="row">{t(`lc.step.${s.step}`)}</th>
            <td>{s.unit}</td>
            <td>{s.approver ? `${s.approver.name} (${s.approver.code})` : ''}</td>
            <td>
              <span class={`lc-decision lc-decision-${s.decision}`}>{t(`lc.decision.${s.decision}`)}</span>
            </td>
            <td>{s.decidedAt ? formatDateTime(s.decidedAt) : ''}</td>
            <td>{s.comment}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function RegistrationTab({ app }: { app: string }) {
  const [g, setG] = useState<Governance | null>(null);
  const [d, setD] = useState<Draft | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const load = async () => {
    try {
      const r = await api.get<Governance>('/api/app/governance.json', { app });
      setG(r);
      setD(draftOf(r));
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => void load(), [app]);
  if (!g || !d) return error ? <ErrorMessage error={error} onRetry={load} /> : <Spinner />;

  const set = (patch: Partial<Draft>) => {
    setNotice('');
    setD({ ...d, ...patch });
  };
  const run = async (f: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setNotice('');
    try {
      const msg = await f();
      await load();
      setNotice(msg);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const save = () =>
    run(async () => {
      const body: Record<string, unknown> = {
        app, flags: d.flags, purpose: d.purpose, responsible: d.responsible, startDate: d.startDate,
        endDate: d.endDate, maintainer: d.maintainer, personalFields: d.personal,
      };
      if (d.infoClass) body.infoClass = Number(d.infoClass);
      if (d.owner) body.owner = d.owner;
      const r = await api.put<{ approval: string | null }>('/api/app/governance.json', body);
      return r.approval ? t('lc.changeRequested') : t('lc.saved');
    });
  const post = (path: string, body: Record<string, unknown>, msg: string) =>
    run(async () => {
      await api.post(path, { app, ...body });
      return msg;
    });
  const editable = g.mayEdit && !g.pending && g.state !== 'closed' && !(g.lifecycle && g.state === 'approved');
  const missing = g.missing.map((k) => t(`lc.missing.${k}`)).join(lang() === 'ja' ? '、' : ', ');

  return (
    <div class="lc-layout">
      <form
        class="card lc-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <h2>
          {t('lc.title')} <StateBadge state={g.state} label={g.stateLabel} />
          {g.infoClass && <span class="lc-class">{t('lc.classBadge', { label: g.infoClass.label })}</span>}
        </h2>
        <p class="hint">{g.lifecycle ? t('lc.lead') : t('lc.leadOff')}</p>
        {!g.mayEdit && <p class="hint">{t('lc.notEditable')}</p>}
        <ErrorMessage error={error} />
        {notice && (
          <p class="success" role="status">
            {notice}
          </p>
        )}
        <fieldset disabled={!editable || busy}>
          <label for="lc-class">{t('lc.class')}</label>
          <select id="lc-class" value={d.infoClass} onChange={(e) => set({ infoClass: e.currentTarget.value })}>
            {!d.infoClass && <option value="">{t('lc.classNone')}</option>}
            {g.classes.map((c) => (
              <option key={c.rank} value={c.rank}>
                {c.label}
              </option>
            ))}
          </select>
          <fieldset class="lc-flags">
            <legend>{t('lc.flags')}</legend>
            {(['personal', 'sensitive', 'myNumber'] as const).map((k) => (
              <label key={k} class="check">
                <input type="checkbox" checked={d.flags[k]} onChange={(e) => set({ flags: { ...d.flags, [k]: e.currentTarget.checked } })} />
                {t(`lc.flag.${k}`)}
              </label>
            ))}
            {g.flags.myNumber && <p class="hint">{g.myNumberApproved ? t('lc.myNumberApproved') : t('lc.myNumberPending')}</p>}
          </fieldset>
          <label for="lc-purpose">{t('lc.purpose')}</label>
          <textarea id="lc-purpose" value={d.purpose} maxLength={2000} onInput={(e) => set({ purpose: e.currentTarget.value })} />
          <div class="lc-row">
            <div>
              <label for="lc-start">{t('lc.startDate')}</label>
              <input id="lc-start" type="date" value={d.startDate} onInput={(e) => set({ startDate: e.currentTarget.value })} />
            </div>
            <div>
              <label for="lc-end">{t('lc.endDate')}</label>
              <input id="lc-end" type="date" value={d.endDate} onInput={(e) => set({ endDate: e.currentTarget.value })} />
            </div>
          </div>
          <label for="lc-responsible">{t('lc.responsible')}</label>
          <input id="lc-responsible" maxLength={200} value={d.responsible} onInput={(e) => set({ responsible: e.currentTarget.value })} />
          <div class="lc-row">
            <div>
              <label for="lc-owner">{t('lc.owner')}</label>
              <input id="lc-owner" value={d.owner} onInput={(e) => set({ owner: e.currentTarget.value })} />
            </div>
            <div>
              <label for="lc-maintainer">{t('lc.maintainer')}</label>
              <input id="lc-maintainer" value={d.maintainer} onInput={(e) => set({ maintainer: e.currentTarget.value })} />
            </div>
          </div>
          <h3>{t('lc.items')}</h3>
          <p class="hint">{t('lc.itemsLead')}</p>
          <table class="lc-items">
            <thead>
              <tr>
                <th scope="col">{t('lc.item.label')}</th>
                <th scope="col">{t('lc.item.code')}</th>
                <th scope="col">{t('lc.item.personal')}</th>
              </tr>
            </thead>
            <tbody>
              {g.registration.items.map((i) => (
                <tr key={i.code}>
                  <td>
                    {i.label} {i.table && <span class="muted">{t('lc.item.table', { table: i.table })}</span>}
                  </td>
                  <td>
                    <code>{i.code}</code>
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`${t('lc.item.personal')}: ${i.label}`}
                      checked={d.personal.includes(i.code)}
                      onChange={(e) => set({ personal: e.currentTarget.checked ? [...d.personal, i.code] : d.personal.filter((c) => c !== i.code) })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="b-actions">
            <button type="submit" class="primary">
              {t('lc.save')}
            </button>
          </div>
        </fieldset>
        <dl class="lc-accounts">
          <dt>{t('lc.admins')}</dt>
          <dd>{g.registration.admins.map(accountText).join(', ')}</dd>
          <dt>{t('lc.users')}</dt>
          <dd>{g.registration.users.map(accountText).join(', ')}</dd>
        </dl>
        <p class="hint">{t('lc.accountsLead')}</p>
      </form>
      <aside class="card lc-side" aria-labelledby="lc-route-title">
        <h2 id="lc-route-title">{t('lc.route')}</h2>
        {missing && g.state === 'draft' && <p class="warn">{t('lc.missing', { items: missing })}</p>}
        {g.namingRule && <p class="hint">{t('lc.naming', { rule: g.namingRule })}</p>}
        {g.pending ? <RouteTable a={g.pending} /> : <p class="muted">{t('lc.routeNone')}</p>}
        <div class="b-actions lc-actions">
          {g.mayEdit && g.lifecycle && g.state === 'draft' && (
            <button type="button" class="primary" disabled={busy} onClick={() => post('/api/app/request.json', { kind: 'publish' }, t('lc.requested'))}>
              {t('lc.requestPublish')}
            </button>
          )}
          {g.mayEdit && g.state === 'approved' && (
            <button type="button" class="primary" disabled={busy} onClick={() => post('/api/app/publish.json', {}, t('lc.published'))}>
              {t('lc.publish')}
            </button>
          )}
          {g.mayEdit && g.state === 'published' && !g.pending && (
            <button type="button" disabled={busy} onClick={() => post('/api/app/request.json', { kind: 'end' }, t('lc.requested'))}>
              {t('lc.requestEnd')}
            </button>
          )}
          {g.mayEdit && (g.pending || (g.lifecycle && g.state === 'approved')) && (
            <button type="button" class="danger" disabled={busy} onClick={() => post('/api/app/withdraw.json', {}, t('lc.withdrawn'))}>
              {t('lc.withdraw')}
            </button>
          )}
        </div>
        {g.history.length > 0 && (
          <>
            <h3>{t('lc.history')}</h3>
            {g.history.map((a) => (
              <RouteTable key={a.id} a={a} />
            ))}
          </>
        )}
      </aside>
    </div>
  );
}
