// The record list (/apps/:id, ?view=): the app's views, a quick search, the filter
// builder, sortable columns, paging, deleting several records, saving views, calendar
// views, graphs and CSV export; links to add, import and (for managers) the builder.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../../api/client';
import type { KRecord, View } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { DownloadReasonDialog, isDownloadWarning, reasonHeaders } from '../downloads/DownloadReason';
import { Layout } from '../../components/Layout';
import { Spinner } from '../../components/Spinner';
import '../../i18n/messages/records';
import { fireEvent, loadExtensions } from '../../extensions/kintone';
import { formatNumber, t } from '../../i18n';
import { navigate, onLinkClick } from '../../router';
import '../../styles/records.css';
import { fieldOrder, loadViews, useAppMeta } from './appMeta';
import { ColumnChooser } from './ColumnChooser';
import { FilterBuilder } from './FilterBuilder';
import { remember, rememberListUrl, restore, type ListState } from './listState';
import { lazyComponent } from './lazy';
import { Pager } from './Pager';
import { andAll, pageQuery, queryFields, searchText, sortable, TEXT_TYPES } from './queryBuild';
import { ClassBadge } from './ClassBadge';
import { RecordTable } from './RecordTable';
import { ViewPicker } from './ViewPicker';

const CalendarView = lazyComponent(() => import('./CalendarView').then((m) => m.CalendarView));
const Graph = lazyComponent(() => import('./Graph').then((m) => m.Graph));
const ViewEditor = lazyComponent(() => import('./ViewEditor').then((m) => m.ViewEditor));
const ExportDialog = lazyComponent(() => import('./ExportDialog').then((m) => m.ExportDialog));

type DialogName = 'export' | 'delete' | 'saveView' | 'editView' | 'columns' | null;

export function RecordList({ app, view }: { app: string; view?: string }) {
  const { meta, error } = useAppMeta(app);
  const [views, setViews] = useState<View[] | null>(null);
  const [viewsError, setViewsError] = useState<unknown>(null);
  const [state, setState] = useState<ListState | null>(null);
  const [data, setData] = useState<{ records: KRecord[]; total: number; page: number; size: number } | null>(null);
  const [listError, setListError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [filterOpen, setFilterOpen] = useState(false);
  const [graphOpen, setGraphOpen] = useState(false);
  const [dialog, setDialog] = useState<DialogName>(null);
  const [search, setSearch] = useState('');
  const [notice, setNotice] = useState('');
  const [delError, setDelError] = useState<unknown>(null);
  const [reloadKey, setReloadKey] = useState(0);
  // A reason stated after a bulk-download warning (Kuki 第20条); sent with this list's reads.
  const [dlReason, setDlReason] = useState<string | null>(null);
  const [dlAsk, setDlAsk] = useState(false);
  const seq = useRef(0);

  const fetchViews = () => {
    setViewsError(null);
    loadViews(app).then(setViews, setViewsError);
  };
  useEffect(fetchViews, [app]);

  const current: View | undefined = views ? views.find((v) => v.id === view) || views[0] : undefined;
  useEffect(() => rememberListUrl(app, view), [app, view]);
  const calendar = current?.type === 'CALENDAR';

  useEffect(() => {
    if (!meta || !views) return;
    const s = restore(app, current, meta.props, meta.layout);
    setState(s);
    setSearch(s.q);
    setSelected(new Set());
    setData(null);
  }, [meta, views, current?.id]);

  useEffect(() => {
    if (state) remember(app, current, state);
  }, [state]);

  // The quick search runs shortly after typing stops (or at once on Enter).
  useEffect(() => {
    if (!state || search === state.q) return;
    const h = setTimeout(() => setState((s) => s && { ...s, q: search, page: 0 }), 400);
    return () => clearTimeout(h);
  }, [search]);

  const searchCodes = useMemo(() => (meta ? queryFields(meta.props).filter((f) => TEXT_TYPES.has(f.prop.type)).map((f) => f.prop.code) : []), [meta]);
  const cond = state ? andAll([state.filter, searchText(state.q, searchCodes)]) : '';

  useEffect(() => {
    if (!meta || !state || calendar) return;
    const mine = ++seq.current;
    setLoading(true);
    setListError(null);
    const fields = [...state.columns.filter((c) => meta.props[c]), '$id', '$revision'];
    const { page, size } = state;
    api
      .get<{ records: KRecord[]; totalCount: string }>('/k/v1/records.json', {
        app,
        query: pageQuery(cond, state.sort, state.size, state.page * state.size),
        fields,
        totalCount: true,
      }, { headers: reasonHeaders(dlReason) })
      .then(
        (r) => mine === seq.current && setData({ records: r.records, total: Number(r.totalCount), page, size }),
        (e) => {
          if (mine !== seq.current) return;
          setListError(e);
          setData(null);
          setDlAsk(isDownloadWarning(e));
        },
      )
      .finally(() => mine === seq.current && setLoading(false));
  }, [meta, state?.columns, state?.sort, state?.size, state?.page, cond, calendar, reloadKey, dlReason]);

  // The app's approved customisations: loaded with the page, told when the list shows.
  const headerSpace = useRef<HTMLDivElement>(null);
  useEffect(() => void loadExtensions(app), [app]);
  useEffect(() => {
    if (!data || !state) return;
    void fireEvent(app, 'app.record.index.show', { records: data.records, viewId: view ?? null, offset: data.page * data.size, size: data.size }, { header: headerSpace.current });
  }, [data]);

  const rights = meta?.rights;
  const update = (patch: Partial<ListState>) => setState((s) => s && { ...s, ...patch });
  const onSort = (code: string) =>
    setState((s) => {
      if (!s) return s;
      const dir = s.sort[0]?.field === code && s.sort[0].dir === 'asc' ? 'desc' : 'asc';
      return { ...s, sort: [{ field: code, dir }], page: 0 };
    });
  const onSelect = (ids: string[], on: boolean) =>
    setSelected((old) => {
      const next = new Set(old);
      ids.forEach((id) => (on ? next.add(id) : next.delete(id)));
      return next;
    });

  const removeSelected = async () => {
    setDelError(null);
    try {
      const ids = [...selected];
      await api.del('/k/v1/records.json', { app, ids });
      setDialog(null);
      setSelected(new Set());
      setNotice(t('list.deleted', { n: ids.length }));
      setReloadKey((k) => k + 1);
    } catch (e) {
      setDelError(e);
    }
  };

  const viewSaved = (id: string | null) => {
    setDialog(null);
    setNotice(id ? t('views.saved') : t('views.deleted'));
    loadViews(app).then((v) => {
      setViews(v);
      navigate(id ? `/apps/${app}?view=${id}` : `/apps/${app}`, true);
    }, setViewsError);
  };

  const queryMessages = listError instanceof ApiError ? listError.fieldMessages('query') : [];
  const title = meta?.app.name || t('list.title');
  const actions = rights && (
    <>
      <ClassBadge app={app} />
      {rights.add && (
        <a class="button primary" href={`/apps/${app}/records/new`} onClick={onLinkClick}>
          {t('list.add')}
        </a>
      )}
      {rights.add && (
        <a class="button" href={`/apps/${app}/import`} onClick={onLinkClick}>
          {t('list.import')}
        </a>
      )}
      {rights.export && (
        <button type="button" onClick={() => setDialog('export')}>
          {t('list.export')}
        </button>
      )}
      {rights.manage && (
        <a class="button" href={`/apps/${app}/builder`} onClick={onLinkClick}>
          {t('list.settings')}
        </a>
      )}
    </>
  );

  const failure = error || viewsError;
  if (failure || !meta || !rights || !views || !state) {
    return (
      <Layout title={title} actions={actions}>
        {failure ? <ErrorMessage error={failure} /> : <Spinner />}
      </Layout>
    );
  }

  const filterCount = state.filter ? (state.filter.match(/\b(?:and|or)\b/gi) || []).length + 1 : 0;
  const sortOptions = state.columns.filter((c) => meta.props[c] && sortable(meta.props[c].type));

  return (
    <Layout title={title} actions={actions}>
      {meta.app.description && <p class="app-description muted">{meta.app.description}</p>}
      {notice && (
        <p class="success" role="status">
          {notice}
          <button type="button" class="link-button" onClick={() => setNotice('')} aria-label={t('list.dismiss')} title={t('list.dismiss')}>
            ×
          </button>
        </p>
      )}
      <div class="customize-header-space" id="daicho-header-space" ref={headerSpace} />
      <section class="card list-card" aria-label={t('list.records')}>
        <div class="list-toolbar">
          <ViewPicker app={app} views={views} current={current} />
          {rights.manage && current && (
            <button type="button" class="small" onClick={() => setDialog('editView')}>
              {t('views.edit')}
            </button>
          )}
          <div class="toolbar-spacer" />
          <input
            type="search"
            class="search quick-search"
            aria-label={t('list.searchLabel')}
            placeholder={t('list.searchPlaceholder')}
            value={search}
            onInput={(e) => setSearch(e.currentTarget.value)}
            onKeyDown={(e) => e.key === 'Enter' && update({ q: search, page: 0 })}
          />
        </div>
        <div class="list-toolbar secondary">
          <button type="button" aria-expanded={filterOpen} aria-controls="filter-panel" class={state.filter ? 'active' : ''} onClick={() => setFilterOpen(!filterOpen)}>
            {t('list.filter')}
            {filterCount > 0 && <span class="count-badge">{filterCount}</span>}
          </button>
          {!calendar && (
            <button type="button" onClick={() => setDialog('columns')}>
              {t('list.columns')}
            </button>
          )}
          {!calendar && (
            <button type="button" aria-pressed={graphOpen} onClick={() => setGraphOpen(!graphOpen)}>
              {t('list.graph')}
            </button>
          )}
          {rights.manage && (
            <button type="button" onClick={() => setDialog('saveView')}>
              {t('views.saveAs')}
            </button>
          )}
          {!calendar && sortOptions.length > 0 && (
            <label class="inline mobile-sort">
              {t('list.sort')}
              <select
                value={state.sort[0] ? `${state.sort[0].field} ${state.sort[0].dir}` : ''}
                onChange={(e) => {
                  const [field, dir] = e.currentTarget.value.split(' ');
                  update({ sort: field ? [{ field, dir: dir === 'asc' ? 'asc' : 'desc' }] : [], page: 0 });
                }}
              >
                <option value="">{t('list.sortDefault')}</option>
                {sortOptions.flatMap((c) =>
                  ['asc', 'desc'].map((d) => (
                    <option key={`${c} ${d}`} value={`${c} ${d}`}>
                      {meta.props[c].label} {d === 'asc' ? '▲' : '▼'}
                    </option>
                  )),
                )}
              </select>
            </label>
          )}
        </div>
        {state.filter && !filterOpen && (
          <p class="filter-summary">
            <span class="muted">{t('list.filtered')}</span> <code>{state.filter}</code>
            <button type="button" class="link-button" onClick={() => update({ filter: '', page: 0 })}>
              {t('list.clearFilter')}
            </button>
          </p>
        )}
        <div id="filter-panel" hidden={!filterOpen}>
          {filterOpen && (
            <FilterBuilder
              key={`${state.filter}|${JSON.stringify(state.sort)}`}
              props={meta.props}
              filter={state.filter}
              sort={state.sort}
              onClose={() => setFilterOpen(false)}
              onApply={(filter, sort) => update({ filter, sort, page: 0 })}
            />
          )}
        </div>
        {dlAsk && isDownloadWarning(listError) && (
          <DownloadReasonDialog
            error={listError}
            onCancel={() => setDlAsk(false)}
            onSubmit={(reason) => {
              setDlAsk(false);
              setDlReason(reason);
              setReloadKey((k) => k + 1);
            }}
          />
        )}
        {listError && (
          <div class="query-error">
            <ErrorMessage error={listError} onRetry={listError instanceof ApiError && listError.status === 400 ? undefined : () => setReloadKey((k) => k + 1)} />
            {queryMessages.map((m) => (
              <p key={m} class="field-error">
                {m}
              </p>
            ))}
          </div>
        )}
        {graphOpen && !calendar && <Graph meta={meta} cond={cond} />}
        {calendar && current ? (
          <CalendarView meta={meta} view={current} cond={cond} />
        ) : (
          <>
            {selected.size > 0 && (
              <div class="selection-bar" role="region" aria-label={t('list.selection')}>
                <span>{t('list.selected', { n: selected.size })}</span>
                <button type="button" class="danger" onClick={() => setDialog('delete')}>
                  {t('list.deleteSelected', { n: selected.size })}
                </button>
                <button type="button" class="link-button" onClick={() => setSelected(new Set())}>
                  {t('list.clearSelection')}
                </button>
              </div>
            )}
            {!data && !listError && <Spinner />}
            {data && data.records.length === 0 && <p class="empty-list muted">{cond ? t('list.noMatch') : t('list.empty')}</p>}
            {data && data.records.length > 0 && (
              <div class={loading ? 'list-body loading' : 'list-body'} aria-busy={loading}>
                <RecordTable
                  app={app}
                  props={meta.props}
                  columns={state.columns}
                  records={data.records}
                  sort={state.sort}
                  onSort={onSort}
                  selectable={rights.delete}
                  selected={selected}
                  onSelect={onSelect}
                />
              </div>
            )}
            {data && data.total > 0 && (
              <Pager total={data.total} page={data.page} size={data.size} onPage={(page) => update({ page })} onSize={(size) => update({ size, page: 0 })} />
            )}
          </>
        )}
      </section>

      <Dialog title={t('list.deleteTitle')} open={dialog === 'delete'} onClose={() => setDialog(null)}>
        <p>{t('list.deleteBody', { n: formatNumber(String(selected.size)) })}</p>
        <ErrorMessage error={delError} />
        <div class="dialog-footer">
          <button type="button" onClick={() => setDialog(null)}>
            {t('common.cancel')}
          </button>
          <button type="button" class="danger" onClick={removeSelected}>
            {t('list.deleteYes', { n: selected.size })}
          </button>
        </div>
      </Dialog>
      <Dialog title={t('cols.title')} open={dialog === 'columns'} onClose={() => setDialog(null)}>
        {dialog === 'columns' && (
          <ColumnChooser props={meta.props} order={fieldOrder(meta.props, meta.layout)} value={state.columns} onChange={(columns) => update({ columns })} />
        )}
        <p class="hint">{rights.manage ? t('cols.hintManager') : t('cols.hint')}</p>
        <div class="dialog-footer">
          <button type="button" class="primary" onClick={() => setDialog(null)}>
            {t('common.close')}
          </button>
        </div>
      </Dialog>
      {dialog === 'export' && (
        <ExportDialog app={app} props={meta.props} cond={cond} sort={state.sort} columns={state.columns} total={data?.total ?? null} onClose={() => setDialog(null)} />
      )}
      {(dialog === 'saveView' || dialog === 'editView') && (
        <ViewEditor
          meta={meta}
          views={views}
          editing={dialog === 'editView' ? current || null : null}
          columns={state.columns}
          filter={state.filter}
          sort={state.sort}
          onClose={() => setDialog(null)}
          onSaved={viewSaved}
        />
      )}
    </Layout>
  );
}
