/*
 * Bench-only preload (NODE_OPTIONS=--require): counts the SQL statements the
 * app sends to SQLite (better-sqlite3 prepare) or PostgreSQL (pg query), and
 * prints "bench-queries <n>" on SIGUSR2, so the reminders bench can tell
 * queries per e-mail without touching the app's code; before that it runs a
 * full GC and prints the live heap ("bench-live-heap <MB>").
 */
let count = 0;
/** With BENCH_QUERY_TOP set, which statements: their counts print with the total. */
const bySql = process.env.BENCH_QUERY_TOP ? new Map() : null;
const seen = (sql) => {
  count++;
  if (bySql) bySql.set(String(sql).slice(0, 160), (bySql.get(String(sql).slice(0, 160)) ?? 0) + 1);
};
try {
  const Database = require('better-sqlite3');
  const prepare = Database.prototype.prepare;
  Database.prototype.prepare = function (...args) {
    seen(args[0]);
    return prepare.apply(this, args);
  };
} catch {}
try {
  const { Client } = require('pg');
  const query = Client.prototype.query;
  Client.prototype.query = function (...args) {
    seen(typeof args[0] === 'string' ? args[0] : args[0]?.text);
    return query.apply(this, args);
  };
} catch {}
// A full collection on demand: what the heap holds after it is what the app keeps alive (retention), not garbage.
require('v8').setFlagsFromString('--expose-gc');
const gc = require('vm').runInNewContext('gc');
process.on('SIGUSR2', () => {
  gc();
  process.stdout.write(`bench-live-heap ${(process.memoryUsage().heapUsed / 1048576).toFixed(1)}\n`);
  if (bySql) for (const [sql, n] of [...bySql].sort((a, b) => b[1] - a[1]).slice(0, 25)) process.stderr.write(`bench-sql ${n} ${sql}\n`);
  process.stdout.write(`bench-queries ${count}\n`);
});
