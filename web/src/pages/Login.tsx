// Signing in: login name and password; the server's message on failure (wrong
// password, locked account with the wait) is shown as it is.
import { useState } from 'preact/hooks';
import { ErrorMessage } from '../components/ErrorMessage';
import { lang, setLang, t, useLang } from '../i18n';
import { navigate } from '../router';
import { login } from '../session';

export function Login() {
  useLang();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  document.title = t('login.title');
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(name, password);
      const back = new URLSearchParams(location.search).get('next');
      navigate(back && back.startsWith('/') && !back.startsWith('//') ? back : '/', true);
    } catch (err) {
      setError(err);
      setPassword('');
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" class="login-page">
      <form class="login-card" onSubmit={submit} aria-labelledby="login-title">
        <div class="brand brand-large" aria-hidden="true">
          <span class="brand-mark">台</span>
          {t('app.title')}
        </div>
        <h1 id="login-title">{t('login.title')}</h1>
        <p class="muted">{t('login.lead')}</p>
        <ErrorMessage error={error} />
        <label for="login-name">{t('login.login')}</label>
        <input id="login-name" name="username" autoComplete="username" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
        <label for="login-password">{t('login.password')}</label>
        <input id="login-password" name="password" type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        <button type="submit" class="primary" disabled={busy}>
          {t('login.submit')}
        </button>
        <button type="button" class="link-button" onClick={() => setLang(lang() === 'ja' ? 'en' : 'ja')}>
          {t('nav.language')}
        </button>
      </form>
    </main>
  );
}
