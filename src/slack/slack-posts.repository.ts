import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { isUniqueViolation } from '../database/unique-violation';

export type SlackPostPurpose = 'invoice_saved' | 'reminder_summary' | 'delivery_outcome' | 'send_refused' | 'pdf_upload';

/** One message (or file) the bot owes Slack, as stored. */
export interface SlackPostRecord {
  id: string;
  purpose: SlackPostPurpose;
  subjectId: string;
  channel: string;
  payload: string | null;
  ts: string | null;
  status: 'pending' | 'posted' | 'failed';
  stale: boolean;
  attempts: number;
  nextAttemptAt: Date | null;
  error: string | null;
  createdAt: Date;
}

export interface NewSlackPost {
  purpose: SlackPostPurpose;
  subjectId: string;
  channel: string;
  payload?: unknown;
}

type Row = Awaited<ReturnType<PrismaService['client']['slackPost']['findUniqueOrThrow']>>;

const UNCLAIMED = { claimedBy: null, claimedUntil: null };

/**
 * Slack's outbox. A row per message the bot owes (purpose + subject are
 * unique, so a second event or replica never doubles a post), claimed by one
 * worker at a time with a conditional update. A posted row marked `stale` is
 * due again: the worker updates the message in place.
 */
@Injectable()
export class SlackPostsRepository {
  constructor(private readonly db: PrismaService) {}

  /** Inserts the post, or finds the one already there (`created: false`). */
  async enqueue(post: NewSlackPost, now: Date): Promise<{ post: SlackPostRecord; created: boolean }> {
    try {
      const row = await this.db.client.slackPost.create({
        data: {
          purpose: post.purpose,
          subjectId: post.subjectId,
          channel: post.channel,
          payload: post.payload === undefined ? null : JSON.stringify(post.payload),
          status: 'pending',
          nextAttemptAt: now,
        },
      });
      return { post: toRecord(row), created: true };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const existing = await this.findBySubject(post.purpose, post.subjectId);
      if (!existing) throw err;
      return { post: existing, created: false };
    }
  }

  async findById(id: string): Promise<SlackPostRecord | null> {
    const row = await this.db.client.slackPost.findUnique({ where: { id } });
    return row ? toRecord(row) : null;
  }

  async findBySubject(purpose: SlackPostPurpose, subjectId: string): Promise<SlackPostRecord | null> {
    const row = await this.db.client.slackPost.findUnique({ where: { purpose_subjectId: { purpose, subjectId } } });
    return row ? toRecord(row) : null;
  }

  /** What the post shows changed: a posted message is updated on the worker's next pass. */
  async markStale(purpose: SlackPostPurpose, subjectId: string): Promise<boolean> {
    const { count } = await this.db.client.slackPost.updateMany({
      where: { purpose, subjectId, status: { in: ['pending', 'posted'] } },
      data: { stale: true },
    });
    return count > 0;
  }

  async findDue(now: Date, limit: number): Promise<string[]> {
    const rows = await this.db.client.slackPost.findMany({
      where: dueWhere(now),
      select: { id: true },
      orderBy: { createdAt: 'asc' },
      take: limit,
    });
    return rows.map((r) => r.id);
  }

  /**
   * Takes a due post for one attempt; succeeds for one worker only. `stale`
   * is cleared here, before the worker reads what to show, so a change that
   * lands while it posts marks the row again and is not lost.
   */
  async claim(id: string, worker: string, now: Date, until: Date): Promise<SlackPostRecord | null> {
    const [row] = await this.db.client.slackPost.updateManyAndReturn({
      where: { id, ...dueWhere(now) },
      data: { claimedBy: worker, claimedUntil: until, stale: false },
    });
    return row ? toRecord(row) : null;
  }

  async markPosted(id: string, worker: string, ts: string | null): Promise<void> {
    await this.db.client.slackPost.updateMany({
      where: { id, claimedBy: worker },
      data: { status: 'posted', ...(ts ? { ts } : {}), error: null, nextAttemptAt: null, attempts: { increment: 1 }, ...UNCLAIMED },
    });
  }

  /** Slack refused for now (rate limit, outage): try again at `nextAttemptAt`. */
  async markRetry(id: string, worker: string, error: string, nextAttemptAt: Date): Promise<void> {
    await this.db.client.slackPost.updateMany({
      where: { id, claimedBy: worker },
      // A posted row retries its update: stale again until it goes through.
      data: { error, nextAttemptAt, stale: true, attempts: { increment: 1 }, ...UNCLAIMED },
    });
  }

  /** Slack refused for good: a post never made is `failed`; a message already there keeps its last good state. */
  async markFailed(id: string, worker: string, error: string): Promise<void> {
    const client = this.db.client;
    await client.$transaction([
      client.slackPost.updateMany({
        where: { id, claimedBy: worker, status: 'pending' },
        data: { status: 'failed', error, nextAttemptAt: null, attempts: { increment: 1 }, ...UNCLAIMED },
      }),
      client.slackPost.updateMany({
        where: { id, claimedBy: worker, status: 'posted' },
        data: { error, nextAttemptAt: null, stale: false, attempts: { increment: 1 }, ...UNCLAIMED },
      }),
    ]);
  }

  /** Hands back what `worker` held when it stopped, so another replica takes it at once. */
  async releaseClaims(worker: string, ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const { count } = await this.db.client.slackPost.updateMany({ where: { id: { in: ids }, claimedBy: worker }, data: UNCLAIMED });
    return count;
  }
}

/** Never posted and its time has come, or posted and changed since (and not waiting out a rate limit); nobody holds it. */
function dueWhere(now: Date) {
  return {
    AND: [
      {
        OR: [
          { status: 'pending', nextAttemptAt: { lte: now } },
          { status: 'posted', stale: true, OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }] },
        ],
      },
      { OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] },
    ],
  };
}

function toRecord(row: Row): SlackPostRecord {
  return {
    id: row.id,
    purpose: row.purpose as SlackPostPurpose,
    subjectId: row.subjectId,
    channel: row.channel,
    payload: row.payload,
    ts: row.ts,
    status: row.status as SlackPostRecord['status'],
    stale: row.stale,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    error: row.error,
    createdAt: row.createdAt,
  };
}
