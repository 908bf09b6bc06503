import { createPublicKey, createVerify, KeyObject } from 'node:crypto';
import { AppError } from '../common/app-error';

export const SIGNATURE_HEADER = 'x-twilio-email-event-webhook-signature';
export const TIMESTAMP_HEADER = 'x-twilio-email-event-webhook-timestamp';
/** A signed post older (or newer) than this is refused, so a captured one cannot be replayed later. */
export const MAX_WEBHOOK_AGE_MS = 10 * 60_000;

type Headers = Record<string, string | string[] | undefined>;

/**
 * Checks that an Event Webhook post comes from SendGrid: an ECDSA signature
 * over the timestamp header followed by the raw body, with the public key
 * from SendGrid's Mail Settings. Without a key the webhook stays closed.
 */
export class SendgridWebhookVerifier {
  private readonly key: KeyObject | null;

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

  /**
   * ECDSA P-256 over SHA-256 of timestamp + raw body, DER signature in base64.
   * Node's native crypto rather than @sendgrid/eventwebhook, whose pure-JS
   * ECDSA held the event loop ~300 ms on a 4.5 MB batch.
   */
  private signatureMatches(rawBody: Buffer | string, signature: string, timestamp: string): boolean {
    try {
      return createVerify('sha256').update(timestamp).update(rawBody).verify(this.key!, Buffer.from(signature, 'base64'));
    } catch {
      // A signature that is not even DER.
      return false;
    }
  }

  /** The key as SendGrid shows it (SPKI DER in base64) or in PEM. */
  private parseKey(publicKey: string): KeyObject {
    const text = publicKey.trim();
    try {
      const key = text.startsWith('-----BEGIN')
        ? createPublicKey(text)
        : createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' });
      if (key.asymmetricKeyType !== 'ec') throw new Error(`a ${key.asymmetricKeyType} key`);
      return key;
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
