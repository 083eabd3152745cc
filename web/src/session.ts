// Who is signed in. Loaded once at start from /api/session.json; the CSRF token it
// returns is handed to the API client.
import { api, ApiError, setCsrf } from './api/client';
import type { Session } from './api/types';

let current: Session | null = null;

export function session(): Session | null {
  return current;
}

/** Loads the session; null when nobody is signed in. */
export async function loadSession(): Promise<Session | null> {
  try {
    current = await api.get<Session>('/api/session.json');
    setCsrf(current.csrfToken || '');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) current = null;
    else throw e;
  }
  return current;
}

export async function login(loginName: string, password: string): Promise<Session> {
  const s = await api.post<Session>('/api/session.json', { login: loginName, password });
  setCsrf(s.csrfToken || '');
  return (await loadSession()) || s;
}

export async function logout(): Promise<void> {
  try {
    await api.del('/api/session.json');
  } finally {
    current = null;
    setCsrf('');
  }
}
