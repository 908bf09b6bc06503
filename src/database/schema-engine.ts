import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  bindMigrationAwareSqlAdapterFactory,
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import { createAdapterFactory, DatabaseKind, databaseKind } from './database-url';

/** `prisma/` at the top of the project, from src/database or dist/database. */
export const PRISMA_DIR = resolve(__dirname, '..', '..', 'prisma');

export function schemaFile(kind: DatabaseKind): string {
  return join(PRISMA_DIR, kind, 'schema.prisma');
}

export function migrationsDir(kind: DatabaseKind): string {
  return join(PRISMA_DIR, kind, 'migrations');
}

const NO_FILTERS = { externalTables: [], externalEnums: [] };

// The subset of @prisma/schema-engine-wasm's SchemaEngine we use.
interface WasmSchemaEngine {
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  diff(input: unknown): Promise<{ exitCode: number; stdout?: string }>;
  free(): void;
}
interface WasmBindings {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
  SchemaEngine: {
    new: (opts: unknown, log: (line: string) => void, adapter: object) => Promise<WasmSchemaEngine>;
  };
}

let bindings: Promise<WasmBindings> | undefined;

/**
 * Prisma publishes its schema engine as WebAssembly. Its entry module imports
 * the .wasm file as an ES module, which Node 20 cannot do without a flag, so
 * we instantiate the wasm ourselves and hand it to the generated glue.
 */
function loadBindings(): Promise<WasmBindings> {
  bindings ??= (async () => {
    const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const glue = require(gluePath) as WasmBindings;
    const wasm = await WebAssembly.compile(readFileSync(join(dirname(gluePath), 'schema_engine_bg.wasm')));
    // The engine arms long timers (connection timeouts) that it never
    // clears; unref them so a finished migration does not hold the process.
    const imports: Record<string, unknown> = { ...glue };
    for (const name of Object.keys(imports).filter((k) => k.startsWith('__wbg_setTimeout'))) {
      const arm = imports[name] as (...args: unknown[]) => NodeJS.Timeout;
      imports[name] = (...args: unknown[]) => {
        const timer = arm(...args);
        timer.unref?.();
        return timer;
      };
    }
    const instance = await WebAssembly.instantiate(wasm, {
      './schema_engine_bg.js': imports as WebAssembly.ModuleImports,
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
    return glue;
  })();
  return bindings;
}

async function withEngine<T>(url: string, kind: DatabaseKind, run: (e: WasmSchemaEngine) => Promise<T>): Promise<T> {
  const { SchemaEngine } = await loadBindings();
  const schema = readFileSync(schemaFile(kind), 'utf8');
  const factory = createAdapterFactory(url);
  // The engine never disposes the connections it opens: an open SQLite
  // handle keeps its lock and a pg pool keeps the process alive. Track them
  // and close them ourselves.
  const opened: SqlDriverAdapter[] = [];
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => remember(await factory.connect()),
    connectToShadowDb: async () => remember(await factory.connectToShadowDb()),
  };
  function remember<A extends SqlDriverAdapter>(adapter: A): A {
    opened.push(adapter);
    return adapter;
  }
  const engine = await SchemaEngine.new(
    { datamodels: [['schema.prisma', schema]] },
    () => undefined,
    bindMigrationAwareSqlAdapterFactory(tracked),
  );
  try {
    return await run(engine);
  } finally {
    engine.free();
    await Promise.allSettled(opened.map((a) => a.dispose()));
  }
}

function readMigrations(kind: DatabaseKind) {
  const baseDir = migrationsDir(kind);
  const lockPath = join(baseDir, 'migration_lock.toml');
  const dirs = existsSync(baseDir)
    ? readdirSync(baseDir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  return {
    baseDir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: dirs.map((name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok', value: readFileSync(join(baseDir, name, 'migration.sql'), 'utf8') },
      },
    })),
  };
}

/**
 * Applies the migrations under prisma/<kind>/migrations that the database has
 * not seen, recording them in Prisma's `_prisma_migrations` table. The app
 * calls this at startup; on PostgreSQL the engine takes an advisory lock, so
 * replicas starting together apply each migration once.
 */
export async function applyPendingMigrations(url: string): Promise<string[]> {
  const kind = databaseKind(url);
  // The engine takes a write lock even when there is nothing to do, which a
  // second instance on a live SQLite file waits on; look first.
  if ((await unappliedMigrations(url, kind)).length === 0) return [];
  return withEngine(url, kind, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList: readMigrations(kind), filters: NO_FILTERS });
    return out.appliedMigrationNames;
  });
}

/**
 * Migration folders the database has not recorded as applied. A database
 * without Prisma's table (new) has them all pending.
 */
async function unappliedMigrations(url: string, kind: DatabaseKind): Promise<string[]> {
  const names = readMigrations(kind).migrationDirectories.map((d) => d.path);
  const adapter = await createAdapterFactory(url).connect();
  try {
    const result = await adapter.queryRaw({
      sql: 'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
      args: [],
      argTypes: [],
    });
    const applied = new Set(result.rows.map((row) => String(row[0])));
    return names.filter((n) => !applied.has(n));
  } catch {
    return names;
  } finally {
    await adapter.dispose();
  }
}

/** SQL that takes a database from schema `from` (null: empty) to schema `to`. */
export async function diffSchemas(kind: DatabaseKind, url: string, from: string | null, to: string): Promise<string> {
  const target = (content: string) => ({ tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content }] });
  return withEngine(url, kind, async (engine) => {
    const out = await engine.diff({
      from: from === null ? { tag: 'empty' } : target(from),
      to: target(to),
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    return out.stdout ?? '';
  });
}
