// The record page (/apps/:id/records/:rid) and the new-record page (/records/new,
// ?copy=rid to start from a copy): the record in its form's layout, editing, duplicating
// and deleting it, and beside it the comments and the revision history.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../../api/client';
import type { KRecord } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { isDownloadWarning, ReasonForm, reasonHeaders } from '../downloads/DownloadReason';
import { Layout } from '../../components/Layout';
import { Spinner } from '../../components/Spinner';
import '../../i18n/messages/records';
import { t } from '../../i18n';
import { navigate, onLinkClick } from '../../router';
import { session } from '../../session';
import '../../styles/records.css';
import { SYSTEM_TYPES, useAppMeta, type AppMeta } from './appMeta';
import { FieldDisplay } from './fields/FieldDisplay';
import { newValues, recordValues } from './fields/values';
import { FormLayout } from './FormLayout';
import { lazyComponent } from './lazy';
import { listUrl } from './listState';
import { RecordForm } from './RecordForm';
import { fireEvent } from '../../extensions/kintone';

const Comments = lazyComponent(() => import('./Comments').then((m) => m.Comments));
const History = lazyComponent(() => import('./History').then((m) => m.History));

export function RecordDetail({ app, id, copyOf }: { app: string; id?: string; copyOf?: string }) {
  const { meta, error } = useAppMeta(app);
  const [rec, setRec] = useState<KRecord | null>(null);
  const [recError, setRecError] = useState<unknown>(null);
  const [editing, setEditing] = useState(!id);
  const [notice, setNotice] = useState('');
  const [confirm, setConfirm] = useState(false);
  const [delError, setDelError] = useState<unknown>(null);
  const [tab, setTab] = useState<'comments' | 'history'>('comments');
  const [version, setVersion] = useState(0);
  const source = id || copyOf;

  const load = async (reason: string | null = null) => {
    if (!source) return;
    setRecError(null);
    try {
      const r = await api.get<{ record: KRecord }>('/k/v1/record.json', { app, id: source }, { headers: reasonHeaders(reason) });
      setRec(r.record);
      setVersion((v) => v + 1);
    } catch (e) {
      setRecError(e);
    }
  };
  useEffect(() => void load(), [app, source]);
  // The app's approved customisations are told when a record is shown (not while editing).
  useEffect(() => {
    if (rec && id && !editing) void fireEvent(app, 'app.record.detail.show', { record: rec, recordId: Number(id) }, { record: id });
  }, [rec, version, editing]);

  const initial = useMemo(() => {
    if (!meta) return null;
    if (!source) return newValues(meta.props, session()?.user);
    return rec ? recordValues(meta.props, rec, !id) : null;
  }, [meta, rec, version]);

  const appName = meta?.app.name || '';
  const listHref = listUrl(app);
  const title = !id ? (copyOf ? t('rec.copyTitle') : t('rec.newTitle')) : editing ? t('rec.editTitle', { id }) : t('rec.recordTitle', { id });
  const crumbs = [{ href: listHref, label: appName || t('rec.list') }];
  const rights = meta?.rights;

  const remove = async () => {
    setDelError(null);
    try {
      await api.del('/k/v1/records.json', { app, ids: [id], revisions: [rec?.$revision?.value] });
      navigate(listHref);
    } catch (e) {
      setDelError(e);
    }
  };

  const actions = id && !editing && rec && rights && (
    <>
      {rights.edit && (
        <button type="button" class="primary" onClick={() => { setNotice(''); setEditing(true); }}>
          {t('common.edit')}
        </button>
      )}
      {rights.add && (
        <a class="button" href={`/apps/${app}/records/new?copy=${id}`} onClick={onLinkClick}>
          {t('rec.duplicate')}
        </a>
      )}
      {rights.delete && (
        <button type="button" class="danger-outline" onClick={() => setConfirm(true)}>
          {t('common.delete')}
        </button>
      )}
    </>
  );

  const body = () => {
    if (!error && isDownloadWarning(recError))
      return <ReasonForm error={recError} onSubmit={(reason) => void load(reason)} onCancel={() => history.back()} />;
    if (error || recError) return <ErrorMessage error={error || recError} onRetry={error ? undefined : () => void load()} />;
    if (!meta || !initial) return <Spinner />;
    if (editing) {
      return (
        <RecordForm
          meta={meta}
          initial={initial}
          id={id}
          revision={id ? (rec?.$revision?.value as string) : undefined}
          onCancel={() => {
            setNotice('');
            if (id) setEditing(false);
            else navigate(listHref);
          }}
          onReload={async () => {
            await load();
            setNotice(t('rec.reloaded'));
          }}
          onSaved={async (newId) => {
            if (id) {
              await load();
              setEditing(false);
              setNotice(t('rec.saved'));
            } else navigate(`/apps/${app}/records/${newId}?saved=1`);
          }}
        />
      );
    }
    return rec && <RecordView meta={meta} rec={rec} />;
  };

  useEffect(() => {
    if (id && new URLSearchParams(location.search).get('saved')) {
      setNotice(t('rec.added'));
      history.replaceState(null, '', location.pathname);
    }
  }, [id]);

  return (
    <Layout title={title} crumbs={crumbs} actions={actions}>
      <div class={id ? 'record-page with-side' : 'record-page'}>
        <div class="record-main">
          {notice && (
            <p class="success" role="status">
              {notice}
            </p>
          )}
          {copyOf && <p class="hint">{t('rec.copyHint', { id: copyOf })}</p>}
          <div class="card">{body()}</div>
          <p>
            <a href={listHref} onClick={onLinkClick}>
              {t('rec.backToList')}
            </a>
          </p>
        </div>
        {id && rec && meta && (
          <aside class="record-side card" aria-label={t('rec.sideLabel')}>
            <div class="tabs" role="tablist">
              <button type="button" role="tab" id="tab-comments" aria-selected={tab === 'comments'} aria-controls="panel-side" onClick={() => setTab('comments')}>
                {t('rec.comments')}
              </button>
              <button type="button" role="tab" id="tab-history" aria-selected={tab === 'history'} aria-controls="panel-side" onClick={() => setTab('history')}>
                {t('rec.history')}
              </button>
            </div>
            <div id="panel-side" role="tabpanel" aria-labelledby={`tab-${tab}`}>
              {tab === 'comments' ? <Comments app={app} id={id} /> : <History app={app} id={id} meta={meta} version={version} />}
            </div>
          </aside>
        )}
      </div>
      <Dialog title={t('rec.deleteTitle')} open={confirm} onClose={() => setConfirm(false)}>
        <p>{t('rec.deleteOne', { id: id || '' })}</p>
        <ErrorMessage error={delError} />
        <div class="dialog-footer">
          <button type="button" onClick={() => setConfirm(false)}>
            {t('common.cancel')}
          </button>
          <button type="button" class="danger" onClick={remove}>
            {t('rec.deleteConfirm')}
          </button>
        </div>
      </Dialog>
    </Layout>
  );
}

/** The record read-only: who made and changed it when, then its fields in the form's layout. */
function RecordView({ meta, rec }: { meta: AppMeta; rec: KRecord }) {
  const sys = (type: string) => Object.values(meta.props).find((p) => p.type === type);
  const info = ['CREATOR', 'CREATED_TIME', 'MODIFIER', 'UPDATED_TIME']
    .map(sys)
    .filter((p) => p && rec[p.code]);
  return (
    <div class="record-view">
      <dl class="record-meta">
        {info.map((p) => (
          <div key={p!.code}>
            <dt>{p!.label}</dt>
            <dd>
              <FieldDisplay prop={p!} field={rec[p!.code]} />
            </dd>
          </div>
        ))}
      </dl>
      <FormLayout
        props={meta.props}
        layout={meta.layout}
        field={(code) => {
          const prop = meta.props[code];
          if (SYSTEM_TYPES.has(prop.type)) return null;
          return (
            <div class={prop.type === 'SUBTABLE' ? 'field-view subtable-view' : 'field-view'} role="group" aria-labelledby={`v-${code}`}>
              <div class="field-label" id={`v-${code}`}>
                {prop.label}
              </div>
              <div class="field-value">
                <FieldDisplay prop={prop} field={rec[code]} />
              </div>
            </div>
          );
        }}
      />
    </div>
  );
}
