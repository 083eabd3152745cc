// Admin section "hours" (勤務時間): calendars with weekday hours, national holidays and
// closing days; which section or person follows which calendar (council members: 24/365);
// emergency overrides; a preview of a year's national holidays. The security
// administrator changes; the auditor reads (the server refuses their changes).
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { t, useLang } from '../../i18n';
import '../../i18n/messages/hours';
import { fromLocalInput, localTime } from '../overtime/OvertimePage';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
type Week = Record<(typeof DAYS)[number], string>;

interface Calendar {
  id: string;
  name: string;
  always: boolean;
  holidaysClosed: boolean;
  default: boolean;
  week: Week;
  closings: { date: string; name: string }[];
}
interface HoursAdminData {
  enforced: boolean;
  calendars: Calendar[];
  assignments: { kind: string; code: string; name: string; calendar: string }[];
  overrides: { id: string; user: string; until: string; reason: string; setBy: string }[];
}

const emptyWeek = (): Week => ({ sun: '', mon: '', tue: '', wed: '', thu: '', fri: '', sat: '' });

function closingsText(c: Calendar): string {
  return c.closings.map((d) => `${d.date} ${d.name}`.trim()).join('\n');
}

function parseClosings(text: string): { date: string; name: string }[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l)
    .map((l) => {
      const i = l.search(/\s/);
      return i < 0 ? { date: l, name: '' } : { date: l.slice(0, i), name: l.slice(i + 1).trim() };
    });
}

function CalendarEditor({ cal, onSaved }: { cal: Calendar | null; onSaved: () => void }) {
  const [c, setC] = useState<Calendar>(
    cal || { id: '', name: '', always: false, holidaysClosed: true, default: false, week: emptyWeek(), closings: [] },
  );
  const [closings, setClosings] = useState(cal ? closingsText(cal) : '');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const idp = `cal-${cal ? cal.id : 'new'}`;
  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setSaved(false);
    const body = { name: c.name, always: c.always, holidaysClosed: c.holidaysClosed, default: c.default, week: c.week, closings: parseClosings(closings) };
    try {
      if (cal) await api.put('/api/admin/hours/calendars.json', { id: cal.id, ...body });
      else await api.post('/api/admin/hours/calendars.json', body);
      setSaved(true);
      if (!cal) setC({ ...c, name: '' });
      onSaved();
    } catch (err) {
      setError(err);
    }
  };
  const remove = async () => {
    if (!cal) return;
    try {
      await api.del('/api/admin/hours/calendars.json', { id: cal.id });
      onSaved();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form class="card hours-calendar" onSubmit={save} data-calendar={c.name}>
      <h3>
        {cal ? cal.name : t('hours.newCalendar')} {cal && cal.default && <span class="muted">({t('hours.isDefault')})</span>}
      </h3>
      <ErrorMessage error={error} />
      <label for={`${idp}-name`}>{t('hours.name')}</label>
      <input id={`${idp}-name`} value={c.name} onInput={(e) => setC({ ...c, name: (e.target as HTMLInputElement).value })} />
      <p>
        <label class="inline">
          <input type="checkbox" checked={c.always} onChange={(e) => setC({ ...c, always: (e.target as HTMLInputElement).checked })} />
          {t('hours.always')}
        </label>
        <label class="inline">
          <input type="checkbox" checked={c.holidaysClosed} onChange={(e) => setC({ ...c, holidaysClosed: (e.target as HTMLInputElement).checked })} />
          {t('hours.holidaysClosed')}
        </label>
        {!(cal && cal.default) && (
          <label class="inline">
            <input type="checkbox" checked={c.default} onChange={(e) => setC({ ...c, default: (e.target as HTMLInputElement).checked })} />
            {t('hours.default')}
          </label>
        )}
      </p>
      <fieldset class="hours-week">
        <legend>{t('hours.week')}</legend>
        {DAYS.map((d) => (
          <span key={d} class="hours-day">
            <label for={`${idp}-${d}`}>{t(`hours.day.${d}`)}</label>
            <input
              id={`${idp}-${d}`}
              size={11}
              value={c.week[d]}
              onInput={(e) => setC({ ...c, week: { ...c.week, [d]: (e.target as HTMLInputElement).value } })}
            />
          </span>
        ))}
      </fieldset>
      <label for={`${idp}-closings`}>{t('hours.closings')}</label>
      <textarea id={`${idp}-closings`} rows={3} value={closings} onInput={(e) => setClosings((e.target as HTMLTextAreaElement).value)} />
      <p class="page-actions">
        <button type="submit" class="primary">
          {cal ? t('hours.save') : t('hours.add')}
        </button>
        {cal && !cal.default && (
          <button type="button" class="danger" onClick={remove}>
            {t('hours.delete')}
          </button>
        )}
        {saved && <span role="status">{t('hours.saved')}</span>}
      </p>
    </form>
  );
}

function Assignments({ data, onSaved }: { data: HoursAdminData; onSaved: () => void }) {
  const [f, setF] = useState({ kind: 'section', code: '', calendar: data.calendars[0] ? data.calendars[0].id : '' });
  const [error, setError] = useState<unknown>(null);
  const name = (id: string) => data.calendars.find((c) => c.id === id)?.name || id;
  const put = async (body: { kind: string; code: string; calendar: string | null }) => {
    setError(null);
    try {
      await api.put('/api/admin/hours/assignments.json', body);
      onSaved();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div class="card">
      <h2>{t('hours.assignments')}</h2>
      <p class="muted">{t('hours.assignmentsLead')}</p>
      <ErrorMessage error={error} />
      {data.assignments.length > 0 && (
        <table class="data hours-assignments">
          <tbody>
            {data.assignments.map((a) => (
              <tr key={`${a.kind}-${a.code}`}>
                <td>{t(`hours.kind.${a.kind}`)}</td>
                <td>
                  {a.name} ({a.code})
                </td>
                <td>{name(a.calendar)}</td>
                <td>
                  <button type="button" class="small" onClick={() => put({ kind: a.kind, code: a.code, calendar: null })}>
                    {t('hours.unassign')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        class="hours-assign"
        onSubmit={(e) => {
          e.preventDefault();
          put(f);
        }}
      >
        <label for="as-kind">{t('hours.kind')}</label>
        <select id="as-kind" value={f.kind} onChange={(e) => setF({ ...f, kind: (e.target as HTMLSelectElement).value })}>
          <option value="section">{t('hours.kind.section')}</option>
          <option value="user">{t('hours.kind.user')}</option>
        </select>
        <label for="as-code">{t('hours.code')}</label>
        <input id="as-code" value={f.code} onInput={(e) => setF({ ...f, code: (e.target as HTMLInputElement).value })} />
        <label for="as-cal">{t('hours.calendar')}</label>
        <select id="as-cal" value={f.calendar} onChange={(e) => setF({ ...f, calendar: (e.target as HTMLSelectElement).value })}>
          {data.calendars.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <p>
          <button type="submit">{t('hours.assign')}</button>
        </p>
      </form>
    </div>
  );
}

function Overrides({ data, onSaved }: { data: HoursAdminData; onSaved: () => void }) {
  const [f, setF] = useState({ user: '', until: '', reason: '' });
  const [error, setError] = useState<unknown>(null);
  const run = async (p: Promise<unknown>) => {
    setError(null);
    try {
      await p;
      onSaved();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div class="card">
      <h2>{t('hours.overrides')}</h2>
      <p class="muted">{t('hours.overridesLead')}</p>
      <ErrorMessage error={error} />
      {data.overrides.length === 0 ? (
        <p class="muted">{t('hours.none')}</p>
      ) : (
        <table class="data hours-overrides">
          <thead>
            <tr>
              <th>{t('hours.member')}</th>
              <th>{t('hours.until')}</th>
              <th>{t('hours.reason')}</th>
              <th>{t('hours.setBy')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {data.overrides.map((o) => (
              <tr key={o.id}>
                <td>{o.user || t('hours.everyone')}</td>
                <td>{localTime(o.until)}</td>
                <td>{o.reason}</td>
                <td>{o.setBy}</td>
                <td>
                  <button type="button" class="small" onClick={() => run(api.del('/api/admin/hours/overrides.json', { id: o.id }))}>
                    {t('hours.revoke')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          run(api.post('/api/admin/hours/overrides.json', { user: f.user, until: fromLocalInput(f.until), reason: f.reason }));
        }}
      >
        <label for="ov-user">{t('hours.user')}</label>
        <input id="ov-user" value={f.user} onInput={(e) => setF({ ...f, user: (e.target as HTMLInputElement).value })} />
        <label for="ov-until">{t('hours.until')}</label>
        <input id="ov-until" type="datetime-local" value={f.until} onInput={(e) => setF({ ...f, until: (e.target as HTMLInputElement).value })} />
        <label for="ov-reason">{t('hours.reason')}</label>
        <input id="ov-reason" value={f.reason} onInput={(e) => setF({ ...f, reason: (e.target as HTMLInputElement).value })} />
        <p>
          <button type="submit">{t('hours.add')}</button>
        </p>
      </form>
    </div>
  );
}

function Holidays() {
  const [year, setYear] = useState(new Date().getFullYear());
  const [list, setList] = useState<{ date: string; name: string }[]>([]);
  useEffect(() => {
    api.get<{ holidays: { date: string; name: string }[] }>('/api/hours/holidays.json', { year }).then(
      (r) => setList(r.holidays),
      () => setList([]),
    );
  }, [year]);
  return (
    <div class="card">
      <h2>{t('hours.holidays')}</h2>
      <label for="hol-year">{t('hours.year')}</label>
      <input id="hol-year" type="number" min={1980} max={2099} value={year} onInput={(e) => setYear(Number((e.target as HTMLInputElement).value) || year)} />
      <ul class="hours-holidays">
        {list.map((h) => (
          <li key={h.date}>
            {h.date} {h.name}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function HoursAdmin() {
  useLang();
  const [data, setData] = useState<HoursAdminData | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [gen, setGen] = useState(0);
  const load = () =>
    api.get<HoursAdminData>('/api/admin/hours.json').then(
      (d) => {
        setData(d);
        setGen((g) => g + 1);
      },
      setError,
    );
  useEffect(() => void load(), []);
  if (error) return <ErrorMessage error={error} />;
  if (!data) return null;
  return (
    <div class="hours-admin">
      <p class="notice">{data.enforced ? t('hours.enforcedOn') : t('hours.enforcedOff')}</p>
      <h2>{t('hours.calendars')}</h2>
      <p class="muted">{t('hours.calendarsLead')}</p>
      {data.calendars.map((c) => (
        <CalendarEditor key={`${c.id}-${gen}`} cal={c} onSaved={load} />
      ))}
      <CalendarEditor key={`new-${gen}`} cal={null} onSaved={load} />
      <Assignments data={data} onSaved={load} />
      <Overrides data={data} onSaved={load} />
      <Holidays />
    </div>
  );
}
