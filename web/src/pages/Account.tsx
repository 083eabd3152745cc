// Changing one's own password (the current one is required).
import { useState } from 'preact/hooks';
import { api, ApiError, setCsrf } from '../api/client';
import { ErrorMessage } from '../components/ErrorMessage';
import { Layout } from '../components/Layout';
import { t } from '../i18n';
import { session } from '../session';

export function Account() {
  const s = session()!;
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setDone(false);
    setError(null);
    if (next !== again) {
      setError(new Error(t('account.mismatch')));
      return;
    }
    try {
      const r = await api.put<{ csrfToken?: string }>('/api/session/password.json', { currentPassword: current, newPassword: next });
      if (r.csrfToken) setCsrf(r.csrfToken);
      setDone(true);
      setCurrent('');
      setNext('');
      setAgain('');
    } catch (err) {
      setError(err);
    }
  };
  const fieldError = (key: string) =>
    error instanceof ApiError ? error.fieldMessages(key).map((m) => <p class="field-error" key={m}>{m}</p>) : null;
  return (
    <Layout title={t('account.title')}>
      <form class="card narrow" onSubmit={submit}>
        <p>{t('account.signedInAs', { name: s.user.name, code: s.user.code })}</p>
        <ErrorMessage error={error} />
        {done && (
          <p class="success" role="status">
            {t('account.done')}
          </p>
        )}
        <label for="pw-current">{t('account.current')}</label>
        <input id="pw-current" type="password" autoComplete="current-password" required value={current} onInput={(e) => setCurrent(e.currentTarget.value)} />
        {fieldError('currentPassword')}
        <label for="pw-new">{t('account.new')}</label>
        <input id="pw-new" type="password" autoComplete="new-password" required aria-describedby="pw-hint" value={next} onInput={(e) => setNext(e.currentTarget.value)} />
        <p id="pw-hint" class="hint">
          {t('account.hint')}
        </p>
        {fieldError('password')}
        <label for="pw-again">{t('account.confirm')}</label>
        <input id="pw-again" type="password" autoComplete="new-password" required value={again} onInput={(e) => setAgain(e.currentTarget.value)} />
        <button type="submit" class="primary">
          {t('common.save')}
        </button>
      </form>
    </Layout>
  );
}
