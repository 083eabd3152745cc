// The app's approved JS/CSS customisations and plugins on the record pages, and the small
// `kintone` global they program against (docs/CUSTOMIZE.md lists what is supported):
// kintone.events.on/off for app.record.index.show and app.record.detail.show,
// kintone.app.getId(), kintone.app.getHeaderSpaceElement(), kintone.app.record.getId().
// The list of files comes from /api/app/extensions.json (only what is active for the
// caller: approved where the rules ask for it, deployed, in scope); the server checks each
// file's pinned hash when it serves it. Scripts load once per app and page load, one after
// the other, so the handlers each registers are tied to the app it was loaded for.
import { api } from '../api/client';

type Handler = (event: KEvent) => unknown;
export interface KEvent {
  type: string;
  appId: number;
  [k: string]: unknown;
}
interface ExtFile {
  name: string;
  sha256: string;
  source: 'customize' | 'plugin';
  url: string;
}
interface Extensions {
  review: boolean;
  js: ExtFile[];
  css: ExtFile[];
}

const handlers: { app: string; type: string; fn: Handler }[] = [];
const loaded = new Map<string, Promise<void>>();
let loadingApp: string | null = null;
let currentApp: string | null = null;
let currentRecord: string | null = null;
let headerSpace: HTMLElement | null = null;

declare global {
  interface Window {
    kintone?: unknown;
  }
}

function install() {
  if (window.kintone) return;
  const on = (type: string | string[], fn: Handler) => {
    const app = loadingApp ?? currentApp;
    if (!app || typeof fn !== 'function') return;
    for (const t of Array.isArray(type) ? type : [type]) handlers.push({ app, type: t, fn });
  };
  const off = (type?: string | string[], fn?: Handler) => {
    const app = loadingApp ?? currentApp;
    const types = type === undefined ? null : Array.isArray(type) ? type : [type];
    for (let i = handlers.length - 1; i >= 0; i--) {
      const h = handlers[i];
      if (h.app === app && (!types || types.includes(h.type)) && (!fn || h.fn === fn)) handlers.splice(i, 1);
    }
    return true;
  };
  window.kintone = Object.freeze({
    events: Object.freeze({ on, off }),
    app: Object.freeze({
      getId: () => (currentApp ? Number(currentApp) : null),
      getHeaderSpaceElement: () => headerSpace,
      record: Object.freeze({ getId: () => (currentRecord ? Number(currentRecord) : null) }),
    }),
    Promise,
  });
}

/** Only the current app's stylesheets apply (the page is a single-page application). */
function enableStyles(app: string) {
  document.querySelectorAll<HTMLLinkElement>('link[data-daicho-app]').forEach((l) => {
    l.disabled = l.dataset.daichoApp !== app;
  });
}

function loadScript(app: string, url: string): Promise<void> {
  return new Promise((resolve) => {
    const s = document.createElement('script');
    s.src = url;
    s.dataset.daichoApp = app;
    const done = () => {
      loadingApp = null;
      resolve();
    };
    s.onload = done;
    s.onerror = done; // a refused file (not approved, changed on disk) simply does not run
    loadingApp = app;
    document.head.appendChild(s);
  });
}

/** Loads the app's active customisation files once; resolves when every script has run. */
export function loadExtensions(app: string): Promise<void> {
  install();
  let p = loaded.get(app);
  if (!p) {
    p = (async () => {
      const ext = await api.get<Extensions>('/api/app/extensions.json', { app });
      for (const c of ext.css) {
        const l = document.createElement('link');
        l.rel = 'stylesheet';
        l.href = c.url;
        l.dataset.daichoApp = app;
        document.head.appendChild(l);
      }
      for (const j of ext.js) await loadScript(app, j.url);
    })().catch(() => undefined);
    loaded.set(app, p);
  }
  enableStyles(app);
  return p;
}

/**
 * Runs the handlers the app's scripts registered for an event. Return values are not
 * applied (the record is shown as the server sent it); errors go to the console.
 */
export async function fireEvent(app: string, type: string, data: Record<string, unknown>, where?: { header?: HTMLElement | null; record?: string | null }) {
  await loadExtensions(app);
  currentApp = app;
  currentRecord = where?.record ?? null;
  headerSpace = where?.header ?? null;
  const event: KEvent = { type, appId: Number(app), ...data };
  for (const h of handlers.filter((x) => x.app === app && x.type === type)) {
    try {
      await h.fn(event);
    } catch (e) {
      console.error(`customisation handler for ${type} failed`, e);
    }
  }
}
