// The app builder's "JavaScript / CSS" tab: the app's preview customisation (files with
// their SHA-256 and review state, the scope), adding and removing files, the plugins the
// app uses from the allow-list, and a plugin request. Saving changes the preview; deploying
// the app makes it live (Abiko §10: active only once reviewed where the rules ask for it).
import { useEffect, useState } from 'preact/hooks';
import { api, uploadFile } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { t, useLang } from '../../i18n';
import '../../i18n/messages/customize';
import { PluginRequestForm } from './PluginRequestForm';

interface CuItem {
  type: 'FILE' | 'URL';
  url?: string;
  file?: { fileKey: string; name: string; size: string; sha256: string };
  review?: string;
}
interface Customize {
  scope: 'ALL' | 'ADMIN' | 'NONE';
  desktop: { js: CuItem[]; css: CuItem[] };
  revision: string;
  review: boolean;
}
interface Plugin {
  id: string;
  name: string;
  purpose: string;
  function: string;
  version: string;
  status: string;
}

const stored = (it: CuItem) => (it.type === 'URL' ? { type: 'URL', url: it.url } : { type: 'FILE', file: { fileKey: it.file!.fileKey } });

function FileTable(props: { kind: 'js' | 'css'; items: CuItem[]; onRemove: (i: number) => void; onAdd: (f: File) => void; busy: boolean }) {
  return (
    <section class="cu-files" aria-label={t(`cu.${props.kind}`)}>
      <h3>{t(`cu.${props.kind}`)}</h3>
      {props.items.length === 0 ? (
        <p class="muted">{t('cu.none')}</p>
      ) : (
        <div class="table-wrap">
          <table class="data" id={`cu-${props.kind}`}>
            <thead>
              <tr>
                <th>{t('cu.name')}</th>
                <th>{t('cu.hash')}</th>
                <th>{t('cu.review')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {props.items.map((it, i) => (
                <tr key={i}>
                  <td>{it.type === 'URL' ? it.url : it.file?.name}</td>
                  <td>
                    <code title={it.file?.sha256}>{it.type === 'URL' ? t('cu.url') : `${it.file?.sha256.slice(0, 16)}…`}</code>
                  </td>
                  <td>{it.review && <span class={`cu-review cu-review-${it.review}`}>{t(`cu.review.${it.review}`)}</span>}</td>
                  <td>
                    <button type="button" class="small" disabled={props.busy} onClick={() => props.onRemove(i)}>
                      {t('cu.remove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <label class="button">
        {t('cu.upload')}
        <input
          type="file"
          class="visually-hidden"
          name={`upload-${props.kind}`}
          accept={props.kind === 'js' ? '.js' : '.css'}
          disabled={props.busy}
          onChange={(e) => {
            const f = (e.target as HTMLInputElement).files?.[0];
            (e.target as HTMLInputElement).value = '';
            if (f) props.onAdd(f);
          }}
        />
      </label>
    </section>
  );
}

export function CustomizeTab(props: { app: string; onSaved: () => void }) {
  useLang();
  const app = props.app;
  const [cu, setCu] = useState<Customize | null>(null);
  const [allow, setAllow] = useState<Plugin[]>([]);
  const [enabled, setEnabled] = useState<Set<string>>(new Set());
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const load = () => {
    api.get<Customize>('/k/v1/preview/app/customize.json', { app }).then(setCu, setError);
    api.get<{ plugins: Plugin[] }>('/api/plugins.json').then((r) => setAllow(r.plugins), setError);
    api.get<{ plugins: Plugin[] }>('/api/app/plugins.json', { app }).then((r) => setEnabled(new Set(r.plugins.map((p) => p.id))), setError);
  };
  useEffect(load, [app]);

  const save = async (patch: { scope?: string; js?: unknown[]; css?: unknown[] }) => {
    if (!cu) return;
    setError(null);
    setNotice('');
    setBusy(true);
    try {
      await api.put('/k/v1/preview/app/customize.json', {
        app,
        scope: patch.scope ?? cu.scope,
        desktop: { js: patch.js ?? cu.desktop.js.map(stored), css: patch.css ?? cu.desktop.css.map(stored) },
      });
      setNotice(t('cu.saved'));
      props.onSaved();
      load();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const add = (kind: 'js' | 'css') => async (f: File) => {
    setBusy(true);
    try {
      const fileKey = await uploadFile(f);
      setBusy(false);
      await save({ [kind]: [...cu!.desktop[kind].map(stored), { type: 'FILE', file: { fileKey } }] });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  const remove = (kind: 'js' | 'css') => (i: number) => save({ [kind]: cu!.desktop[kind].filter((_, k) => k !== i).map(stored) });
  const savePlugins = async () => {
    setError(null);
    setNotice('');
    try {
      await api.put('/api/app/plugins.json', { app, ids: [...enabled] });
      setNotice(t('cu.plugins.saved'));
    } catch (e) {
      setError(e);
    }
  };

  if (!cu) return <ErrorMessage error={error} />;
  return (
    <section class="card customize-tab" aria-labelledby="cu-title">
      <h2 id="cu-title">{t('builder.tab.customize')}</h2>
      <p>{t('cu.tab.lead')}</p>
      <p class={cu.review ? 'warn-banner' : 'hint'}>{cu.review ? t('cu.tab.reviewOn') : t('cu.tab.reviewOff')}</p>
      {notice && (
        <p class="success" role="status">
          {notice}
        </p>
      )}
      <ErrorMessage error={error} />
      <label>
        {t('cu.scope')}{' '}
        <select name="scope" value={cu.scope} disabled={busy} onChange={(e) => save({ scope: (e.target as HTMLSelectElement).value })}>
          {(['ALL', 'ADMIN', 'NONE'] as const).map((s) => (
            <option key={s} value={s}>
              {t(`cu.scope.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <FileTable kind="js" items={cu.desktop.js} onAdd={add('js')} onRemove={remove('js')} busy={busy} />
      <FileTable kind="css" items={cu.desktop.css} onAdd={add('css')} onRemove={remove('css')} busy={busy} />
      <section class="cu-plugins" aria-label={t('cu.plugins')}>
        <h3>{t('cu.plugins')}</h3>
        <p class="hint">{t('cu.plugins.lead')}</p>
        {allow.length === 0 ? (
          <p class="muted">{t('cu.plugins.empty')}</p>
        ) : (
          <>
            <ul class="plain-list">
              {allow.map((p) => (
                <li key={p.id}>
                  <label>
                    <input
                      type="checkbox"
                      checked={enabled.has(p.id)}
                      onChange={(e) => {
                        const next = new Set(enabled);
                        if ((e.target as HTMLInputElement).checked) next.add(p.id);
                        else next.delete(p.id);
                        setEnabled(next);
                      }}
                    />{' '}
                    <strong>{p.name}</strong> {p.version} — {p.purpose}
                  </label>
                </li>
              ))}
            </ul>
            <button type="button" onClick={savePlugins}>
              {t('cu.plugins.save')}
            </button>
          </>
        )}
        <PluginRequestForm />
      </section>
    </section>
  );
}
