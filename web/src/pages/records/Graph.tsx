// Graphs of the current filter: a count, sum or average grouped by a field (dates by
// year, month or day), as bars, a line or a pie, drawn as SVG by hand. Each graph has a
// title and a description for screen readers, and its numbers in a table below.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import type { FieldType } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Spinner } from '../../components/Spinner';
import { t } from '../../i18n';
import { fieldOrder, useUsers, type AppMeta } from './appMeta';
import { FieldSelect } from './FieldSelect';
import { formatNumberValue } from './fields/format';
import { BarLineChart, PieChart, type Datum } from './GraphSvg';

type Kind = 'bar' | 'line' | 'pie';
type Func = 'COUNT' | 'SUM' | 'AVG';

const NO_GROUP = new Set<FieldType>(['SUBTABLE', 'FILE', 'RICH_TEXT', 'MULTI_LINE_TEXT', '__ID__', '__REVISION__']);
const DATE_TYPES = new Set<FieldType>(['DATE', 'DATETIME', 'CREATED_TIME', 'UPDATED_TIME']);
const USER_TYPES = new Set<FieldType>(['USER_SELECT', 'CREATOR', 'MODIFIER']);
const PREFERRED: FieldType[] = ['DROP_DOWN', 'RADIO_BUTTON', 'CHECK_BOX', 'MULTI_SELECT', 'USER_SELECT', 'SINGLE_LINE_TEXT', 'DATE'];

interface Group {
  key: string | null;
  count: string;
  value?: string | null;
}

export function Graph({ meta, cond }: { meta: AppMeta; cond: string }) {
  const props = meta.props;
  const order = fieldOrder(props, meta.layout);
  const groupable = order.filter((c) => !NO_GROUP.has(props[c].type));
  const numbers = order.filter((c) => props[c].type === 'NUMBER');
  const initialGroup = PREFERRED.map((ty) => groupable.find((c) => props[c].type === ty)).find(Boolean) || groupable[0] || '';
  const [kind, setKind] = useState<Kind>('bar');
  const [group, setGroup] = useState(initialGroup);
  const [period, setPeriod] = useState('MONTH');
  const [func, setFunc] = useState<Func>('COUNT');
  const [field, setField] = useState(numbers[0] || '');
  const [result, setResult] = useState<{ key: string; groups: Group[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const users = useUsers();
  const gprop = props[group];
  const isDate = gprop && DATE_TYPES.has(gprop.type);
  const f = func !== 'COUNT' && field ? func : 'COUNT';

  // The data are shown only with the settings that produced them (never a new title on old numbers).
  const key = JSON.stringify([cond, group, isDate ? period : '', f, f !== 'COUNT' ? field : '']);
  const groups = result?.key === key ? result.groups : null;
  const load = async () => {
    if (!group) return;
    setError(null);
    try {
      const r = await api.get<{ groups: Group[] }>('/api/records/aggregate.json', {
        app: meta.app.appId,
        query: cond,
        group,
        period: isDate ? period : undefined,
        func: f,
        field: f !== 'COUNT' ? field : undefined,
      });
      setResult({ key, groups: r.groups });
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => void load(), [key]);

  const label = (k: string | null) => {
    if (k === null || k === '') return t('graph.noValue');
    if (gprop && USER_TYPES.has(gprop.type)) return users.find((u) => u.code === k)?.name || k;
    return k;
  };
  const data: Datum[] = (groups || []).map((g) => ({ label: label(g.key), value: f === 'COUNT' ? Number(g.count) : Number(g.value ?? 0) }));
  const valueProp = f !== 'COUNT' ? props[field] : undefined;
  const fmt = (n: number) => formatNumberValue(String(f === 'AVG' ? Math.round(n * 100) / 100 : n), valueProp ? { digit: true, unit: valueProp.unit, unitPosition: valueProp.unitPosition } : { digit: true });
  const measure = f === 'COUNT' ? t('graph.count') : t(`graph.func.${f}`, { field: valueProp?.label || '' });
  const title = t('graph.title', { measure, group: gprop?.label || '' });

  if (groupable.length === 0) return <p class="muted">{t('graph.noFields')}</p>;
  return (
    <section class="graph" aria-labelledby="graph-heading">
      <h2 id="graph-heading" class="sr-only">
        {t('graph.heading')}
      </h2>
      <div class="graph-settings">
        <div>
          <label for="g-kind">{t('graph.kind')}</label>
          <select id="g-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
            <option value="bar">{t('graph.bar')}</option>
            <option value="line">{t('graph.line')}</option>
            <option value="pie">{t('graph.pie')}</option>
          </select>
        </div>
        <FieldSelect id="g-group" label={t('graph.group')} codes={groupable} props={props} value={group} onChange={setGroup} />
        {isDate && (
          <div>
            <label for="g-period">{t('graph.period')}</label>
            <select id="g-period" value={period} onChange={(e) => setPeriod(e.currentTarget.value)}>
              <option value="YEAR">{t('graph.year')}</option>
              <option value="MONTH">{t('graph.month')}</option>
              <option value="DAY">{t('graph.day')}</option>
            </select>
          </div>
        )}
        <div>
          <label for="g-func">{t('graph.measure')}</label>
          <select id="g-func" value={f} onChange={(e) => setFunc(e.currentTarget.value as Func)}>
            <option value="COUNT">{t('graph.count')}</option>
            {numbers.length > 0 && <option value="SUM">{t('graph.sum')}</option>}
            {numbers.length > 0 && <option value="AVG">{t('graph.avg')}</option>}
          </select>
        </div>
        {f !== 'COUNT' && (
          <FieldSelect id="g-field" label={t('graph.field')} codes={numbers} props={props} value={field} onChange={setField} />
        )}
      </div>
      <ErrorMessage error={error} onRetry={load} />
      {!groups && !error && <Spinner />}
      {groups && groups.length === 0 && <p class="muted">{t('graph.empty')}</p>}
      {groups && groups.length > 0 && (
        <figure class="graph-figure">
          {kind === 'pie' ? (
            <PieChart data={data} title={title} desc={t('graph.desc', { n: data.length })} fmt={fmt} />
          ) : (
            <BarLineChart data={data} line={kind === 'line'} title={title} desc={t('graph.desc', { n: data.length })} fmt={fmt} />
          )}
          <figcaption class="graph-caption">{title}</figcaption>
          <div class="table-wrap">
            <table class="data graph-table">
              <caption>{t('graph.tableCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{gprop?.label}</th>
                  <th scope="col" class="num">
                    {measure}
                  </th>
                  {kind === 'pie' && (
                    <th scope="col" class="num">
                      {t('graph.share')}
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {data.map((d, i) => (
                  <tr key={i}>
                    <th scope="row">{d.label}</th>
                    <td class="num">{fmt(d.value)}</td>
                    {kind === 'pie' && <td class="num">{share(d.value, data)}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </figure>
      )}
    </section>
  );
}

export function share(v: number, data: Datum[]): string {
  const total = data.reduce((s, d) => s + Math.max(0, d.value), 0);
  return total > 0 && v > 0 ? `${((v / total) * 100).toFixed(1)}%` : '—';
}
