import { Prisma } from '../generated/sqlite/client';

/**
 * True when a write failed on a unique constraint (Prisma's P2002), which is
 * how "exactly once" is enforced across replicas. Both generated clients
 * raise the same code; the PostgreSQL client's error class is not the SQLite
 * one's, hence the duck-typed fallback.
 */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError
    ? err.code === 'P2002'
    : (err as { code?: string })?.code === 'P2002';
}
