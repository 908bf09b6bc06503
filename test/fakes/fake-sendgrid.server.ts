import { randomBytes } from 'node:crypto';
import { createServer, IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import mailSendSchema from './sendgrid-mail-send.schema.json';

/** One POST /v3/mail/send the fake received, whatever it answered. */
export interface RecordedMail {
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (undefined when it was not JSON). */
  body: any;
  /** What the fake answered: 202, 400, 401, 413, 429, 500, or null for a hang. */
  status: number | null;
  /** X-Message-Id of an accepted mail. */
  messageId: string | null;
  receivedAt: Date;
}

export type FailMode = { status: 400 | 429 | 500 | 502 | 503; retryAfter?: number; body?: any } | 'hang';

export interface FakeSendgrid {
  url: string;
  apiKey: string;
  requests: RecordedMail[];
  /** Anything but POST /v3/mail/send, as "METHOD /path": a test should assert it stays empty. */
  unexpected: string[];
  /** The mails answered 202. */
  accepted(): RecordedMail[];
  /** Make the next `times` mail sends (default 1) fail this way, before any validation. */
  failNext(mode: FailMode, times?: number): void;
  /** Fail every mail send this way until called again with null (an outage). */
  outage(mode: FailMode | null): void;
  /** The accepted mails of one delivery (by custom_args.delivery_id). */
  acceptedFor(deliveryId: string): RecordedMail[];
  stop(): Promise<void>;
}

interface SendgridError {
  message: string;
  field: string | null;
  help?: string | null;
}

// SendGrid's own cap on a whole mail-send request.
const MAX_BODY_BYTES = 30 * 1024 * 1024;
const MAX_PERSONALIZATION_RECIPIENTS = 1000;

const ajv = new Ajv2020({ allErrors: true });
addFormats(ajv);
const validateSchema = ajv.compile<any>(mailSendSchema);

/**
 * A local stand-in for SendGrid's v3 Mail Send endpoint, strict and loud: it
 * checks the bearer key, validates the body against SendGrid's published
 * schema plus the rules the schema cannot say, answers like SendGrid, records
 * everything, and fails on demand. Any other request gets a 500 and lands in
 * `unexpected`.
 */
export async function startFakeSendgrid(options: { apiKey?: string } = {}): Promise<FakeSendgrid> {
  const apiKey = options.apiKey ?? 'SG.fake-sendgrid-key';
  const requests: RecordedMail[] = [];
  const unexpected: string[] = [];
  const failures: FailMode[] = [];
  let outage: FailMode | null = null;

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      unexpected.push(`fake sendgrid crashed on ${req.method} ${req.url}: ${err}`);
      if (!res.headersSent) reply(res, 500, { errors: [{ message: 'fake sendgrid crashed', field: null }] });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'POST' || path !== '/v3/mail/send') {
      unexpected.push(`${req.method} ${req.url}`);
      req.resume();
      reply(res, 500, { errors: [{ message: `fake sendgrid: unexpected ${req.method} ${req.url}`, field: null }] });
      return;
    }

    const raw = await readBody(req);
    const record: RecordedMail = {
      headers: req.headers,
      body: parseJson(raw),
      status: null,
      messageId: null,
      receivedAt: new Date(),
    };
    requests.push(record);

    const failure = failures.shift() ?? outage;
    if (failure === 'hang') return; // answered never; stop() closes the socket
    if (failure) {
      const headers: Record<string, string> = {};
      if (failure.retryAfter !== undefined) headers['Retry-After'] = String(failure.retryAfter);
      const body = failure.body ?? { errors: [{ message: defaultFailureMessage(failure.status), field: null }] };
      record.status = failure.status;
      reply(res, failure.status, body, headers);
      return;
    }

    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      record.status = 401;
      reply(res, 401, {
        errors: [{ message: 'The provided authorization grant is invalid, expired, or revoked', field: null, help: null }],
      });
      return;
    }
    if (raw === null) {
      record.status = 413;
      reply(res, 413, { errors: [{ message: 'Payload Too Large', field: null }] });
      return;
    }
    if (record.body === undefined) {
      record.status = 400;
      reply(res, 400, { errors: [{ message: 'Bad Request', field: null, help: null }] });
      return;
    }

    const errors = validateMailSend(record.body);
    if (errors.length > 0) {
      record.status = 400;
      reply(res, 400, { errors });
      return;
    }
    record.status = 202;
    record.messageId = randomBytes(16).toString('base64url').slice(0, 22);
    res.writeHead(202, { 'X-Message-Id': record.messageId, 'Content-Length': '0' });
    res.end();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    requests,
    unexpected,
    accepted: () => requests.filter((r) => r.status === 202),
    failNext(mode, times = 1) {
      for (let i = 0; i < times; i++) failures.push(mode);
    },
    outage(mode) {
      outage = mode;
    },
    acceptedFor: (deliveryId) =>
      requests.filter((r) => r.status === 202 && r.body?.personalizations?.[0]?.custom_args?.delivery_id === deliveryId),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve();
        server.close((err) => (err ? reject(err) : resolve()));
        // Hanging requests would keep close() waiting forever.
        server.closeAllConnections();
      }),
  };
}

/** The schema's verdict, then the rules SendGrid enforces beyond it. */
export function validateMailSend(body: any): SendgridError[] {
  if (!validateSchema(body)) {
    return (validateSchema.errors ?? []).map((e) => ({
      message: `${e.instancePath || 'body'} ${e.message}`,
      field: e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : null,
    }));
  }
  const errors: SendgridError[] = [];
  const personalizations: any[] = body.personalizations;

  personalizations.forEach((p, i) => {
    const seen = new Set<string>();
    let count = 0;
    for (const kind of ['to', 'cc', 'bcc'] as const) {
      for (const recipient of p[kind] ?? []) {
        count++;
        const key = String(recipient.email).toLowerCase();
        if (seen.has(key)) {
          errors.push({
            message:
              'Each email address in the personalization block should be unique between to, cc, and bcc. ' +
              `We found the first duplicate instance of [${recipient.email}] in the personalizations.${i}.${kind} field.`,
            field: `personalizations.${i}.${kind}`,
          });
        }
        seen.add(key);
      }
    }
    if ((p.to ?? []).length === 0) {
      errors.push({
        message:
          'The to array is required for all personalization objects, and must have at least one email object ' +
          'with a valid email address.',
        field: `personalizations.${i}.to`,
      });
    }
    if (count > MAX_PERSONALIZATION_RECIPIENTS) {
      errors.push({
        message: 'The total number of recipients must be less than 1000.',
        field: `personalizations.${i}`,
      });
    }
    for (const [key, value] of Object.entries(p.custom_args ?? {})) {
      if (typeof value !== 'string') {
        errors.push({ message: 'Custom args values must be strings.', field: `personalizations.${i}.custom_args.${key}` });
      }
    }
  });

  if (!body.subject && !body.template_id && !personalizations.every((p) => p.subject)) {
    errors.push({
      message:
        'The subject is required. You can get around this requirement if you use a template with a subject ' +
        'defined or if every personalization has a subject defined.',
      field: 'subject',
    });
  }

  const content: { type: string; value: string }[] = body.content ?? [];
  if (content.length === 0 && !body.template_id) {
    errors.push({ message: 'Unless a valid template_id is provided, the content parameter is required.', field: 'content' });
  }
  const types = content.map((c) => c.type.toLowerCase());
  const plain = types.indexOf('text/plain');
  const html = types.indexOf('text/html');
  if ((plain !== -1 && plain !== 0) || (html !== -1 && html !== (plain === -1 ? 0 : 1))) {
    errors.push({
      message: 'If present, text/plain content must be first, followed by text/html, followed by any other content.',
      field: 'content',
    });
  }

  (body.attachments ?? []).forEach((a: any, i: number) => {
    if (!isBase64(a.content)) {
      errors.push({ message: 'The attachment content must be base64 encoded.', field: `attachments.${i}.content` });
    }
  });
  return errors;
}

function isBase64(value: string): boolean {
  return value.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(value);
}

function defaultFailureMessage(status: number): string {
  if (status === 429) return 'too many requests';
  if (status >= 500) return 'internal error';
  return 'Bad Request';
}

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** The body as text, or null when it is over SendGrid's size cap. */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(raw: string | null): any {
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
