import type { DeliveryRecord } from './delivery.record';

/**
 * What happened to a delivery, emitted in-process by the replica that saw
 * it (after the database says so). Slack tells whoever asked.
 */
export class DeliveryEvent {
  /** Accepted by SendGrid (or written to the outbox). */
  static readonly SENT = 'delivery.sent';
  /** Given up: rejected for good, or still failing after the retry window. */
  static readonly FAILED = 'delivery.failed';
  /** SendGrid says it bounced or was dropped. */
  static readonly BOUNCED = 'delivery.bounced';
  /** SendGrid says the receiving server took it. */
  static readonly DELIVERED = 'delivery.delivered';

  constructor(readonly delivery: DeliveryRecord) {}
}
