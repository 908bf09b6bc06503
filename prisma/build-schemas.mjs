// Writes prisma/<provider>/schema.prisma from prisma/models.prisma.
// A Prisma schema names one provider, and a client generated for SQLite
// refuses the PostgreSQL adapter, so each database gets its own schema,
// migrations folder and generated client, all from the one models file.
// `--check` exits 1 when a written schema is out of date, or when the model
// changed without a migration (CI runs it).
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const models = readFileSync(join(here, 'models.prisma'), 'utf8');
const providers = { sqlite: 'sqlite', postgres: 'postgresql' };
const check = process.argv.includes('--check');
let stale = [];

for (const [folder, provider] of Object.entries(providers)) {
  const header = `// GENERATED from prisma/models.prisma by prisma/build-schemas.mjs. Do not edit.

generator client {
  provider     = "prisma-client"
  output       = "../../src/generated/${folder}"
  moduleFormat = "cjs"
}

datasource db {
  provider = "${provider}"
}

`;
  const file = join(here, folder, 'schema.prisma');
  const content = header + models;
  if (check) {
    if (!existsSync(file) || readFileSync(file, 'utf8') !== content) stale.push(file);
    // The snapshot is the schema as of the last migration: a model change
    // without a migration shows up here.
    const snapshot = join(here, folder, 'migrations', 'schema.snapshot.prisma');
    if (!existsSync(snapshot) || readFileSync(snapshot, 'utf8') !== content) {
      stale.push(`${snapshot} (run npm run db:migration -- <name>)`);
    }
  } else {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

if (stale.length) {
  console.error(`Out of date (run npm run db:schemas): ${stale.join(', ')}`);
  process.exit(1);
}
