// The query language end to end: a data set over every field type (a subtable
// included), a reference evaluator in JavaScript, and getRecords compared with it for
// every operator of every field type, date functions (Asia/Tokyo), LOGINUSER(),
// and/or with parentheses, order by, limit/offset, escapes, Japanese text, fields[],
// totalCount, the clients' own queries, and X-HTTP-Method-Override.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, call } from './lib/server.mjs';
import { clientFor, makeApp, rejects, addUser } from './lib/util.mjs';

// ---------------------------------------------------------------- time in Asia/Tokyo
const DAY = 86400000;
const TZ = 9 * 3600000; // Tokyo has no daylight saving time
const dayNum = (ms) => Math.floor((ms + TZ) / DAY);
const todayNum = () => dayNum(Date.now());
const dayStr = (n) => new Date(n * DAY).toISOString().slice(0, 10);
const dayStart = (n) => n * DAY - TZ;
const ymd = (n) => { const d = new Date(n * DAY); return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()]; };
const dayOf = (y, m, d) => Math.floor(Date.UTC(y, m - 1, d) / DAY);
const monthEnd = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const addMonths = (n, k) => {
  const [y0, m0, d] = ymd(n);
  const t = y0 * 12 + (m0 - 1) + k;
  const y = Math.floor(t / 12);
  const m = (t % 12) + 1;
  return dayOf(y, m, Math.min(d, monthEnd(y, m)));
};
const weekday = (n) => new Date(n * DAY).getUTCDay();
const localInstant = (n, hms) => { const [h, mi, s] = hms.split(':').map(Number); return dayStart(n) + ((h * 60 + mi) * 60 + (s || 0)) * 1000; };
const isoZ = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const DAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'];

// The period a date function denotes, in local days [s, e), for "today" t.
function fnDays(name, args, t) {
  const [y, m] = ymd(t);
  const sun = t - weekday(t);
  const month = (k, arg) => {
    const first = addMonths(dayOf(y, m, 1), k);
    const [yy, mm] = ymd(first);
    if (arg === undefined) return [first, dayOf(yy, mm + 1, 1)];
    const d = arg === 'LAST' ? monthEnd(yy, mm) : Math.min(Number(arg), monthEnd(yy, mm));
    const n = dayOf(yy, mm, d);
    return [n, n + 1];
  };
  const week = (k, arg) => {
    const s = sun + 7 * k;
    if (arg === undefined) return [s, s + 7];
    return [s + DAYS.indexOf(arg), s + DAYS.indexOf(arg) + 1];
  };
  switch (name) {
    case 'TODAY': return [t, t + 1];
    case 'YESTERDAY': return [t - 1, t];
    case 'TOMORROW': return [t + 1, t + 2];
    case 'FROM_TODAY': {
      const k = Number(args[0]);
      const n = { DAYS: t + k, WEEKS: t + 7 * k, MONTHS: addMonths(t, k), YEARS: addMonths(t, 12 * k) }[args[1]];
      return [n, n + 1];
    }
    case 'THIS_WEEK': return week(0, args[0]);
    case 'LAST_WEEK': return week(-1, args[0]);
    case 'NEXT_WEEK': return week(1, args[0]);
    case 'THIS_MONTH': return month(0, args[0]);
    case 'LAST_MONTH': return month(-1, args[0]);
    case 'NEXT_MONTH': return month(1, args[0]);
    case 'THIS_YEAR': return [dayOf(y, 1, 1), dayOf(y + 1, 1, 1)];
    case 'LAST_YEAR': return [dayOf(y - 1, 1, 1), dayOf(y, 1, 1)];
    case 'NEXT_YEAR': return [dayOf(y + 1, 1, 1), dayOf(y + 2, 1, 1)];
    default: throw new Error(name);
  }
}
const FUNCS = [
  ['TODAY'], ['YESTERDAY'], ['TOMORROW'], ['FROM_TODAY', '3', 'DAYS'], ['FROM_TODAY', '-7', 'DAYS'],
  ['FROM_TODAY', '2', 'WEEKS'], ['FROM_TODAY', '-1', 'MONTHS'], ['FROM_TODAY', '1', 'YEARS'], ['FROM_TODAY', '-1', 'YEARS'],
  ['THIS_WEEK'], ['THIS_WEEK', 'SUNDAY'], ['THIS_WEEK', 'WEDNESDAY'], ['THIS_WEEK', 'SATURDAY'], ['LAST_WEEK'], ['LAST_WEEK', 'MONDAY'],
  ['NEXT_WEEK'], ['NEXT_WEEK', 'FRIDAY'], ['THIS_MONTH'], ['THIS_MONTH', '1'], ['THIS_MONTH', '31'], ['THIS_MONTH', 'LAST'],
  ['LAST_MONTH'], ['LAST_MONTH', 'LAST'], ['LAST_MONTH', '15'], ['NEXT_MONTH'], ['NEXT_MONTH', '1'], ['THIS_YEAR'], ['LAST_YEAR'], ['NEXT_YEAR'],
];
const fnText = ([name, ...args]) => `${name}(${args.join(', ')})`;

// ---------------------------------------------------------------- values and literals
const q = (s) => `"${String(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\t/g, '\\t').replace(/\n/g, '\\n')}"`;
const asciiLower = (s) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
const like = (v, p) => v != null && asciiLower(v).includes(asciiLower(p));
const blank = (v) => v == null || v.replace(/[ \t\n\r]/g, '') === '';
// Interval comparisons: value v (null = empty) against [s, e).
function cmp(op, v, s, e) {
  switch (op) {
    case '=': return v != null && s <= v && v < e;
    case '!=': return v == null || v < s || v >= e;
    case '<': return v != null && v < s;
    case '<=': return v != null && v < e;
    case '>': return v != null && v >= e;
    case '>=': return v != null && v >= s;
    default: throw new Error(op);
  }
}
const ORD = ['=', '!=', '<', '<=', '>', '>='];

// Seeded PRNG so the data set is the same on every run.
function rng(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEXTS = ['apple', 'Apple pie', '', 'APPLE', '東京都', '東京タワー', '大阪', 'say "hi"', 'back\\slash', '50% off_sale', 'tab\there', 'x', 'X', 'ｶﾀｶﾅ', 'keyword', 'key', '　全角 space'];
const LINKS = ['https://example.com', 'https://example.org/東京', '', 'http://x.test/a_b%'];
const MEMOS = ['', '   \t\n', 'first line\nsecond', '東京\n大阪', 'x', 'quote " and backslash \\'];
const RICHES = ['', '<b>Bold</b>', '<p>東京</p>', ' ', '<div>a&amp;b</div>'];
const NUMS = ['10', '-1.5', '', '0', '100', '1000', '0.1', '99999999999', '-0.001', '7', '10.0'];
const RADIOS = ['A', 'B', 'C', '選"択', null];
const DROPS = ['d1', 'd2', 'd3', null];
const CHECKS = ['a', 'b', 'c', 'x"y'];
const MULTIS = ['m1', 'm2', 'm3'];
const TIMES = ['09:30', '18:00', '00:00', '23:59', '12:00', null];
const LOCAL_TIMES = ['03:00:00', '12:00:30', '21:59:59', '09:15:00'];
const USERS = ['admin', 'sato', 'tanaka'];
const FILES = ['report.pdf', 'photo.JPG', 'memo_2024.txt', '100%.png', '報告書.pdf'];
const T_TEXTS = ['bolt', 'nut', '', 'Bolt-L', 'ねじ'];
const T_NUMS = ['10', '2.5', '', '99'];
const N = 42;

let srv, client, sato, app, records, byId;
const opts = (list) => Object.fromEntries(list.map((o, i) => [o, { label: o, index: String(i) }]));

before(async () => {
  srv = await startServer({ env: { DAICHO_TZ: 'Asia/Tokyo' } });
  client = clientFor(srv);
  const s = await addUser(srv, 'sato', { name: '佐藤' });
  await addUser(srv, 'tanaka', { name: '田中' });
  sato = clientFor(srv, s.auth);
  app = await makeApp(client, 'クエリ', {
    text: { type: 'SINGLE_LINE_TEXT', code: 'text', label: 'text' },
    link: { type: 'LINK', code: 'link', label: 'link' },
    memo: { type: 'MULTI_LINE_TEXT', code: 'memo', label: 'memo' },
    rich: { type: 'RICH_TEXT', code: 'rich', label: 'rich' },
    num: { type: 'NUMBER', code: 'num', label: 'num' },
    radio: { type: 'RADIO_BUTTON', code: 'radio', label: 'radio', options: opts(RADIOS.filter(Boolean)) },
    drop: { type: 'DROP_DOWN', code: 'drop', label: 'drop', options: opts(DROPS.filter(Boolean)) },
    check: { type: 'CHECK_BOX', code: 'check', label: 'check', options: opts(CHECKS) },
    multi: { type: 'MULTI_SELECT', code: 'multi', label: 'multi', options: opts(MULTIS) },
    date: { type: 'DATE', code: 'date', label: 'date' },
    time: { type: 'TIME', code: 'time', label: 'time' },
    dt: { type: 'DATETIME', code: 'dt', label: 'dt' },
    file: { type: 'FILE', code: 'file', label: 'file' },
    user: { type: 'USER_SELECT', code: 'user', label: 'user' },
    '品目': {
      type: 'SUBTABLE', code: '品目', label: '品目',
      fields: {
        t_text: { type: 'SINGLE_LINE_TEXT', code: 't_text', label: 't_text' },
        t_num: { type: 'NUMBER', code: 't_num', label: 't_num' },
        t_date: { type: 'DATE', code: 't_date', label: 't_date' },
        t_check: { type: 'CHECK_BOX', code: 't_check', label: 't_check', options: opts(['p', 'q']) },
        t_user: { type: 'USER_SELECT', code: 't_user', label: 't_user' },
        t_time: { type: 'TIME', code: 't_time', label: 't_time' },
        t_dt: { type: 'DATETIME', code: 't_dt', label: 't_dt' },
        t_radio: { type: 'RADIO_BUTTON', code: 't_radio', label: 't_radio', options: opts(['r1', 'r2']) },
      },
    },
  }, {
    acl: [
      { entity: { type: 'CREATOR' }, appEditable: true, recordViewable: true, recordAddable: true, recordEditable: true, recordDeletable: true },
      { entity: { type: 'GROUP', code: 'everyone' }, recordViewable: true },
    ],
  });

  // The data set: edge values cycled, the rest from a seeded PRNG; dates relative to today.
  const r = rng(20240515);
  const pick = (a) => a[Math.floor(r() * a.length)];
  const subset = (a) => a.filter(() => r() < 0.4);
  const t = todayNum();
  const [y, m] = ymd(t);
  const sun = t - weekday(t);
  const dayPool = [t, t - 1, t + 1, t - 2, t + 2, t - 6, t + 6, t - 7, t + 7, t - 8, t - 14, t + 14, t - 31, t + 31, t - 62, t - 365, t + 365, t - 400,
    dayOf(y, m, 1), dayOf(y, m, monthEnd(y, m)), addMonths(dayOf(y, m, 1), -1), dayOf(y, m, 1) - 1, dayOf(y, m + 1, 1), sun, sun + 6, sun - 7, sun + 8,
    dayOf(y, 1, 1), dayOf(y, 1, 1) - 1, dayOf(y + 1, 1, 1), addMonths(dayOf(y, m, 1), -1) + 14, null];
  const pastPool = dayPool.filter((d) => d !== null && d < t);
  const now = Date.now();
  const recs = [];
  for (let i = 0; i < N; i++) {
    const cyc = (a) => a[i % a.length];
    const day = cyc(dayPool);
    const dtDay = pick(dayPool);
    const created = i === 0 ? Math.floor((now - 180000) / 1000) * 1000 : localInstant(pick(pastPool), pick(LOCAL_TIMES));
    const updated = Math.max(created, i % 5 === 0 ? created : localInstant(pick(pastPool), '12:00:00'));
    const files = i % 4 === 0 ? [] : subset(FILES).slice(0, 2);
    const keys = [];
    for (const name of files) {
      const { fileKey } = await client.file.uploadFile({ file: { name, data: `content of ${name} #${i}` } });
      keys.push({ fileKey });
    }
    const rows = [];
    const nrows = i % 5 === 4 ? 0 : 1 + Math.floor(r() * 3);
    for (let k = 0; k < nrows; k++) {
      rows.push({
        value: {
          t_text: { value: pick(T_TEXTS) }, t_num: { value: pick(T_NUMS) },
          t_date: { value: r() < 0.2 ? null : dayStr(pick(pastPool.concat([t, t + 3]))) },
          t_check: { value: subset(['p', 'q']) }, t_user: { value: subset(USERS).map((code) => ({ code })) },
          t_time: { value: pick(TIMES) }, t_radio: { value: pick(['r1', 'r2', '']) },
          t_dt: { value: r() < 0.2 ? '' : isoZ(localInstant(pick(dayPool.filter((d) => d !== null)), pick(LOCAL_TIMES))) },
        },
      });
    }
    recs.push({
      text: { value: cyc(TEXTS) }, link: { value: pick(LINKS) }, memo: { value: cyc(MEMOS) }, rich: { value: pick(RICHES) },
      num: { value: cyc(NUMS) }, radio: { value: pick(RADIOS) ?? '' }, drop: { value: pick(DROPS) ?? '' },
      check: { value: subset(CHECKS) }, multi: { value: subset(MULTIS) },
      date: { value: day === null ? null : dayStr(day) }, time: { value: pick(TIMES) },
      dt: { value: dtDay === null || i % 7 === 3 ? '' : isoZ(localInstant(dtDay, cyc(LOCAL_TIMES))) },
      file: { value: keys }, user: { value: subset(USERS).map((code) => ({ code })) },
      '品目': { value: rows },
      '作成者': { value: { code: cyc(USERS) } }, '更新者': { value: { code: USERS[(i + 1) % 3] } },
      '作成日時': { value: isoZ(created) }, '更新日時': { value: isoZ(updated) },
    });
  }
  await client.record.addRecords({ app, records: recs.slice(0, 40) });
  await client.record.addRecords({ app, records: recs.slice(40) });
  // Read the data back as the server keeps it: the reference works on that.
  records = (await client.record.getRecords({ app, query: 'order by $id asc limit 500' })).records;
  assert.equal(records.length, N);
  byId = new Map(records.map((x) => [x.$id.value, x]));
});
after(async () => { await srv.stop(); });

// ---------------------------------------------------------------- the reference
const idsDesc = (pred) => records.filter(pred).map((x) => Number(x.$id.value)).sort((a, b) => b - a);
const dateVal = (v) => (v ? Math.floor(Date.parse(`${v}T00:00:00Z`) / DAY) : null);
const dtVal = (v) => (v ? Date.parse(v) : null);
const numVal = (v) => (v === '' || v == null ? null : Number(v));
const rowsOf = (x) => x['品目'].value.map((row) => row.value);

// Text-like: = != in, not in, like, not like.
function textCases(code, get, values, patterns, inner = false) {
  const out = [];
  const eq = (v, s) => (s === '' ? v === '' || v == null : v === s);
  const wrap = (rowPred, neg) => (inner
    ? (x) => (neg ? !rowsOf(x).some(rowPred) : rowsOf(x).some(rowPred))
    : (x) => (neg ? !rowPred(x) : rowPred(x)));
  if (!inner) {
    for (const s of values) {
      out.push([`${code} = ${q(s)}`, wrap((x) => eq(get(x), s), false)]);
      out.push([`${code} != ${q(s)}`, wrap((x) => eq(get(x), s), true)]);
    }
  }
  const lists = [[values[0]], [values[1], values[2]], [values[3], ''], [''], ['nothing here', values[4]]];
  for (const l of lists) {
    out.push([`${code} in (${l.map(q).join(', ')})`, wrap((x) => l.some((s) => eq(get(x), s)), false)]);
    out.push([`${code} not in (${l.map(q).join(', ')})`, wrap((x) => l.some((s) => eq(get(x), s)), true)]);
  }
  for (const p of patterns) {
    out.push([`${code} like ${q(p)}`, wrap((x) => like(get(x), p), false)]);
    out.push([`${code} not like ${q(p)}`, wrap((x) => like(get(x), p), true)]);
  }
  return out;
}

function numberCases(code, get, inner = false) {
  const out = [];
  const lits = [['10', 10], ['"10"', 10], ['-1.5', -1.5], ['0', 0], ['0.1', 0.1], ['"1e3"', 1000], ['99999999999', 99999999999], ['5', 5], ['"2.5"', 2.5]];
  for (const [lit, n] of lits) {
    for (const op of ORD) {
      if (inner && (op === '=' || op === '!=')) continue;
      const test = (v) => {
        if (v == null) return op === '!=';
        return { '=': v === n, '!=': v !== n, '<': v < n, '<=': v <= n, '>': v > n, '>=': v >= n }[op];
      };
      out.push([`${code} ${op} ${lit}`, inner
        ? (x) => rowsOf(x).some((row) => numVal(get(row)) != null && test(numVal(get(row))))
        : (x) => test(numVal(get(x)))]);
    }
  }
  if (!inner) {
    out.push([`${code} = ""`, (x) => numVal(get(x)) == null]);
    out.push([`${code} != ""`, (x) => numVal(get(x)) != null]);
  }
  const lists = [[10], ['"10"', 100, '""'], ['""'], [2.5, 99], ['-1.5', 7]];
  for (const l of lists) {
    const vals = l.map((v) => (v === '""' ? null : Number(String(v).replace(/"/g, ''))));
    const hit = (v) => vals.some((w) => (w === null ? v == null : v === w));
    const p = inner ? (x) => rowsOf(x).some((row) => hit(numVal(get(row)))) : (x) => hit(numVal(get(x)));
    out.push([`${code} in (${l.join(', ')})`, p]);
    out.push([`${code} not in (${l.join(', ')})`, (x) => !p(x)]);
  }
  return out;
}

// in / not in over single-valued (radio, drop) or list-valued (check, multi, users) fields.
function choiceCases(code, get, lists, { multi = false, inner = false, loginuser } = {}) {
  const out = [];
  for (const l of lists) {
    const hit = (v, lu) => {
      const vals = l.map((s) => (s === 'LOGINUSER()' ? lu : s));
      if (multi) {
        const arr = v || [];
        return vals.some((s) => (s === '' ? arr.length === 0 : arr.includes(s)));
      }
      return vals.some((s) => (s === '' ? v == null || v === '' : v === s));
    };
    const lit = l.map((s) => (s === 'LOGINUSER()' ? s : q(s))).join(', ');
    const pos = (lu) => (inner ? (x) => rowsOf(x).some((row) => hit(get(row), lu)) : (x) => hit(get(x), lu));
    out.push([`${code} in (${lit})`, pos]);
    out.push([`${code} not in (${lit})`, (lu) => { const p = pos(lu); return (x) => !p(x); }]);
  }
  return out.map(([qq, f]) => [qq, f, true]);
}

// Date, datetime and system times: literals and functions; [s, e) in days or ms.
function timeCases(code, get, kind, { literals, functions = true, now = false, inner = false }) {
  const out = [];
  const val = (x) => (kind === 'date' ? dateVal(get(x)) : dtVal(get(x)));
  const toRange = ([s, e]) => (kind === 'date' ? [s, e] : [dayStart(s), dayStart(e)]);
  const ops = inner ? ['<', '<=', '>', '>='] : ORD;
  for (const [lit, range] of literals) {
    for (const op of ops) out.push([`${code} ${op} ${q(lit)}`, () => { const [s, e] = range; return (x) => cmp(op, val(x), s, e); }]);
  }
  if (functions) {
    for (const f of FUNCS) {
      for (const op of ops) out.push([`${code} ${op} ${fnText(f)}`, (t) => { const [s, e] = toRange(fnDays(f[0], f.slice(1), t)); return (x) => cmp(op, val(x), s, e); }]);
    }
  }
  if (!inner) {
    out.push([`${code} = ""`, () => (x) => val(x) == null]);
    out.push([`${code} != ""`, () => (x) => val(x) != null]);
  }
  if (now) {
    for (const op of ORD) out.push([`${code} ${op} NOW()`, (t, nowMs) => { const s = Math.floor(nowMs / 60000) * 60000; return (x) => cmp(op, val(x), s, s + 60000); }, 'now']);
  }
  return out;
}

// ---------------------------------------------------------------- running
async function ids(query, as = client) {
  const { records: got } = await as.record.getRecords({ app, query: `${query} limit 500`, fields: ['$id'] });
  return got.map((x) => Number(x.$id.value));
}

// Runs cases [query, predFactory(today, now)] in parallel batches; retries the whole set
// if the Tokyo day (or, for NOW(), the minute) changed while it ran.
async function check(cases, { as = client, loginuser = 'admin' } = {}) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const t0 = todayNum();
    const m0 = Math.floor(Date.now() / 60000);
    const bad = [];
    const usesNow = cases.some((c) => c[2] === 'now');
    for (let i = 0; i < cases.length; i += 16) {
      await Promise.all(cases.slice(i, i + 16).map(async ([query, f, kind]) => {
        const got = await ids(query, as).catch((e) => `ERROR ${e.code} ${e.message}`);
        const pred = kind === true ? f(loginuser) : f(t0, Date.now());
        const want = idsDesc(pred);
        if (JSON.stringify(got) !== JSON.stringify(want)) bad.push(`${query}\n   want ${JSON.stringify(want)}\n   got  ${JSON.stringify(got)}`);
      }));
    }
    const moved = todayNum() !== t0 || (usesNow && Math.floor(Date.now() / 60000) !== m0);
    if (moved) continue;
    assert.equal(bad.length, 0, `${bad.length} of ${cases.length} queries differ from the reference:\n${bad.slice(0, 15).join('\n')}`);
    return cases.length;
  }
  throw new Error('the clock kept crossing a boundary');
}
const plain = (cs) => cs.map(([qq, p]) => [qq, () => p]);

// ---------------------------------------------------------------- tests
test('the data set went in as written', () => {
  const x = byId.get('1');
  assert.equal(x.text.value, TEXTS[0]);
  assert.equal(records[8].text.value, 'back\\slash');
  assert.equal(records[10].text.value, 'tab\there');
  assert.ok(records.some((r) => r.file.value.length > 0));
  assert.ok(records.some((r) => r['品目'].value.length === 0));
  assert.equal(x['作成者'].value.code, 'admin');
});

test('text, link, multi-line and rich text: every operator against the reference', async () => {
  const patterns = ['apple', 'APPLE', 'ple p', '東京', '%', '_', 'off_', '"', '\\', 'ｶﾀ', 'key', '\t', '　'];
  const cases = [
    ...textCases('text', (x) => x.text.value, TEXTS.concat(['no such text']), patterns),
    ...textCases('link', (x) => x.link.value, LINKS.concat(['https://nope']), ['example', 'EXAMPLE.ORG', '東京', '_b%', 'https://']),
  ];
  for (const code of ['memo', 'rich']) {
    const get = (x) => x[code].value;
    for (const p of ['line', 'LINE', '東京', '\n', '"', '\\', 'bold', '<b>', '&amp;', 'x']) {
      cases.push([`${code} like ${q(p)}`, (x) => like(get(x), p)]);
      cases.push([`${code} not like ${q(p)}`, (x) => !like(get(x), p)]);
    }
    cases.push([`${code} is empty`, (x) => blank(get(x))]);
    cases.push([`${code} is not empty`, (x) => !blank(get(x))]);
  }
  const n = await check(plain(cases));
  assert.ok(n > 140, `${n} cases`);
});

test('numbers, $id and the record number: every operator against the reference', async () => {
  const cases = numberCases('num', (x) => x.num.value);
  for (const code of ['$id', 'レコード番号']) {
    for (const v of [1, 5, 21, 42, 43]) {
      for (const op of ORD) {
        cases.push([`${code} ${op} ${v}`, (x) => { const i = Number(x.$id.value); return { '=': i === v, '!=': i !== v, '<': i < v, '<=': i <= v, '>': i > v, '>=': i >= v }[op]; }]);
      }
    }
    cases.push([`${code} in (1, "3", 40)`, (x) => [1, 3, 40].includes(Number(x.$id.value))]);
    cases.push([`${code} not in (1, "3", 40)`, (x) => ![1, 3, 40].includes(Number(x.$id.value))]);
  }
  cases.push(['$revision = 1', () => true], ['$revision > 1', () => false]);
  await check(plain(cases));
});

test('choices, check boxes, users, creator and modifier, with LOGINUSER() for two users', async () => {
  const cases = [
    ...choiceCases('radio', (x) => x.radio.value, [['A'], ['B', 'C'], ['選"択'], [''], ['A', ''], ['nope']]),
    ...choiceCases('drop', (x) => x.drop.value, [['d1'], ['d2', 'd3'], [''], ['d1', '']]),
    ...choiceCases('check', (x) => x.check.value, [['a'], ['b', 'c'], ['x"y'], [''], ['a', ''], ['zzz']], { multi: true }),
    ...choiceCases('multi', (x) => x.multi.value, [['m1'], ['m2', 'm3'], [''], ['m3', '']], { multi: true }),
    ...choiceCases('user', (x) => x.user.value.map((u) => u.code), [['admin'], ['sato', 'tanaka'], ['LOGINUSER()'], [''], ['LOGINUSER()', ''], ['nobody']], { multi: true }),
    ...choiceCases('作成者', (x) => x['作成者'].value.code, [['admin'], ['sato', 'tanaka'], ['LOGINUSER()'], ['LOGINUSER()', 'tanaka']]),
    ...choiceCases('更新者', (x) => x['更新者'].value.code, [['admin'], ['LOGINUSER()']]),
  ];
  await check(cases, { as: client, loginuser: 'admin' });
  await check(cases, { as: sato, loginuser: 'sato' });
});

test('dates, times, datetimes, creation and update times: literals and every date function (Asia/Tokyo)', async () => {
  const t = todayNum();
  const dateLits = [...new Set(records.map((x) => x.date.value).filter(Boolean))].slice(0, 8).map((d) => [d, [dateVal(d), dateVal(d) + 1]]);
  const [y, m, d] = ymd(t);
  dateLits.push([`${y}-${m}-${d}`, [t, t + 1]]); // unpadded is normalised
  dateLits.push(['2000-01-01', [dayOf(2000, 1, 1), dayOf(2000, 1, 2)]]);
  const dtLits = [];
  for (const x of records.slice(0, 6)) {
    if (!x.dt.value) continue;
    const ms = Date.parse(x.dt.value);
    const minute = Math.floor(ms / 60000) * 60000;
    dtLits.push([x.dt.value, [minute, minute + 60000]]);
    dtLits.push([isoZ(minute), [minute, minute + 60000]]);
    const local = new Date(minute + TZ).toISOString().slice(0, 16);
    dtLits.push([`${local}+09:00`, [minute, minute + 60000]]);
    const day = dayNum(ms);
    dtLits.push([dayStr(day), [dayStart(day), dayStart(day + 1)]]);
  }
  const sysLits = records.slice(0, 4).flatMap((x) => {
    const ms = Date.parse(x['作成日時'].value);
    const day = dayNum(ms);
    return [[x['作成日時'].value, [ms, ms + 60000]], [dayStr(day), [dayStart(day), dayStart(day + 1)]]];
  });
  const cases = [
    ...timeCases('date', (x) => x.date.value, 'date', { literals: dateLits }),
    ...timeCases('dt', (x) => x.dt.value, 'dt', { literals: dtLits, now: true }),
    ...timeCases('作成日時', (x) => x['作成日時'].value, 'dt', { literals: sysLits, now: true }),
    ...timeCases('更新日時', (x) => x['更新日時'].value, 'dt', { literals: sysLits.slice(0, 2), now: true }),
  ];
  for (const [lit, norm] of [['09:30', '09:30'], ['9:30', '09:30'], ['12:00', '12:00'], ['00:00', '00:00'], ['23:59', '23:59'], ['18:00:59', '18:00']]) {
    for (const op of ORD) {
      cases.push([`time ${op} ${q(lit)}`, () => (x) => {
        const v = x.time.value;
        if (v == null) return op === '!=';
        return { '=': v === norm, '!=': v !== norm, '<': v < norm, '<=': v <= norm, '>': v > norm, '>=': v >= norm }[op];
      }]);
    }
  }
  cases.push(['time = ""', () => (x) => x.time.value == null], ['time != ""', () => (x) => x.time.value != null]);
  const n = await check(cases);
  assert.ok(n > 700, `${n} cases`);
});

test('files: like on the attached file names, is empty', async () => {
  const cases = [];
  const names = (x) => x.file.value.map((f) => f.name);
  for (const p of ['report', 'JPG', 'jpg', '_2024', '100%', '報告', '.pdf', 'zzz', 'content']) {
    cases.push([`file like ${q(p)}`, (x) => names(x).some((nm) => like(nm, p))]);
    cases.push([`file not like ${q(p)}`, (x) => !names(x).some((nm) => like(nm, p))]);
  }
  cases.push(['file is empty', (x) => names(x).length === 0], ['file is not empty', (x) => names(x).length > 0]);
  await check(plain(cases));
});

test('subtable fields: in / not in and the other operators, each condition over the rows', async () => {
  const cases = [
    ...plain(textCases('t_text', (row) => row.t_text.value, T_TEXTS.concat(['none']), ['bolt', 'BOLT', 'ね', '-'], true)),
    ...plain(numberCases('t_num', (row) => row.t_num.value, true)),
    ...choiceCases('t_check', (row) => row.t_check.value, [['p'], ['q'], ['p', 'q'], ['']], { multi: true, inner: true }),
    ...choiceCases('t_user', (row) => row.t_user.value.map((u) => u.code), [['sato'], ['LOGINUSER()'], [''], ['admin', 'tanaka']], { multi: true, inner: true }),
  ];
  const dateCases = [];
  for (const f of FUNCS.slice(0, 12)) {
    dateCases.push([`t_date in (${fnText(f)})`, (t) => { const [s, e] = fnDays(f[0], f.slice(1), t); return (x) => rowsOf(x).some((row) => cmp('=', dateVal(row.t_date.value), s, e)); }]);
    dateCases.push([`t_date not in (${fnText(f)})`, (t) => { const [s, e] = fnDays(f[0], f.slice(1), t); return (x) => !rowsOf(x).some((row) => cmp('=', dateVal(row.t_date.value), s, e)); }]);
    for (const op of ['<', '<=', '>', '>=']) {
      dateCases.push([`t_date ${op} ${fnText(f)}`, (t) => { const [s, e] = fnDays(f[0], f.slice(1), t); return (x) => rowsOf(x).some((row) => cmp(op, dateVal(row.t_date.value), s, e)); }]);
    }
  }
  // DATETIME and TIME inside the table: in / not in take periods and minutes.
  for (const f of FUNCS.slice(0, 10)) {
    const range = (t) => fnDays(f[0], f.slice(1), t).map(dayStart);
    dateCases.push([`t_dt in (${fnText(f)})`, (t) => { const [s, e] = range(t); return (x) => rowsOf(x).some((row) => cmp('=', dtVal(row.t_dt.value), s, e)); }]);
    dateCases.push([`t_dt not in (${fnText(f)})`, (t) => { const [s, e] = range(t); return (x) => !rowsOf(x).some((row) => cmp('=', dtVal(row.t_dt.value), s, e)); }]);
    for (const op of ['<', '>=']) dateCases.push([`t_dt ${op} ${fnText(f)}`, (t) => { const [s, e] = range(t); return (x) => rowsOf(x).some((row) => cmp(op, dtVal(row.t_dt.value), s, e)); }]);
  }
  const someDt = records.flatMap((x) => rowsOf(x).map((row) => row.t_dt.value)).find(Boolean);
  const m0 = Math.floor(Date.parse(someDt) / 60000) * 60000;
  dateCases.push([`t_dt in (${q(someDt)}, "")`, () => (x) => rowsOf(x).some((row) => row.t_dt.value === '' || cmp('=', dtVal(row.t_dt.value), m0, m0 + 60000))]);
  dateCases.push([`t_dt > ${q(someDt)}`, () => (x) => rowsOf(x).some((row) => cmp('>', dtVal(row.t_dt.value), m0, m0 + 60000))]);
  dateCases.push(['t_dt in (NOW())', (t, nowMs) => { const s = Math.floor(nowMs / 60000) * 60000; return (x) => rowsOf(x).some((row) => cmp('=', dtVal(row.t_dt.value), s, s + 60000)); }, 'now']);
  for (const [lits, neg] of [[['09:30', ''], false], [['12:00'], true], [['00:00', '23:59'], false]]) {
    const hit = (row) => lits.some((l) => (l === '' ? row.t_time.value == null : row.t_time.value === l));
    dateCases.push([`t_time ${neg ? 'not in' : 'in'} (${lits.map(q).join(', ')})`, () => (x) => (neg ? !rowsOf(x).some(hit) : rowsOf(x).some(hit))]);
  }
  for (const op of ['<', '<=', '>', '>=']) {
    dateCases.push([`t_time ${op} "12:00"`, () => (x) => rowsOf(x).some((row) => row.t_time.value != null && { '<': row.t_time.value < '12:00', '<=': row.t_time.value <= '12:00', '>': row.t_time.value > '12:00', '>=': row.t_time.value >= '12:00' }[op])]);
  }
  for (const [lits, neg] of [[['r1'], false], [['r2', ''], false], [['r1'], true], [[''], true]]) {
    const hit = (row) => lits.some((l) => (l === '' ? row.t_radio.value == null || row.t_radio.value === '' : row.t_radio.value === l));
    dateCases.push([`t_radio ${neg ? 'not in' : 'in'} (${lits.map(q).join(', ')})`, () => (x) => (neg ? !rowsOf(x).some(hit) : rowsOf(x).some(hit))]);
  }
  dateCases.push(['t_date in ("")', () => (x) => rowsOf(x).some((row) => row.t_date.value == null)]);
  dateCases.push(['t_date not in ("")', () => (x) => !rowsOf(x).some((row) => row.t_date.value == null)]);
  await check(cases);
  await check(dateCases);
  // Two conditions on the table are two separate row searches.
  await check(plain([
    ['t_text in ("bolt") and t_num > 50', (x) => rowsOf(x).some((r) => r.t_text.value === 'bolt') && rowsOf(x).some((r) => Number(r.t_num.value) > 50 && r.t_num.value !== '')],
  ]));
});

test('and / or with parentheses: random combinations against the reference', async () => {
  const atoms = [
    ['text = "apple"', (x) => x.text.value === 'apple'],
    ['text like "東京"', (x) => like(x.text.value, '東京')],
    ['num > 5', (x) => numVal(x.num.value) != null && numVal(x.num.value) > 5],
    ['num = ""', (x) => numVal(x.num.value) == null],
    ['radio in ("A", "B")', (x) => ['A', 'B'].includes(x.radio.value)],
    ['check in ("a")', (x) => x.check.value.includes('a')],
    ['$id <= 20', (x) => Number(x.$id.value) <= 20],
    ['memo is empty', (x) => blank(x.memo.value)],
    ['作成者 in ("sato")', (x) => x['作成者'].value.code === 'sato'],
    ['t_text in ("bolt")', (x) => rowsOf(x).some((r) => r.t_text.value === 'bolt')],
    ['file is not empty', (x) => x.file.value.length > 0],
    ['date = ""', (x) => x.date.value == null],
  ];
  const r = rng(7);
  const gen = (depth) => {
    if (depth === 0 || r() < 0.3) return atoms[Math.floor(r() * atoms.length)];
    const n = 2 + Math.floor(r() * 2);
    const parts = Array.from({ length: n }, () => gen(depth - 1));
    const ops = Array.from({ length: n - 1 }, () => (r() < 0.5 ? 'and' : 'or'));
    // Build text and evaluate with "and" binding tighter than "or", as SQL does.
    let text = '';
    const groups = [[parts[0][1]]];
    parts.forEach((p, i) => {
      const wrapped = p[0].includes(' and ') || p[0].includes(' or ') ? `(${p[0]})` : p[0];
      text += i === 0 ? wrapped : ` ${ops[i - 1]} ${wrapped}`;
      if (i > 0) { if (ops[i - 1] === 'and') groups[groups.length - 1].push(p[1]); else groups.push([p[1]]); }
    });
    return [text, (x) => groups.some((g) => g.every((f) => f(x)))];
  };
  const cases = [];
  for (let i = 0; i < 150; i++) cases.push(gen(3));
  // Precedence without parentheses, spelled out.
  cases.push(['text = "apple" or num > 5 and radio in ("A")', (x) => x.text.value === 'apple' || (numVal(x.num.value) > 5 && x.radio.value === 'A')]);
  cases.push(['(text = "apple" or num > 5) and radio in ("A")', (x) => (x.text.value === 'apple' || numVal(x.num.value) > 5) && x.radio.value === 'A']);
  cases.push(['((($id > 3)))', (x) => Number(x.$id.value) > 3]);
  cases.push(['TEXT = "x" OR $ID = 2'.replace('TEXT', 'text').replace('$ID', '$id'), (x) => x.text.value === 'x' || x.$id.value === '2']);
  cases.push(['text = "x"　AnD\t$id\n>\r\n2', (x) => x.text.value === 'x' && Number(x.$id.value) > 2]);
  await check(plain(cases));
});

test('order by several fields, limit and offset, and their bounds', async () => {
  const bytes = (s) => Buffer.from(s ?? '', 'utf8');
  const keyOf = {
    text: (x) => x.text.value, num: (x) => numVal(x.num.value), radio: (x) => x.radio.value, date: (x) => x.date.value,
    time: (x) => x.time.value, dt: (x) => x.dt.value, link: (x) => x.link.value, '作成者': (x) => x['作成者'].value.code,
    '作成日時': (x) => x['作成日時'].value, $id: (x) => Number(x.$id.value), drop: (x) => x.drop.value,
  };
  const compare = (a, b) => {
    const ea = a === null || a === '' || a === undefined;
    const eb = b === null || b === '' || b === undefined;
    if (ea || eb) return ea && eb ? 0 : ea ? -1 : 1; // empty first in ascending order
    if (typeof a === 'number') return a - b;
    return Buffer.compare(bytes(a), bytes(b));
  };
  const sorted = (keys) => [...records].sort((a, b) => {
    for (const [k, dir] of keys) {
      const c = compare(keyOf[k](a), keyOf[k](b));
      if (c !== 0) return dir === 'asc' ? c : -c;
    }
    return Number(b.$id.value) - Number(a.$id.value);
  }).map((x) => Number(x.$id.value));
  const orders = [
    [['text', 'asc']], [['text', 'desc']], [['num', 'asc'], ['text', 'desc']], [['radio', 'asc'], ['num', 'desc']],
    [['date', 'desc'], ['time', 'asc']], [['dt', 'asc']], [['作成者', 'asc'], ['作成日時', 'desc']], [['$id', 'asc']],
    [['drop', 'desc'], ['link', 'asc'], ['$id', 'asc']], [['time', 'desc']],
  ];
  for (const keys of orders) {
    const qq = `order by ${keys.map(([k, d]) => `${k} ${d}`).join(', ')}`;
    assert.deepEqual(await ids(qq), sorted(keys), qq);
  }
  // No direction means descending; no order by means $id descending.
  assert.deepEqual(await ids('order by num'), sorted([['num', 'desc']]));
  assert.deepEqual(await ids(''), sorted([['$id', 'desc']]));
  // limit and offset slice the ordered result.
  const all = sorted([['num', 'asc'], ['text', 'asc']]);
  for (const [l, o] of [[5, 0], [5, 3], [1, 41], [10, 40], [0, 0], [500, 0], [3, 10000]]) {
    const got = (await client.record.getRecords({ app, query: `order by num asc, text asc limit ${l} offset ${o}`, fields: ['$id'] })).records.map((x) => Number(x.$id.value));
    assert.deepEqual(got, all.slice(o, o + l), `limit ${l} offset ${o}`);
  }
  // Default limit is 100 (N < 100: all).
  assert.equal((await client.record.getRecords({ app, query: '' })).records.length, N);
  await rejects(client.record.getRecords({ app, query: 'limit 501' }), { code: 'GAIA_QU01', status: 400 });
  await rejects(client.record.getRecords({ app, query: 'offset 10001' }), { code: 'GAIA_QU02', status: 400 });
  await rejects(client.record.getRecords({ app, query: 'limit -1' }), { code: 'CB_VA01', status: 400 });
  await rejects(client.record.getRecords({ app, query: 'limit 5 order by $id asc' }), { code: 'CB_VA01', keys: ['query'] });
});

test('refused queries: wrong operator, unknown field, bad function arguments, syntax errors', async () => {
  const cases = [
    ['memo = "x"', 'GAIA_IQ03'], ['rich != ""', 'GAIA_IQ03'], ['check = "a"', 'GAIA_IQ03'], ['multi != "m1"', 'GAIA_IQ03'],
    ['radio = "A"', 'GAIA_IQ03'], ['num like "1"', 'GAIA_IQ03'], ['date in ("2024-01-01")', 'GAIA_IQ03'], ['dt like "2024"', 'GAIA_IQ03'],
    ['text is empty', 'GAIA_IQ03'], ['file = "report.pdf"', 'GAIA_IQ03'], ['user = "admin"', 'GAIA_IQ03'], ['作成者 = "admin"', 'GAIA_IQ03'],
    ['date = NOW()', 'GAIA_IQ03'], ['time = TODAY()', 'GAIA_IQ03'], ['text = TODAY()', 'GAIA_IQ03'], ['num in (LOGINUSER())', 'GAIA_IQ03'],
    ['t_text = "bolt"', 'GAIA_IQ03'], ['品目 in ("x")', 'GAIA_IQ03'], ['order by memo', 'GAIA_IQ03'], ['order by check asc', 'GAIA_IQ03'],
    ['order by t_text', 'GAIA_IQ03'], ['nosuch = 1', 'GAIA_IQ11'], ['order by nosuch', 'GAIA_IQ11'], ['Text = "x"', 'GAIA_IQ11'],
    ['date = THIS_MONTH(40)', 'GAIA_IQ23'], ['date = THIS_WEEK(MON)', 'GAIA_IQ23'], ['date = FROM_TODAY(1, HOURS)', 'GAIA_IQ25'],
    ['date = FROM_TODAY(1)', 'GAIA_IL08'], ['date = TODAY(1)', 'GAIA_IL08'],
    ['text = "unterminated', 'CB_VA01'], ['text = ', 'CB_VA01'], ['(text = "x"', 'CB_VA01'], ['text = "x")', 'CB_VA01'],
    ['text == "x"', 'CB_VA01'], ['and text = "x"', 'CB_VA01'], ['text in ()', 'CB_VA01'], ['text = "a\tb"', 'CB_VA01'],
    ['num > ""', 'CB_VA01'], ['date = "2024-02-30"', 'CB_VA01'], ['$id = 1.5', 'CB_VA01'], ['text = `x`', 'CB_VA01'],
  ];
  for (const [qq, code] of cases) {
    const e = await rejects(client.record.getRecords({ app, query: qq }), { code, status: 400 });
    if (code === 'CB_VA01') assert.ok(e.errors && e.errors.query, `${qq}: ${JSON.stringify(e.errors)}`);
    assert.ok(!/sqlite|SELECT|syntax error near/i.test(e.message + JSON.stringify(e.errors || {})), `${qq} leaks SQL: ${e.message}`);
  }
});

test('fields[], totalCount, escapes and Japanese text', async () => {
  const r = await client.record.getRecords({ app, fields: ['$id', 'text', '品目', 'nosuchfield'], query: '$id <= 3 order by $id asc' });
  assert.deepEqual(Object.keys(r.records[0]).sort(), ['$id', 'text', '品目'].sort());
  const withRows = r.records.find((x) => x['品目'].value.length > 0);
  assert.ok(withRows, 'one of the first records has rows');
  assert.deepEqual(Object.keys(withRows['品目'].value[0].value).sort(), ['t_check', 't_date', 't_dt', 't_num', 't_radio', 't_text', 't_time', 't_user']);
  assert.equal(r.totalCount, null);
  const raw = await call(srv, 'GET', `/k/v1/records.json?app=${app}&fields%5B0%5D=%24revision&query=${encodeURIComponent('$id = 2')}`);
  assert.deepEqual(Object.keys(raw.json.records[0]), ['$revision']);
  const tc = await client.record.getRecords({ app, query: 'num != "" order by $id asc limit 2 offset 1', totalCount: true });
  assert.equal(tc.records.length, 2);
  assert.equal(tc.totalCount, String(records.filter((x) => x.num.value !== '').length));
  // Escaped quotes and backslashes in values.
  assert.deepEqual(await ids('text = "say \\"hi\\""'), idsDesc((x) => x.text.value === 'say "hi"'));
  assert.ok((await ids('text = "say \\"hi\\""')).length > 0);
  assert.deepEqual(await ids('text = "back\\\\slash"'), idsDesc((x) => x.text.value === 'back\\slash'));
  assert.ok((await ids('text = "back\\\\slash"')).length > 0);
  assert.deepEqual(await ids('radio in ("選\\"択")'), idsDesc((x) => x.radio.value === '選"択'));
  assert.deepEqual(await ids('text = "tab\\there"'), idsDesc((x) => x.text.value === 'tab\there'));
  // Japanese like.
  assert.deepEqual(await ids('text like "東京"'), idsDesc((x) => like(x.text.value, '東京')));
  assert.ok((await ids('text like "東京"')).length >= 2);
  assert.deepEqual(await ids('memo like "大阪"'), idsDesc((x) => like(x.memo.value, '大阪')));
});

test('the exact queries the official clients send', async () => {
  const asc = (pred) => idsDesc(pred).reverse();
  const cases = [
    ['$id > 0 order by $id asc limit 500', asc(() => true)],
    ['$id > 17 order by $id asc limit 500', asc((x) => Number(x.$id.value) > 17)],
    ['(num > 5 or text like "東京") and $id > 10 order by $id asc limit 500', asc((x) => (numVal(x.num.value) > 5 || like(x.text.value, '東京')) && Number(x.$id.value) > 10)],
    ['text = "apple" order by $id asc limit 500 offset 0', asc((x) => x.text.value === 'apple')],
    ['text = "apple"', idsDesc((x) => x.text.value === 'apple')],
  ];
  for (const [qq, want] of cases) {
    const { records: got } = await client.record.getRecords({ app, query: qq, fields: ['$id'] });
    assert.deepEqual(got.map((x) => Number(x.$id.value)), want, qq);
  }
  // The cli's record delete scan: fields[0]=$id in the query string.
  const raw = await call(srv, 'GET', `/k/v1/records.json?app=${app}&fields%5B0%5D=%24id&query=${encodeURIComponent('$id > 0 order by $id asc limit 500')}`);
  assert.equal(raw.status, 200);
  assert.deepEqual(raw.json.records.map((x) => Number(x.$id.value)), asc(() => true));
  // The client's helpers build these queries themselves.
  const all = await client.record.getAllRecords({ app, condition: 'num > 5', orderBy: 'text asc', withCursor: false });
  assert.deepEqual(all.map((x) => x.$id.value).sort(), records.filter((x) => numVal(x.num.value) > 5).map((x) => x.$id.value).sort());
});

test('X-HTTP-Method-Override: GET with a JSON body, and a query over 4096 characters', async () => {
  const res = await call(srv, 'POST', '/k/v1/records.json', {
    headers: { 'X-HTTP-Method-Override': 'GET' },
    body: { app, query: 'num > 5 order by $id asc', fields: ['$id', 'num'], totalCount: true },
  });
  assert.equal(res.status, 200, res.text);
  const want = idsDesc((x) => numVal(x.num.value) > 5).reverse();
  assert.deepEqual(res.json.records.map((x) => Number(x.$id.value)), want);
  assert.equal(res.json.totalCount, String(want.length));
  // Other GET endpoints take the same form.
  const one = await call(srv, 'POST', '/k/v1/record.json', { headers: { 'X-HTTP-Method-Override': 'GET' }, body: { app, id: 1 } });
  assert.equal(one.status, 200, one.text);
  assert.equal(one.json.record.$id.value, '1');
  const fields = await call(srv, 'POST', '/k/v1/app/form/fields.json', { headers: { 'X-HTTP-Method-Override': 'GET' }, body: { app } });
  assert.equal(fields.status, 200, fields.text);
  assert.ok(fields.json.properties.text);
  // The client switches to the override by itself past 4096 characters.
  const decoys = Array.from({ length: 400 }, (_, i) => `decoy value number ${i}`);
  const long = `text in (${[...decoys, 'apple', '東京都'].map(q).join(', ')}) order by $id asc`;
  assert.ok(long.length > 6000);
  const { records: got } = await client.record.getRecords({ app, query: long, fields: ['$id'] });
  assert.deepEqual(got.map((x) => Number(x.$id.value)), idsDesc((x) => ['apple', '東京都'].includes(x.text.value)).reverse());
  assert.ok(got.length > 0);
});
