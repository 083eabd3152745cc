// The settings tab: the app's name, description and icon, and whether records take
// comments (kintone's enableComments; Abiko §11) (preview/app/settings.json).
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api/client';
import { AppIcon, APP_ICON_KEYS } from '../../components/AppIcon';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Spinner } from '../../components/Spinner';
import { t } from '../../i18n';
import '../../i18n/messages/incidents';
import { seen, write, type Rev } from './revision';

export interface AppSettings {
  name: string;
  description: string;
  icon: { type: string; key: string };
  theme?: string;
  enableComments?: boolean;
  revision: string;
}

export interface SettingsDraft {
  saved: AppSettings | null;
  draft: AppSettings | null;
  loadError: unknown;
  set: (patch: Partial<AppSettings>) => void;
  dirty: boolean;
  saving: boolean;
  error: unknown;
  done: boolean;
  save: () => Promise<boolean>;
  reload: () => Promise<void>;
}

export function useSettingsDraft(app: string, rev: Rev): SettingsDraft {
  const [saved, setSaved] = useState<AppSettings | null>(null);
  const [draft, setDraft] = useState<AppSettings | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const reload = async () => {
    setLoadError(null);
    try {
      const s = await api.get<AppSettings>('/k/v1/preview/app/settings.json', { app });
      seen(rev, s.revision);
      setSaved(s);
      setDraft(s);
    } catch (e) {
      setLoadError(e);
    }
  };
  useEffect(() => void reload(), [app]);
  const dirty = !!(saved && draft && (saved.name !== draft.name || saved.description !== draft.description || saved.icon.key !== draft.icon.key || saved.enableComments !== draft.enableComments));
  const save = async () => {
    if (!draft) return false;
    setSaving(true);
    setError(null);
    setDone(false);
    try {
      const revision = await write(rev, 'put', '/k/v1/preview/app/settings.json', {
        app, name: draft.name, description: draft.description, icon: { type: 'PRESET', key: draft.icon.key },
        enableComments: draft.enableComments !== false,
      });
      const next = { ...draft, revision };
      setSaved(next);
      setDraft(next);
      setDone(true);
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setSaving(false);
    }
  };
  return {
    saved, draft, loadError, dirty, saving, error, done, save, reload,
    set: (patch) => {
      setDone(false);
      setDraft((d) => (d ? { ...d, ...patch } : d));
    },
  };
}

function fieldError(error: unknown, key: string): string[] {
  return error instanceof ApiError ? error.fieldMessages(key) : [];
}

export function SettingsTab({ s }: { s: SettingsDraft }) {
  if (s.loadError) return <ErrorMessage error={s.loadError} onRetry={s.reload} />;
  const d = s.draft;
  if (!d) return <Spinner />;
  const nameErr = fieldError(s.error, 'name');
  const descErr = fieldError(s.error, 'description');
  const nameLen = [...d.name].length;
  return (
    <div class="settings-layout">
      <form
        class="card settings-tab"
        onSubmit={(e) => {
          e.preventDefault();
          void s.save();
        }}
      >
        <h2>{t('builder.settings.title')}</h2>
        <ErrorMessage error={s.error} />
        <label for="app-name">{t('builder.settings.name')}</label>
        <input id="app-name" required maxLength={64} value={d.name} aria-invalid={nameErr.length > 0} aria-describedby="app-name-hint" onInput={(e) => s.set({ name: e.currentTarget.value })} />
        <p id="app-name-hint" class="hint">
          {t('builder.settings.nameHint', { n: nameLen })}
        </p>
        {nameErr.map((m) => (
          <p class="field-error" key={m}>
            {m}
          </p>
        ))}
        <label for="app-desc">{t('builder.settings.description')}</label>
        <textarea id="app-desc" value={d.description} aria-invalid={descErr.length > 0} aria-describedby="app-desc-hint" onInput={(e) => s.set({ description: e.currentTarget.value })} />
        <p id="app-desc-hint" class="hint">
          {t('builder.settings.descriptionHint')}
        </p>
        {descErr.map((m) => (
          <p class="field-error" key={m}>
            {m}
          </p>
        ))}
        <fieldset class="icon-picker">
          <legend>{t('builder.settings.icon')}</legend>
          <div class="icon-grid">
            {APP_ICON_KEYS.map((k) => (
              <label key={k} class={d.icon.key === k ? 'icon-choice selected' : 'icon-choice'}>
                <input type="radio" name="app-icon" value={k} checked={d.icon.key === k} onChange={() => s.set({ icon: { type: 'PRESET', key: k } })} />
                <AppIcon icon={{ type: 'PRESET', key: k }} name={d.name} />
                <span class="icon-name">{t(`builder.icon.${k}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <label class="checkbox">
          <input type="checkbox" checked={d.enableComments !== false} aria-describedby="app-comments-hint" onChange={(e) => s.set({ enableComments: e.currentTarget.checked })} />
          {t('incidents.settings.comments')}
        </label>
        <p id="app-comments-hint" class="hint">
          {t('incidents.settings.commentsHint')}
        </p>
        <div class="b-actions">
          <button type="submit" class="primary" disabled={s.saving || !s.dirty}>
            {s.saving ? t('builder.saving') : t('builder.settings.save')}
          </button>
          {s.done && (
            <span class="b-saved" role="status">
              {t('builder.savedPreview')}
            </span>
          )}
        </div>
      </form>
      <aside class="tile-preview" aria-labelledby="tile-title">
        <h2 id="tile-title">{t('builder.settings.tile')}</h2>
        <div class="app-tile">
          <span class="app-link">
            <AppIcon icon={d.icon} name={d.name} />
            <span class="app-name">{d.name}</span>
          </span>
          {d.description && <p class="app-desc">{d.description}</p>}
        </div>
      </aside>
    </div>
  );
}
