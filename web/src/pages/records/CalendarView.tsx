// A calendar view: the month's records placed on the day of the view's date field, each
// shown by its title field and linking to the record; previous, next and this month.
// On a phone the grid becomes a list of the days that have records.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import type { KRecord, View } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Spinner } from '../../components/Spinner';
import { t } from '../../i18n';
import { onLinkClick } from '../../router';
import type { AppMeta } from './appMeta';
import { formatDate, formatMonth, valueText, weekdayNames } from './fields/format';
import { localDate } from './fields/values';
import { andAll } from './queryBuild';

const pad = (n: number) => String(n).padStart(2, '0');
const LIMIT = 500;

export function CalendarView({ meta, view, cond }: { meta: AppMeta; view: View; cond: string }) {
  const now = new Date();
  const [ym, setYm] = useState({ y: now.getFullYear(), m: now.getMonth() + 1 });
  const [records, setRecords] = useState<KRecord[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const dateField = view.date || '';
  const dateProp = meta.props[dateField];
  const titleProp = meta.props[view.title || ''];
  const days = new Date(ym.y, ym.m, 0).getDate();
  const first = `${ym.y}-${pad(ym.m)}-01`;
  const last = `${ym.y}-${pad(ym.m)}-${pad(days)}`;

  const load = async () => {
    setError(null);
    setRecords(null);
    try {
      const range = `${dateField} >= "${first}" and ${dateField} <= "${last}"`;
      const q = `${andAll([cond, range])} order by ${dateField} asc limit ${LIMIT}`;
      const r = await api.get<{ records: KRecord[] }>('/k/v1/records.json', { app: meta.app.appId, query: q, fields: ['$id', dateField, view.title || dateField] });
      setRecords(r.records);
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => void load(), [ym.y, ym.m, cond, view.id]);

  const byDay = new Map<string, KRecord[]>();
  for (const r of records || []) {
    const v = r[dateField]?.value as string | null;
    if (!v) continue;
    const day = dateProp?.type === 'DATE' ? v : localDate(new Date(v));
    const list = byDay.get(day) || [];
    list.push(r);
    byDay.set(day, list);
  }
  const shift = (d: number) => {
    const m = ym.m + d;
    setYm({ y: ym.y + Math.floor((m - 1) / 12), m: ((((m - 1) % 12) + 12) % 12) + 1 });
  };
  const lead = new Date(ym.y, ym.m - 1, 1).getDay();
  const cells: (number | null)[] = [...Array(lead).fill(null), ...Array.from({ length: days }, (_, i) => i + 1)];
  while (cells.length % 7) cells.push(null);
  const weeks: (number | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  const today = localDate();
  const names = weekdayNames();
  const month = formatMonth(ym.y, ym.m);

  return (
    <section class="calendar" aria-labelledby="cal-title">
      <div class="calendar-head">
        <button type="button" onClick={() => shift(-1)} aria-label={t('cal.prev')}>
          ‹ <span class="hide-narrow">{t('cal.prevShort')}</span>
        </button>
        <h2 id="cal-title" aria-live="polite">
          {month}
        </h2>
        <button type="button" onClick={() => shift(1)} aria-label={t('cal.next')}>
          <span class="hide-narrow">{t('cal.nextShort')}</span> ›
        </button>
        <button type="button" class="small" onClick={() => setYm({ y: now.getFullYear(), m: now.getMonth() + 1 })}>
          {t('cal.today')}
        </button>
        <span class="muted cal-legend">{t('cal.legend', { date: dateProp?.label || dateField, title: titleProp?.label || '' })}</span>
      </div>
      <ErrorMessage error={error} onRetry={load} />
      {!records && !error && <Spinner />}
      {records && records.length >= LIMIT && <p class="hint">{t('cal.truncated', { n: LIMIT })}</p>}
      {records && (
        <table class="calendar-grid">
          <caption class="sr-only">{month}</caption>
          <thead>
            <tr>
              {names.map((n, i) => (
                <th key={n} scope="col" class={i === 0 ? 'sun' : i === 6 ? 'sat' : ''}>
                  {n}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((w, wi) => (
              <tr key={wi}>
                {w.map((d, i) => {
                  if (d === null) return <td key={i} class="day blank" aria-hidden="true" />;
                  const key = `${ym.y}-${pad(ym.m)}-${pad(d)}`;
                  const list = byDay.get(key) || [];
                  const cls = ['day', key === today ? 'today' : '', list.length ? '' : 'no-entries', i === 0 ? 'sun' : i === 6 ? 'sat' : ''].filter(Boolean).join(' ');
                  return (
                    <td key={i} class={cls}>
                      <div class="day-num">
                        <span aria-hidden="true">{d}</span>
                        <span class="sr-only">{formatDate(key)}</span>
                        <span class="day-name" aria-hidden="true">
                          {names[i]}
                        </span>
                      </div>
                      {list.length > 0 && (
                        <ul class="entries">
                          {list.map((r) => {
                            const text = valueText(r[view.title || ''], titleProp) || t('cal.untitled');
                            return (
                              <li key={r.$id.value}>
                                <a href={`/apps/${meta.app.appId}/records/${r.$id.value}`} onClick={onLinkClick} title={text}>
                                  {text}
                                </a>
                              </li>
                            );
                          })}
                        </ul>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {records && records.length === 0 && <p class="muted">{t('cal.empty')}</p>}
    </section>
  );
}
