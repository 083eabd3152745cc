// Copied unchanged (apart from this note) from the shared benchmark references
// (shared/bench/gen.mjs). bench/load.mjs imports row() from here.
// Deterministic test data shared by every target: row(i) for i = 1..N.
// Run as a script to emit SQL for the floor server:  node gen.mjs sql 100000 | sqlite3 floor.db
export const STATUSES = ['new', 'open', 'waiting', 'done', 'closed'];
const WORDS = ['permit', 'inquiry', 'equipment', 'room booking', 'event sign-up', 'subsidy', 'complaint', 'survey'];
const LOREM = 'Received at the counter; documents checked and forwarded to the section in charge. ' +
  'Follow-up call scheduled, applicant informed of the expected processing time and required fees.';
const DAY0 = Date.UTC(2024, 0, 1);

export function row(i) {
  return {
    title: `Case ${i} ${WORDS[i % WORDS.length]}`,
    amount: (i * 7919) % 1000000,
    status: STATUSES[i % STATUSES.length],
    due: new Date(DAY0 + (i % 730) * 86400000).toISOString().slice(0, 10),
    note: `Note ${i}: ${LOREM}`,
  };
}

if (import.meta.url === `file://${process.argv[1]}` && process.argv[2] === 'sql') {
  const n = Number(process.argv[3] || 100000);
  const q = (s) => `'${String(s).replace(/'/g, "''")}'`;
  const out = [];
  out.push('BEGIN;');
  for (let i = 1; i <= n; i += 500) {
    const vals = [];
    for (let j = i; j < Math.min(i + 500, n + 1); j++) {
      const r = row(j);
      vals.push(`(${j},${q(r.title)},${r.amount},${q(r.status)},${q(r.due)},${q(r.note)})`);
    }
    out.push(`INSERT INTO cases(id,title,amount,status,due,note) VALUES ${vals.join(',')};`);
  }
  out.push('COMMIT;');
  process.stdout.write(out.join('\n') + '\n');
}
