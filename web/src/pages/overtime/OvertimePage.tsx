// /overtime: section and department heads order overtime (時間外勤務命令, Abiko §8) for
// their members, see the orders and cancel them; everyone sees their own hours and the
// orders given to them.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Layout } from '../../components/Layout';
import { t, useLang } from '../../i18n';
import '../../i18n/messages/hours';

interface Person {
  code: string;
  name: string;
}
export interface OvertimeOrder {
  id: string;
  user: Person;
  start: string;
  end: string;
  reason: string;
  orderedBy: Person;
  createdAt: string;
  cancelledAt: string;
}
interface MyHours {
  enforced: boolean;
  open: boolean;
  why: string;
  until: string;
  next: string;
}

/** A UTC date-time from the server in the browser's own time. */
export function localTime(iso: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** The value of a datetime-local input as a UTC date-time, or "". */
export function fromLocalInput(v: string): string {
  if (!v) return '';
  const d = new Date(v);
  return isNaN(d.getTime()) ? '' : d.toISOString().replace(/\.\d+Z$/, 'Z');
}

function MyHoursCard() {
  const [me, setMe] = useState<MyHours | null>(null);
  useEffect(() => {
    api.get<MyHours>('/api/hours/me.json').then(setMe, () => setMe(null));
  }, []);
  if (!me || !me.enforced) return null;
  return (
    <div class="card my-hours">
      <h2>{t('hours.myHours')}</h2>
      <p>
        {me.open
          ? me.until
            ? t('hours.openUntil', { until: localTime(me.until) })
            : t('hours.openNow')
          : t('hours.closedNext', { next: localTime(me.next) || '—' })}
      </p>
    </div>
  );
}

export function OvertimePage() {
  useLang();
  const [members, setMembers] = useState<Person[]>([]);
  const [orders, setOrders] = useState<OvertimeOrder[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const [form, setForm] = useState({ user: '', start: '', end: '', reason: '' });
  const load = () =>
    api.get<{ members: Person[]; orders: OvertimeOrder[] }>('/api/overtime.json').then((r) => {
      setMembers(r.members);
      setOrders(r.orders);
      setForm((f) => ({ ...f, user: f.user || (r.members[0] ? r.members[0].code : '') }));
    }, setError);
  useEffect(() => void load(), []);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setDone('');
    try {
      await api.post('/api/overtime.json', {
        user: form.user,
        start: fromLocalInput(form.start),
        end: fromLocalInput(form.end),
        reason: form.reason,
      });
      setDone(t('hours.ordered'));
      setForm({ ...form, reason: '' });
      await load();
    } catch (err) {
      setError(err);
    }
  };
  const cancel = async (id: string) => {
    setError(null);
    try {
      await api.del('/api/overtime.json', { id });
      await load();
    } catch (err) {
      setError(err);
    }
  };
  const now = Date.now();
  return (
    <Layout title={t('hours.overtimeTitle')}>
      <MyHoursCard />
      <div class="card">
        <p class="muted">{t('hours.overtimeLead')}</p>
        <ErrorMessage error={error} />
        {done && <p class="notice" role="status">{done}</p>}
        {members.length === 0 ? (
          <p>{t('hours.noMembers')}</p>
        ) : (
          <form class="overtime-form" onSubmit={submit}>
            <label for="ot-user">{t('hours.member')}</label>
            <select id="ot-user" value={form.user} onChange={(e) => setForm({ ...form, user: (e.target as HTMLSelectElement).value })}>
              {members.map((m) => (
                <option key={m.code} value={m.code}>
                  {m.name} ({m.code})
                </option>
              ))}
            </select>
            <label for="ot-start">{t('hours.start')}</label>
            <input id="ot-start" type="datetime-local" value={form.start} onInput={(e) => setForm({ ...form, start: (e.target as HTMLInputElement).value })} />
            <label for="ot-end">{t('hours.end')}</label>
            <input id="ot-end" type="datetime-local" value={form.end} onInput={(e) => setForm({ ...form, end: (e.target as HTMLInputElement).value })} />
            <label for="ot-reason">{t('hours.reason')}</label>
            <input id="ot-reason" value={form.reason} maxLength={500} onInput={(e) => setForm({ ...form, reason: (e.target as HTMLInputElement).value })} />
            <p>
              <button type="submit" class="primary">
                {t('hours.order')}
              </button>
            </p>
          </form>
        )}
      </div>
      <div class="card">
        <h2>{t('hours.orders')}</h2>
        {orders.length === 0 ? (
          <p class="muted">{t('hours.none')}</p>
        ) : (
          <div class="table-wrap">
            <table class="data overtime-orders">
              <thead>
                <tr>
                  <th>{t('hours.member')}</th>
                  <th>{t('hours.start')}</th>
                  <th>{t('hours.end')}</th>
                  <th>{t('hours.reason')}</th>
                  <th>{t('hours.orderedBy')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {orders.map((o) => (
                  <tr key={o.id}>
                    <td>{o.user.name}</td>
                    <td>{localTime(o.start)}</td>
                    <td>{localTime(o.end)}</td>
                    <td>{o.reason}</td>
                    <td>{o.orderedBy.name}</td>
                    <td>
                      {o.cancelledAt ? (
                        <span class="muted">{t('hours.cancelled')}</span>
                      ) : (
                        new Date(o.end).getTime() > now &&
                        members.some((m) => m.code === o.user.code) && (
                          <button type="button" class="small" onClick={() => cancel(o.id)}>
                            {t('hours.cancel')}
                          </button>
                        )
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </Layout>
  );
}
