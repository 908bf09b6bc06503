import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { PrismaClient as SqliteClient } from '../generated/sqlite/client';
import { PrismaClient as PostgresClient } from '../generated/postgres/client';
import { createAdapterFactory, databaseKind, DatabaseKind } from './database-url';
import { applyPendingMigrations } from './schema-engine';

/**
 * Both generated clients come from the one models file and expose the same
 * API; the SQLite one's type stands for both.
 */
export type DbClient = SqliteClient;

/**
 * The database connection. Applies pending migrations before the app takes
 * requests. Only data-access classes (*.repository.ts) use it.
 */
@Injectable()
export class PrismaService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  readonly kind: DatabaseKind;
  readonly client: DbClient;

  constructor(private readonly config: AppConfig) {
    this.kind = databaseKind(config.databaseUrl);
    const adapter = createAdapterFactory(config.databaseUrl);
    this.client =
      this.kind === 'postgres'
        ? (new PostgresClient({ adapter }) as unknown as DbClient)
        : new SqliteClient({ adapter });
  }

  async onModuleInit(): Promise<void> {
    const started = Date.now();
    const applied = await applyPendingMigrations(this.config.databaseUrl);
    await this.client.$connect();
    if (this.kind === 'sqlite') {
      // WAL lets readers (health checks, portal) run beside a writer.
      await this.client.$queryRawUnsafe('PRAGMA journal_mode = WAL');
    }
    this.logger.log(
      { database: this.kind, appliedMigrations: applied, ms: Date.now() - started },
      applied.length ? `applied ${applied.length} migration(s)` : 'schema up to date',
    );
  }

  /** Last step of shutdown, after requests and background work are done with the database. */
  async onApplicationShutdown(): Promise<void> {
    await this.client.$disconnect();
  }

  async ping(): Promise<void> {
    await this.client.$queryRawUnsafe('SELECT 1');
  }
}
