// The filter builder: groups of conditions (field, an operator the field's type takes,
// a value), conditions in a group joined by "all" or "any", groups joined likewise. It
// writes the query language and shows the text, which may be edited by hand too: text
// the builder can show is read back into it; other text is kept as typed. Applying runs
// it; the server's message explains a mistake.
import { useState } from 'preact/hooks';
import type { Properties } from '../../api/types';
import { t } from '../../i18n';
import { FilterValue } from './FilterValue';
import {
  filterText, opsFor, parseFilter, parseSort, queryFields, sortText, splitQuery,
  type Cond, type Conj, type Filter, type Op, type SortKey,
} from './queryBuild';

const DATE_OPS = new Set(['DATE', 'DATETIME', 'CREATED_TIME', 'UPDATED_TIME', 'TIME']);

function fullText(cond: string, sort: SortKey[]): string {
  return [cond, sort.length ? `order by ${sortText(sort)}` : ''].filter(Boolean).join(' ');
}

export function FilterBuilder(p: {
  props: Properties;
  filter: string;
  sort: SortKey[];
  onApply: (filter: string, sort: SortKey[]) => void;
  onClose: () => void;
}) {
  const [text, setText] = useState(() => fullText(p.filter, p.sort));
  const [model, setModel] = useState<Filter | null>(() => parseFilter(p.filter));
  const fields = queryFields(p.props).filter((f) => opsFor(f.prop.type, !!f.table).length > 0);
  const fieldOf = (code: string) => fields.find((f) => f.prop.code === code);

  const setFromModel = (m: Filter) => {
    setModel(m);
    setText(fullText(filterText(m), parseSort(splitQuery(text).sort)));
  };
  const setFromText = (s: string) => {
    setText(s);
    setModel(parseFilter(splitQuery(s).cond));
  };
  const newCond = (): Cond => {
    const f = fields[0];
    return { field: f?.prop.code || '', op: f ? opsFor(f.prop.type, !!f.table)[0] : '=', values: [] };
  };
  const m = model;
  const updGroup = (gi: number, fn: (conds: Cond[]) => Cond[], conj?: Conj) =>
    m && setFromModel({ ...m, groups: m.groups.map((g, i) => (i === gi ? { conj: conj || g.conj, conds: fn(g.conds) } : g)).filter((g) => g.conds.length > 0) });
  const updCond = (gi: number, ci: number, c: Partial<Cond>) => updGroup(gi, (conds) => conds.map((x, i) => (i === ci ? { ...x, ...c } : x)));

  const apply = (e: Event) => {
    e.preventDefault();
    const q = splitQuery(text);
    p.onApply(q.cond, parseSort(q.sort));
  };

  return (
    <form class="filter-builder" onSubmit={apply} aria-labelledby="filter-title">
      <h2 id="filter-title" class="sr-only">
        {t('filter.title')}
      </h2>
      {m ? (
        <div class="filter-groups">
          {m.groups.length === 0 && <p class="muted">{t('filter.none')}</p>}
          {m.groups.map((g, gi) => (
            <div key={gi} class="filter-group-wrap">
              {gi > 0 && (
                <div class="group-joiner">
                  <select aria-label={t('filter.betweenGroups')} value={m.conj} onChange={(e) => setFromModel({ ...m, conj: e.currentTarget.value as Conj })}>
                    <option value="and">{t('filter.and')}</option>
                    <option value="or">{t('filter.or')}</option>
                  </select>
                </div>
              )}
              <fieldset class="filter-group">
                <legend>{t('filter.group', { n: gi + 1 })}</legend>
                {g.conds.length > 1 && (
                  <label class="inline">
                    {t('filter.match')}
                    <select value={g.conj} onChange={(e) => updGroup(gi, (c) => c, e.currentTarget.value as Conj)}>
                      <option value="and">{t('filter.all')}</option>
                      <option value="or">{t('filter.any')}</option>
                    </select>
                  </label>
                )}
                {g.conds.map((c, ci) => {
                  const f = fieldOf(c.field);
                  const ops = f ? opsFor(f.prop.type, !!f.table) : [];
                  const id = `fc-${gi}-${ci}`;
                  return (
                    <div key={ci} class="cond-row">
                      <span class="cond-joiner" aria-hidden={ci === 0 || undefined}>
                        {ci > 0 && (g.conj === 'and' ? t('filter.andShort') : t('filter.orShort'))}
                      </span>
                      <select
                        aria-label={t('filter.field')}
                        value={c.field}
                        onChange={(e) => {
                          const nf = fieldOf(e.currentTarget.value);
                          const nops = nf ? opsFor(nf.prop.type, !!nf.table) : [];
                          updCond(gi, ci, { field: e.currentTarget.value, op: nops.includes(c.op) ? c.op : nops[0], values: [] });
                        }}
                      >
                        {!f && <option value={c.field}>{c.field}</option>}
                        {fields.map((x) => (
                          <option key={x.prop.code} value={x.prop.code}>
                            {x.table ? `${x.table.label}: ${x.prop.label}` : x.prop.label}
                          </option>
                        ))}
                      </select>
                      <select aria-label={t('filter.operator')} value={c.op} onChange={(e) => updCond(gi, ci, { op: e.currentTarget.value as Op })}>
                        {!ops.includes(c.op) && <option value={c.op}>{c.op}</option>}
                        {ops.map((o) => (
                          <option key={o} value={o}>
                            {t(f && DATE_OPS.has(f.prop.type) && !['in', 'not in'].includes(o) ? `filter.opDate.${o}` : `filter.op.${o}`)}
                          </option>
                        ))}
                      </select>
                      {f && <FilterValue id={id} prop={f.prop} op={c.op} values={c.values} onChange={(values) => updCond(gi, ci, { values })} />}
                      <button type="button" class="small icon-button" aria-label={t('filter.removeCond')} title={t('filter.removeCond')} onClick={() => updGroup(gi, (cs) => cs.filter((_, i) => i !== ci))}>
                        ×
                      </button>
                    </div>
                  );
                })}
                <button type="button" class="small" onClick={() => updGroup(gi, (cs) => [...cs, newCond()])}>
                  {t('filter.addCond')}
                </button>
              </fieldset>
            </div>
          ))}
          <button type="button" class="small" onClick={() => setFromModel({ ...m, groups: [...m.groups, { conj: 'and', conds: [newCond()] }] })}>
            {m.groups.length ? t('filter.addGroup') : t('filter.addFirst')}
          </button>
        </div>
      ) : (
        <div class="warn-banner">
          <p>{t('filter.textOnly')}</p>
          <button type="button" class="small" onClick={() => setFromModel({ conj: 'and', groups: [] })}>
            {t('filter.startOver')}
          </button>
        </div>
      )}
      <label for="query-text">{t('filter.queryText')}</label>
      <textarea id="query-text" class="query-text" rows={2} spellcheck={false} aria-describedby="query-hint" value={text} onInput={(e) => setFromText(e.currentTarget.value)} />
      <p id="query-hint" class="hint">
        {t('filter.queryHint')}
      </p>
      <div class="form-actions">
        <button type="button" onClick={p.onClose}>
          {t('common.close')}
        </button>
        <button type="button" onClick={() => setFromText('')}>
          {t('filter.clear')}
        </button>
        <button type="submit" class="primary">
          {t('filter.apply')}
        </button>
      </div>
    </form>
  );
}
