import { EventWebhook } from '@sendgrid/eventwebhook';
import { AppError } from '../common/app-error';

export const SIGNATURE_HEADER = 'x-twilio-email-event-webhook-signature';
export const TIMESTAMP_HEADER = 'x-twilio-email-event-webhook-timestamp';
/** A signed post older (or newer) than this is refused, so a captured one cannot be replayed later. */
export const MAX_WEBHOOK_AGE_MS = 10 * 60_000;

type Headers = Record<string, string | string[] | undefined>;
type PublicKey = ReturnType<EventWebhook['convertPublicKeyToECDSA']>;

/**
 * Checks that an Event Webhook post comes from SendGrid: an ECDSA signature
 * over the timestamp header followed by the raw body, with the public key
 * from SendGrid's Mail Settings. Without a key the webhook stays closed.
 */
export class SendgridWebhookVerifier {
  private readonly webhook = new EventWebhook();
  private readonly key: PublicKey | null;

  /** `publicKey`: base64 (as SendGrid shows it) or PEM; null disables the webhook. */
  constructor(publicKey: string | null) {
    this.key = publicKey ? this.parseKey(publicKey) : null;
  }

  get enabled(): boolean {
    return this.key !== null;
  }

  /**
   * Throws an AppError unless the post is authentic and recent. `rawBody`
   * must be the bytes as received: parsed-and-reserialised JSON never matches.
   */
  verify(rawBody: Buffer | string | undefined, headers: Headers, now: Date): void {
    if (!this.key) {
      throw new AppError(403, 'webhook_disabled', 'El webhook de SendGrid no está habilitado.');
    }
    if (rawBody === undefined) {
      // A wiring mistake, not a bad request: fail as a 500, loudly.
      throw new Error('SendGrid webhook: raw body missing; create the Nest app with { rawBody: true } and pass req.rawBody');
    }
    const signature = headerValue(headers, SIGNATURE_HEADER);
    const timestamp = headerValue(headers, TIMESTAMP_HEADER);
    if (!signature || !timestamp) {
      throw new AppError(403, 'missing_signature', 'Falta la firma del webhook de SendGrid.');
    }
    const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : NaN;
    if (Number.isNaN(seconds) || Math.abs(now.getTime() - seconds * 1000) > MAX_WEBHOOK_AGE_MS) {
      throw new AppError(403, 'stale_signature', 'La firma del webhook de SendGrid está vencida.');
    }
    if (!this.signatureMatches(rawBody, signature, timestamp)) {
      throw new AppError(403, 'invalid_signature', 'La firma del webhook de SendGrid no es válida.');
    }
  }

  private signatureMatches(rawBody: Buffer | string, signature: string, timestamp: string): boolean {
    try {
      return this.webhook.verifySignature(this.key!, rawBody, signature, timestamp);
    } catch {
      // The library throws on signatures it cannot even decode.
      return false;
    }
  }

  private parseKey(publicKey: string): PublicKey {
    try {
      return this.webhook.convertPublicKeyToECDSA(publicKey.trim());
    } catch (err) {
      throw new Error(`SENDGRID_WEBHOOK_PUBLIC_KEY: not an ECDSA public key (${(err as Error).message})`);
    }
  }
}

function headerValue(headers: Headers, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
}
