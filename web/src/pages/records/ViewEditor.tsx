// Saving the list as it is now (columns, filter, sort) as a view, editing a saved view,
// making a calendar view, or deleting one. Views belong to the app, so this is for
// people who manage it; the dialog says that everyone sees the change, which takes effect
// at once (the app's settings are deployed, pending form changes included).
import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api/client';
import type { View } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { t } from '../../i18n';
import { fieldOrder, type AppMeta, type ViewMap } from './appMeta';
import { ColumnChooser } from './ColumnChooser';
import { FieldSelect } from './FieldSelect';
import { sortText, type SortKey } from './queryBuild';

const DATE_TYPES = ['DATE', 'DATETIME', 'CREATED_TIME', 'UPDATED_TIME'];

/** Changes the app's views in preview and deploys them; returns the saved views' ids by name. */
export async function changeViews(app: string, change: (views: ViewMap) => ViewMap): Promise<Record<string, { id: string }>> {
  const cur = await api.get<{ views: ViewMap }>('/k/v1/preview/app/views.json', { app });
  const r = await api.put<{ views: Record<string, { id: string }> }>('/k/v1/preview/app/views.json', { app, views: change(cur.views) });
  await api.post('/k/v1/preview/app/deploy.json', { apps: [{ app }] });
  for (let i = 0; i < 100; i++) {
    const s = await api.get<{ apps: { status: string; error?: { message?: string } }[] }>('/k/v1/preview/app/deploy.json', { apps: [app] });
    const st = s.apps[0];
    if (st?.status === 'SUCCESS') return r.views;
    if (st && st.status !== 'PROCESSING') throw new ApiError(400, 'DEPLOY', st.error?.message || t('views.deployFailed'));
    await new Promise((ok) => setTimeout(ok, 200));
  }
  throw new ApiError(0, 'DEPLOY', t('views.deployFailed'));
}

export function ViewEditor(p: {
  meta: AppMeta;
  views: View[];
  /** The saved view being edited, or null to save a new one. */
  editing: View | null;
  columns: string[];
  filter: string;
  sort: SortKey[];
  onClose: () => void;
  onSaved: (viewId: string | null) => void;
}) {
  const e = p.editing;
  const props = p.meta.props;
  const order = fieldOrder(props, p.meta.layout);
  const [name, setName] = useState(e?.name || '');
  const [type, setType] = useState<'LIST' | 'CALENDAR'>(e?.type || 'LIST');
  const [columns, setColumns] = useState<string[]>(p.columns);
  const dates = order.filter((c) => DATE_TYPES.includes(props[c].type));
  const titles = order.filter((c) => props[c].type !== 'SUBTABLE');
  const [date, setDate] = useState(e?.date || dates[0] || '');
  const [title, setTitle] = useState(e?.title || titles.find((c) => props[c].type === 'SINGLE_LINE_TEXT') || titles[0] || '');
  const [first, setFirst] = useState(!!e && p.views[0]?.name === e.name);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const taken = p.views.some((v) => v.name === name.trim() && v.name !== e?.name);

  const save = async (ev: Event) => {
    ev.preventDefault();
    const n = name.trim();
    if (!n || taken) return;
    setSaving(true);
    setError(null);
    try {
      const ids = await changeViews(p.meta.app.appId, (views) => {
        const next: ViewMap = { ...views };
        if (e && e.name !== n) delete next[e.name];
        const ordered = Object.values(next)
          .filter((v) => v.name !== n)
          .sort((a, b) => Number(a.index) - Number(b.index));
        const view: View =
          type === 'LIST'
            ? { type, name: n, index: '0', fields: columns, filterCond: p.filter, sort: sortText(p.sort) }
            : { type, name: n, index: '0', date, title, filterCond: p.filter, sort: '' };
        const at = first ? 0 : e ? Math.min(Math.max(0, p.views.findIndex((v) => v.name === e.name)), ordered.length) : ordered.length;
        ordered.splice(at, 0, view);
        const out: ViewMap = {};
        ordered.forEach((v, i) => {
          const { id: _id, ...rest } = v;
          out[v.name] = { ...rest, index: String(i) };
        });
        return out;
      });
      p.onSaved(ids[n]?.id || null);
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (!e) return;
    setSaving(true);
    setError(null);
    try {
      await changeViews(p.meta.app.appId, (views) => {
        const next = { ...views };
        delete next[e.name];
        for (const v of Object.values(next)) delete v.id;
        return next;
      });
      p.onSaved(null);
    } catch (err) {
      setError(err);
      setConfirmDelete(false);
    } finally {
      setSaving(false);
    }
  };

  const viewErrors = error instanceof ApiError ? Object.values(error.errors).flatMap((x) => x.messages) : [];
  return (
    <Dialog title={e ? t('views.editTitle') : t('views.saveTitle')} open onClose={p.onClose} wide>
      <form onSubmit={save} class="view-editor">
        <p class="info-banner">{t('views.everyone')}</p>
        <ErrorMessage error={error} />
        {viewErrors.map((m) => (
          <p key={m} class="field-error">
            {m}
          </p>
        ))}
        <label for="view-name">{t('views.name')}</label>
        <input id="view-name" required maxLength={64} value={name} aria-invalid={taken || undefined} aria-describedby={taken ? 'view-name-taken' : undefined} onInput={(x) => setName(x.currentTarget.value)} />
        {taken && (
          <p id="view-name-taken" class="field-error">
            {t('views.nameTaken')}
          </p>
        )}
        <fieldset>
          <legend>{t('views.type')}</legend>
          <label class="choice-item">
            <input type="radio" name="view-type" checked={type === 'LIST'} onChange={() => setType('LIST')} />
            {t('views.typeList')}
          </label>
          <label class="choice-item">
            <input type="radio" name="view-type" checked={type === 'CALENDAR'} disabled={dates.length === 0} onChange={() => setType('CALENDAR')} />
            {t('views.typeCalendar')}
          </label>
        </fieldset>
        {type === 'LIST' ? (
          <ColumnChooser props={props} order={order} value={columns} onChange={setColumns} />
        ) : (
          <div class="two-cols">
            <FieldSelect id="view-date" label={t('views.dateField')} codes={dates} props={props} value={date} onChange={setDate} />
            <FieldSelect id="view-title" label={t('views.titleField')} codes={titles} props={props} value={title} onChange={setTitle} />
          </div>
        )}
        <dl class="view-query">
          <dt>{t('views.filter')}</dt>
          <dd>
            <code>{p.filter || t('views.noFilter')}</code>
          </dd>
          {type === 'LIST' && (
            <>
              <dt>{t('views.sort')}</dt>
              <dd>
                <code>{sortText(p.sort) || t('views.defaultSort')}</code>
              </dd>
            </>
          )}
        </dl>
        <label class="choice-item">
          <input type="checkbox" checked={first} onChange={(x) => setFirst(x.currentTarget.checked)} />
          {t('views.makeDefault')}
        </label>
        <div class="dialog-footer">
          {e && (
            <button type="button" class="danger-outline push-left" disabled={saving} onClick={() => setConfirmDelete(true)}>
              {t('views.delete')}
            </button>
          )}
          <button type="button" onClick={p.onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" class="primary" disabled={saving || !name.trim() || taken}>
            {saving ? t('views.saving') : t('views.save')}
          </button>
        </div>
        {confirmDelete && (
          <div class="confirm-inline" role="alertdialog" aria-labelledby="view-del-q">
            <p id="view-del-q">{t('views.deleteConfirm', { name: e?.name || '' })}</p>
            <button type="button" onClick={() => setConfirmDelete(false)}>
              {t('common.cancel')}
            </button>
            <button type="button" class="danger" disabled={saving} onClick={remove}>
              {t('views.deleteYes')}
            </button>
          </div>
        )}
      </form>
    </Dialog>
  );
}
