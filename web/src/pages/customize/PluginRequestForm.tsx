// The plugin request (Abiko §10): name, purpose, function and version with the plugin's
// JS/CSS files, uploaded first through file.json. Used by the builder's "JavaScript / CSS"
// tab and by the admin section "Plugins".
import { useState } from 'preact/hooks';
import { api, uploadFile } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { t } from '../../i18n';
import '../../i18n/messages/customize';
import '../../styles/customize.css';

export function PluginRequestForm(props: { onSent?: () => void; open?: boolean }) {
  const [fields, setFields] = useState({ name: '', purpose: '', function: '', version: '' });
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState('');
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof fields) => (e: Event) => setFields({ ...fields, [k]: (e.target as HTMLInputElement).value });
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setSent('');
    setBusy(true);
    try {
      const keys = [];
      for (const f of files) keys.push({ fileKey: await uploadFile(f) });
      const r = await api.post<{ id: string; status: string }>('/api/plugin/request.json', { ...fields, files: keys });
      setSent(t('cu.req.sent', { status: t(`cu.status.${r.status}`) }));
      setFields({ name: '', purpose: '', function: '', version: '' });
      setFiles([]);
      (e.target as HTMLFormElement).reset();
      props.onSent?.();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <details class="plugin-request-box" open={props.open}>
      <summary>{t('cu.req.title')}</summary>
      <form class="plugin-request" onSubmit={submit}>
        <p class="hint">{t('cu.req.lead')}</p>
        <label>
          {t('cu.req.name')} <input name="name" required maxLength={100} value={fields.name} onInput={set('name')} />
        </label>
        <label>
          {t('cu.req.purpose')} <textarea name="purpose" required rows={2} value={fields.purpose} onInput={set('purpose')} />
        </label>
        <label>
          {t('cu.req.function')} <textarea name="function" required rows={2} value={fields.function} onInput={set('function')} />
        </label>
        <label>
          {t('cu.req.version')} <input name="version" maxLength={50} size={10} value={fields.version} onInput={set('version')} />
        </label>
        <label>
          {t('cu.req.files')}{' '}
          <input type="file" name="files" multiple accept=".js,.css" required onChange={(e) => setFiles([...((e.target as HTMLInputElement).files || [])])} />
        </label>
        <div>
          <button type="submit" class="primary" disabled={busy}>
            {t('cu.req.submit')}
          </button>
        </div>
        {sent && (
          <p class="success" role="status">
            {sent}
          </p>
        )}
        <ErrorMessage error={error} />
      </form>
    </details>
  );
}
