import { Client } from '@sendgrid/client';
import { MailDataRequired, MailService } from '@sendgrid/mail';
import { messages } from '../common/messages';
import { MailTransport, OutgoingMail, SentMail, TransportError } from './mail.transport';

export interface SendgridTransportOptions {
  apiKey: string;
  /** e.g. https://api.sendgrid.com, or a local fake in tests. */
  apiUrl: string;
  /** Give up on a request SendGrid does not answer within this time. */
  timeoutMs: number;
}

/** Sends through SendGrid's v3 Mail Send API. */
export class SendgridTransport extends MailTransport {
  readonly name = 'sendgrid';
  private readonly mail: MailService;

  constructor({ apiKey, apiUrl, timeoutMs }: SendgridTransportOptions) {
    super();
    // A client of our own rather than the package's shared singleton, so
    // base URL and timeout are this transport's alone. setApiKey() resets the
    // base URL to SendGrid's, hence the order.
    const client = new Client();
    this.mail = new MailService();
    this.mail.setClient(client);
    this.mail.setApiKey(apiKey);
    client.setDefaultRequest('baseUrl', apiUrl);
    // axios' timeout: an idle socket (no answer, not even headers) for this long aborts the request.
    this.mail.setTimeout(timeoutMs);
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    let response;
    try {
      [response] = await this.mail.send(toSendgridMessage(mail));
    } catch (err) {
      throw toTransportError(err);
    }
    // SendGrid always sends X-Message-Id with a 202; were it missing, the
    // mail still left (retrying would send it twice) and events still find
    // the delivery through custom_args.delivery_id.
    const messageId = header(response.headers, 'x-message-id');
    return { providerMessageId: messageId ?? `sendgrid:${mail.deliveryId}` };
  }
}

/**
 * The Mail Send request, in the helper library's camelCase (it writes the
 * snake_case JSON). custom_args sits on the personalization: SendGrid copies
 * it onto every event just the same, and the published OpenAPI schema types
 * the top-level custom_args as a string. Content goes text/plain first, as
 * SendGrid requires.
 */
export function toSendgridMessage(mail: OutgoingMail): MailDataRequired {
  const to = unique(mail.to);
  const inTo = new Set(to.map((a) => a.toLowerCase()));
  // SendGrid rejects the whole request when an address repeats across to/bcc.
  const bcc = unique(mail.bcc).filter((a) => !inTo.has(a.toLowerCase()));
  return {
    from: { email: mail.from.address, name: mail.from.name },
    ...(mail.replyTo ? { replyTo: { email: mail.replyTo } } : {}),
    personalizations: [
      {
        to: to.map((email) => ({ email })),
        ...(bcc.length > 0 ? { bcc: bcc.map((email) => ({ email })) } : {}),
        customArgs: { delivery_id: mail.deliveryId },
      },
    ],
    subject: mail.subject,
    content: [
      { type: 'text/plain', value: mail.text },
      { type: 'text/html', value: mail.html },
    ],
    attachments: [
      {
        content: mail.attachment.content.toString('base64'),
        type: mail.attachment.contentType,
        filename: mail.attachment.fileName,
        disposition: 'attachment',
      },
    ],
    categories: [mail.category],
  };
}

function toTransportError(err: unknown): TransportError {
  const e = err as { code?: unknown; message?: string; response?: { headers?: unknown; body?: unknown } };
  if (typeof e?.code === 'number' && e.response) {
    const status = e.code;
    const detail = sendgridErrorText(e.response.body) ?? e.message ?? '';
    const what = messages.delivery.sendgridAnswered(status, detail);
    if (status === 429) {
      return new TransportError(what, true, retryAfterMs(header(e.response.headers, 'retry-after')));
    }
    if (status >= 500) return new TransportError(what, true, null);
    return new TransportError(what, false, null);
  }
  // No HTTP answer: timeout, refused or reset connection, DNS. The message
  // may or may not have reached SendGrid; retrying is still the lesser harm
  // than losing an invoice, and SendGrid has no idempotency key to offer.
  const code = typeof e?.code === 'string' ? e.code : '';
  return new TransportError(messages.delivery.sendgridUnreachable(code, e?.message ?? String(err)), true, null);
}

/** SendGrid's own words: errors[].message joined. */
function sendgridErrorText(body: unknown): string | null {
  const errors = (body as { errors?: unknown })?.errors;
  if (!Array.isArray(errors)) return null;
  const messages = errors.map((x) => (x as { message?: unknown })?.message).filter((m) => typeof m === 'string');
  return messages.length > 0 ? messages.join('; ') : null;
}

/** Retry-After in seconds (what SendGrid sends) or as an HTTP date. */
function retryAfterMs(value: string | null): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

function header(headers: unknown, name: string): string | null {
  if (!headers || typeof headers !== 'object') return null;
  // axios hands back an AxiosHeaders object (with get()) or a plain record.
  const h = headers as { get?: (n: string) => unknown } & Record<string, unknown>;
  const value = typeof h.get === 'function' ? h.get(name) : h[name];
  if (Array.isArray(value)) return value.length > 0 ? String(value[0]) : null;
  return value === undefined || value === null ? null : String(value);
}

function unique(addresses: string[]): string[] {
  const seen = new Set<string>();
  return addresses.filter((a) => {
    const key = a.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
