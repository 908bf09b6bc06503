/** One message, already rendered, ready to hand to a provider. */
export interface OutgoingMail {
  /** Our delivery id; travels with the message so provider events find it. */
  deliveryId: string;
  category: 'invoice' | 'reminder';
  /** The address is the verified sender; the name is the company's. */
  from: { name: string; address: string };
  /** Where customer replies go (the company's own e-mail). */
  replyTo: string | null;
  to: string[];
  bcc: string[];
  subject: string;
  text: string;
  html: string;
  attachment: { fileName: string; content: Buffer; contentType: 'application/pdf' };
}

export interface SentMail {
  /** The provider's id for the message, which its events refer to. */
  providerMessageId: string;
}

/**
 * Hands a message to whatever delivers it: SendGrid in production, a folder
 * of .eml files on a developer's machine. Also the injection token.
 */
export abstract class MailTransport {
  abstract readonly name: string;
  /** Resolves once the provider accepted the message; rejects with TransportError. */
  abstract send(mail: OutgoingMail): Promise<SentMail>;
}

/**
 * A send that did not go through. `retryable` says whether the same message
 * may succeed later (rate limit, provider outage, timeout) or never will as
 * it is (rejected content, bad key); `retryAfterMs` is the provider's own
 * wish when it gave one.
 */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}
