// Starts the UI: styles, messages, the session, then the app.
import { render } from 'preact';
import './styles/base.css';
import './i18n/messages/common';
import { App } from './App';
import { lang } from './i18n';
import { loadSession } from './session';

document.documentElement.lang = lang();
const root = document.getElementById('app')!;
loadSession()
  .catch(() => null)
  .then(() => render(<App />, root));
