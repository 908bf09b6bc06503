#!/bin/sh
# Stand-in for Prisma's schema-engine binary, which the CLI would otherwise
# download on `prisma generate` (it cannot here, and generate does not need it).
# Migrations run through @prisma/schema-engine-wasm instead: src/database/schema-engine.ts.
exit 0
