/*
 * Bench-only preload (NODE_OPTIONS=--require): counts the SQL statements the
 * app sends to SQLite (better-sqlite3 prepare) or PostgreSQL (pg query), and
 * prints "bench-queries <n>" on SIGUSR2, so the reminders bench can tell
 * queries per e-mail without touching the app's code.
 */
let count = 0;
try {
  const Database = require('better-sqlite3');
  const prepare = Database.prototype.prepare;
  Database.prototype.prepare = function (...args) {
    count++;
    return prepare.apply(this, args);
  };
} catch {}
try {
  const { Client } = require('pg');
  const query = Client.prototype.query;
  Client.prototype.query = function (...args) {
    count++;
    return query.apply(this, args);
  };
} catch {}
process.on('SIGUSR2', () => process.stdout.write(`bench-queries ${count}\n`));
