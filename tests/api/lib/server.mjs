// Starts a real daicho server for a test file: a free loopback port, a temporary data
// directory, a known administrator password. Tests talk to it through
// http://localhost:PORT because the official client refuses plain http on any other
// host name.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ADMIN_PASSWORD = 'test-admin-password-1';

export function daichoBin() {
  return resolve(process.env.DAICHO_BIN || new URL('../../../build/daicho', import.meta.url).pathname);
}

export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

async function waitHealthy(base, child, deadline) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`daicho exited with status ${child.exitCode}`);
    try {
      const r = await fetch(`${base}/api/health.json`);
      if (r.ok) return;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error('daicho did not become healthy in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

// Starts daicho. Options: env (extra environment), dataDir (reuse a directory), preset
// ('abiko': `daicho init --preset abiko` first, so every rule of docs/RULES.md is on),
// policy (after the preset, keys set before the server starts: a test about one rule
// turns off another it does not exercise, e.g. { 'apps.lifecycle': 'false' }).
export async function startServer({ env = {}, dataDir, preset, policy = {} } = {}) {
  const port = await freePort();
  const dir = dataDir || mkdtempSync(join(tmpdir(), 'daicho-test-'));
  const childEnv = {
    ...process.env,
    DAICHO_DATA: dir,
    DAICHO_PORT: String(port),
    DAICHO_LISTEN: '127.0.0.1,::1',
    DAICHO_ADMIN_PASSWORD: ADMIN_PASSWORD,
    DAICHO_THREADS: '4',
    ...env,
  };
  if (preset || Object.keys(policy).length > 0) {
    const init = spawnSync(daichoBin(), ['init', '--preset', preset || 'default'], { env: childEnv, encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`daicho init --preset ${preset} failed:\n${init.stdout}${init.stderr}`);
  }
  for (const [key, value] of Object.entries(policy)) {
    const q = (t) => `'${String(t).replaceAll("'", "''")}'`;
    execFileSync('sqlite3', [join(dir, 'daicho.db'), `INSERT OR REPLACE INTO policy(key, value, set_by, set_at) VALUES (${q(key)}, ${q(value)}, 'test setup', strftime('%s','now'))`]);
  }
  const child = spawn(daichoBin(), ['serve'], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const baseUrl = `http://localhost:${port}`;
  await waitHealthy(baseUrl, child, Date.now() + 15000);
  return {
    port,
    baseUrl,
    dataDir: dir,
    child,
    log: () => log,
    auth: { username: 'admin', password: ADMIN_PASSWORD },
    // Stops the server; keep removes nothing (for restart tests). Under `make check`
    // the server is built with ASan/UBSan: any report in its output fails the caller.
    async stop({ keep = false, signal = 'SIGTERM' } = {}) {
      if (child.exitCode === null && child.signalCode === null) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill(signal);
        await done;
      }
      if (!keep && !dataDir) rmSync(dir, { recursive: true, force: true });
      const report = log.match(/(ERROR: (Address|Leak|Thread)Sanitizer|runtime error:)[\s\S]{0,4000}/);
      if (report) throw new Error(`daicho reported a sanitizer error:\n${report[0]}`);
    },
  };
}

// A raw request helper: method, path, { body, headers, auth } -> { status, headers, json, text }.
export async function call(srv, method, path, { body, headers = {}, auth = srv.auth, raw } = {}) {
  const h = { ...headers };
  if (auth && auth.username) {
    h['X-Cybozu-Authorization'] = Buffer.from(`${auth.username}:${auth.password}`).toString('base64');
  } else if (auth && auth.apiToken) {
    h['X-Cybozu-API-Token'] = Array.isArray(auth.apiToken) ? auth.apiToken.join(',') : auth.apiToken;
  }
  let payload;
  if (raw !== undefined) {
    payload = raw;
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    h['Content-Type'] = 'application/json';
  }
  const r = await fetch(srv.baseUrl + path, { method, headers: h, body: payload });
  const text = await r.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: r.status, headers: r.headers, json, text };
}
