import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

export type DatabaseKind = 'sqlite' | 'postgres';

export function databaseKind(url: string): DatabaseKind {
  return /^postgres(ql)?:\/\//i.test(url) ? 'postgres' : 'sqlite';
}

/** Absolute path of a `file:` SQLite URL, relative paths taken from the working directory. */
export function sqliteFilePath(url: string): string {
  return resolve(url.replace(/^file:/, '').replace(/\?.*$/, ''));
}

/**
 * The Prisma driver adapter for a DATABASE_URL. The app's client and the
 * schema engine that applies migrations use the same adapter, so both
 * databases run through one code path with no engine binary.
 */
export function createAdapterFactory(url: string): SqlMigrationAwareDriverAdapterFactory {
  if (databaseKind(url) === 'postgres') {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get('schema') ?? undefined;
    parsed.searchParams.delete('schema');
    // `?schema=` (Prisma's convention) becomes the connection's search_path,
    // so migrations and queries land in the same schema.
    return new PrismaPg(
      {
        connectionString: parsed.toString(),
        max: 10,
        ...(schema ? { options: `-c search_path="${schema.replace(/"/g, '')}"` } : {}),
      },
      { schema },
    );
  }
  const file = sqliteFilePath(url);
  mkdirSync(dirname(file), { recursive: true });
  return new PrismaBetterSqlite3({ url: file, timeout: 5000 });
}
