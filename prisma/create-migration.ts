// npm run db:migration -- <name>
// Writes a new migration for both databases: the SQL that takes the schema
// recorded at the last migration (schema.snapshot.prisma, kept beside the
// migrations) to the current one. Diffing two schema files needs no shadow
// database and no engine binary, which Prisma's CLI would download.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffSchemas, migrationsDir, schemaFile } from '../src/database/schema-engine';
import type { DatabaseKind } from '../src/database/database-url';

// The diff reads no tables, but the engine wants a live adapter (PostgreSQL
// checks its connection), so point MIGRATION_PG_URL at any reachable server.
const offlineUrls: Record<DatabaseKind, string> = {
  // A throwaway file: "file::memory:" would be taken as a file named ":memory:".
  sqlite: `file:${join(tmpdir(), `factura-migration-${process.pid}.db`)}`,
  postgres: process.env.MIGRATION_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
};
const providers: Record<DatabaseKind, string> = { sqlite: 'sqlite', postgres: 'postgresql' };

async function main() {
  const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]+/gi, '_').toLowerCase();
  if (!name) throw new Error('usage: npm run db:migration -- <name>');
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  for (const kind of ['sqlite', 'postgres'] as const) {
    const dir = migrationsDir(kind);
    const snapshotPath = join(dir, 'schema.snapshot.prisma');
    const current = readFileSync(schemaFile(kind), 'utf8');
    const previous = existsSync(snapshotPath) ? readFileSync(snapshotPath, 'utf8') : null;
    const sql = await diffSchemas(kind, offlineUrls[kind], previous, current);
    if (!sql.trim() || /^-- This is an empty migration/m.test(sql)) {
      console.log(`${kind}: no changes`);
      continue;
    }
    mkdirSync(join(dir, `${stamp}_${name}`), { recursive: true });
    writeFileSync(join(dir, `${stamp}_${name}`, 'migration.sql'), sql);
    writeFileSync(join(dir, 'migration_lock.toml'), `provider = "${providers[kind]}"\n`);
    writeFileSync(snapshotPath, current);
    console.log(`${kind}: wrote ${stamp}_${name}/migration.sql`);
  }
}

main()
  .catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  })
  .finally(() => rmSync(offlineUrls.sqlite.replace(/^file:/, ''), { force: true }));
