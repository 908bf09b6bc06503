import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { nextRetryDelayMs, RetryPolicy } from '../mail/retry-policy';
import { SlackPostPublisher } from './slack-post.publisher';
import { SlackPostRecord, SlackPostsRepository } from './slack-posts.repository';
import { SlackCallError } from './slack-web.client';

const CLAIM_MS = 60_000;
const POLL_MS = 1_000;
const CONCURRENCY = 2;
/** Slack outages rarely last; a post still refused after a day is given up (and logged). */
const POLICY: RetryPolicy = { baseMs: 1_000, maxDelayMs: 10 * 60_000, giveUpAfterMs: 24 * 3_600_000 };

/**
 * Posts what the outbox holds, a few at a time, and records each outcome.
 * A row is claimed with a conditional update (one worker per row, across
 * replicas); Slack's rate limits and outages are retried with backoff that
 * honours Retry-After; refusals for good are kept as `failed` with Slack's
 * reason. Delivery to Slack is at-least-once: a process killed between
 * Slack's answer and the row's update posts again when the claim expires.
 */
@Injectable()
export class SlackPostWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('SlackPosts');
  private readonly worker = randomUUID();
  private readonly running = new Set<Promise<void>>();
  private readonly claimed = new Set<string>();
  private timer?: NodeJS.Timeout;
  private passing?: Promise<void>;
  private again = false;
  private stopped = true;

  constructor(
    private readonly posts: SlackPostsRepository,
    private readonly publisher: SlackPostPublisher,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.slack.enabled) return;
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), POLL_MS);
    this.timer.unref();
    this.kick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.passing;
    await Promise.allSettled([...this.running]);
    await this.posts.releaseClaims(this.worker, [...this.claimed]).catch(() => 0);
  }

  /** Look for due posts now (something was just added or changed). */
  kick(): void {
    if (this.stopped) return;
    if (this.passing) {
      this.again = true;
      return;
    }
    this.passing = this.pass()
      .catch((err) => this.logger.warn({ err }, 'Slack outbox pass failed'))
      .finally(() => {
        this.passing = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async pass(): Promise<void> {
    while (!this.stopped) {
      const free = CONCURRENCY - this.running.size;
      if (free <= 0) return;
      const due = (await this.posts.findDue(this.clock.now(), free + this.running.size)).filter((id) => !this.claimed.has(id)).slice(0, free);
      if (due.length === 0) return;
      for (const id of due) {
        this.claimed.add(id);
        const run: Promise<void> = this.attempt(id)
          .catch((err) => this.logger.error({ err, postId: id }, 'Slack post attempt crashed'))
          .finally(() => {
            this.claimed.delete(id);
            this.running.delete(run);
            this.kick();
          });
        this.running.add(run);
      }
    }
  }

  private async attempt(id: string): Promise<void> {
    const now = this.clock.now();
    const post = await this.posts.claim(id, this.worker, now, new Date(now.getTime() + CLAIM_MS));
    if (!post) return;
    try {
      const { ts } = await this.publisher.publish(post);
      await this.posts.markPosted(post.id, this.worker, ts);
    } catch (err) {
      await this.failed(post, err);
    }
  }

  private async failed(post: SlackPostRecord, err: unknown): Promise<void> {
    const slack = err instanceof SlackCallError ? err : null;
    const error = slack ? slack.code : ((err as Error)?.message ?? String(err));
    const now = this.clock.now();
    const delay = slack && !slack.retryable ? null : nextRetryDelayMs(post.attempts + 1, slack?.retryAfterMs ?? null, now.getTime() - post.createdAt.getTime(), POLICY);
    if (delay === null) {
      await this.posts.markFailed(post.id, this.worker, error);
      this.logger.warn({ postId: post.id, purpose: post.purpose, error }, 'Slack refused a post for good');
      return;
    }
    await this.posts.markRetry(post.id, this.worker, error, new Date(now.getTime() + delay));
    this.logger.log({ postId: post.id, purpose: post.purpose, error, retryInMs: delay }, 'Slack post will be retried');
  }
}
