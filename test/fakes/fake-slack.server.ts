import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { attachFakeSocketMode, FakeSocketMode } from './fake-slack-socket';
import { checkLimits } from './slack-block-limits';

/** One call into the fake Web API, as parsed. */
export interface SlackCall {
  method: string;
  /** Form fields or JSON, with JSON-encoded fields (view, blocks…) parsed. */
  body: Record<string, any>;
  token: string | null;
  /** performance.now() when the request arrived (benchmarks). */
  at: number;
  /** What the fake answered. */
  response: Record<string, any>;
}

export interface UploadedFile {
  fileId: string;
  filename: string;
  bytes: Buffer;
}

/** What a response_url received (Bolt's respond()). */
export interface ResponseUrlCall {
  id: string;
  body: Record<string, any>;
}

export interface FakeSlack {
  url: string;
  /** SLACK_API_URL for the app. */
  apiUrl: string;
  botToken: string;
  appToken: string;
  calls: SlackCall[];
  uploads: UploadedFile[];
  responses: ResponseUrlCall[];
  /** Anything the fake does not know or that Slack would refuse outright; tests assert it stays empty. */
  unexpected: string[];
  /** Socket Mode: the WebSocket side, once the app connected through apps.connections.open. */
  socket: FakeSocketMode;
  /** A fresh trigger id, valid for 3 seconds like Slack's. */
  trigger(): string;
  /** A response_url on the fake. */
  responseUrl(): string;
  /** users.info answers this e-mail for the user (none: a profile without e-mail). */
  setUserEmail(userId: string, email: string | null): void;
  /** Make the next `times` calls of `method` fail with Slack's `error` (HTTP 429 + Retry-After for `ratelimited`). */
  failNext(method: string, error: string, options?: { times?: number; retryAfter?: number }): void;
  callsOf(method: string): SlackCall[];
  stop(): Promise<void>;
}

const BOT_METHODS = new Set([
  'auth.test', 'views.open', 'views.update', 'chat.postMessage', 'chat.postEphemeral', 'chat.update', 'users.info',
  'conversations.open', 'files.getUploadURLExternal', 'files.completeUploadExternal',
]);
const TRIGGER_TTL_MS = 3_000;

/**
 * A local stand-in for Slack's Web API, strict and loud: it checks the
 * token, the trigger ids' 3-second life, view hashes and Block Kit's
 * limits, answers Slack-shaped JSON, records everything, and fails on
 * demand (including `ratelimited` with Retry-After). Unknown methods land in
 * `unexpected`. It also serves the file upload URL, response URLs and the
 * Socket Mode WebSocket.
 */
export async function startFakeSlack(): Promise<FakeSlack> {
  const botToken = `xoxb-fake-${randomBytes(6).toString('hex')}`;
  const appToken = `xapp-fake-${randomBytes(6).toString('hex')}`;
  const calls: SlackCall[] = [];
  const uploads: UploadedFile[] = [];
  const responses: ResponseUrlCall[] = [];
  const unexpected: string[] = [];
  const failures = new Map<string, { error: string; retryAfter?: number }[]>();
  const emails = new Map<string, string | null>();
  const views = new Map<string, { hash: string; view: any }>();
  const messages = new Map<string, any>();
  const pendingUploads = new Map<string, string>();
  let seq = 0;
  let base = '';

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      unexpected.push(`fake slack crashed on ${req.method} ${req.url}: ${err}`);
      if (!res.headersSent) reply(res, 500, { ok: false, error: 'fake_crashed' });
    });
  });
  const socket = attachFakeSocketMode(server, unexpected);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = performance.now();
    const path = (req.url ?? '').split('?')[0];
    const raw = await readBody(req);
    if (req.method === 'POST' && path.startsWith('/upload/')) return upload(path.slice('/upload/'.length), req, raw, res);
    if (req.method === 'POST' && path.startsWith('/response/')) {
      responses.push({ id: path.slice('/response/'.length), body: JSON.parse(raw.toString('utf8')) });
      return reply(res, 200, { ok: true });
    }
    if (req.method !== 'POST' || !path.startsWith('/api/')) {
      unexpected.push(`${req.method} ${req.url}`);
      return reply(res, 404, { ok: false, error: 'unknown_method' });
    }
    const method = path.slice('/api/'.length);
    const body = parseBody(req.headers['content-type'] ?? '', raw);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : (body.token ?? null);
    const record: SlackCall = { method, body, token, at, response: {} };
    calls.push(record);
    const answer = (status: number, response: Record<string, any>, headers: Record<string, string> = {}) => {
      record.response = response;
      reply(res, status, response, headers);
    };

    const failure = failures.get(method)?.shift();
    if (failure) {
      if (failure.error === 'ratelimited') return answer(429, { ok: false, error: 'ratelimited' }, { 'Retry-After': String(failure.retryAfter ?? 1) });
      return answer(200, { ok: false, error: failure.error });
    }
    if (method === 'apps.connections.open') {
      if (token !== appToken) return answer(200, { ok: false, error: 'invalid_auth' });
      return answer(200, { ok: true, url: `${base.replace(/^http/, 'ws')}/link/?ticket=${randomBytes(8).toString('hex')}` });
    }
    if (!BOT_METHODS.has(method)) {
      unexpected.push(`unknown method ${method}`);
      return answer(200, { ok: false, error: 'unknown_method' });
    }
    if (token !== botToken) return answer(200, { ok: false, error: 'invalid_auth' });
    const problem = checkLimits(method, body);
    if (problem) {
      unexpected.push(`${method}: ${problem}`);
      return answer(200, { ok: false, error: 'invalid_arguments', response_metadata: { messages: [problem] } });
    }

    switch (method) {
      case 'auth.test':
        return answer(200, { ok: true, url: 'https://tornillos.slack.com/', team: 'Tornillos del Sur', user: 'factura-bot', team_id: 'T0FAKE', user_id: 'U0BOT', bot_id: 'B0BOT' });
      case 'views.open': {
        const issued = Number(String(body.trigger_id ?? '').split('.')[2]);
        if (!issued) return answer(200, { ok: false, error: 'invalid_trigger_id' });
        if (Date.now() - issued > TRIGGER_TTL_MS) return answer(200, { ok: false, error: 'expired_trigger_id' });
        const id = `V${String(++seq).padStart(8, '0')}`;
        const hash = `${Date.now()}.${randomBytes(4).toString('hex')}`;
        views.set(id, { hash, view: body.view });
        return answer(200, { ok: true, view: { id, hash, ...body.view } });
      }
      case 'views.update': {
        const current = views.get(body.view_id);
        if (!current) return answer(200, { ok: false, error: 'not_found' });
        if (body.hash && body.hash !== current.hash) return answer(200, { ok: false, error: 'hash_conflict' });
        const hash = `${Date.now()}.${randomBytes(4).toString('hex')}`;
        views.set(body.view_id, { hash, view: body.view });
        return answer(200, { ok: true, view: { id: body.view_id, hash, ...body.view } });
      }
      case 'chat.postMessage': {
        const ts = `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`;
        const channel = String(body.channel).startsWith('U') ? `D${String(body.channel).slice(1)}` : body.channel;
        messages.set(`${channel}/${ts}`, body);
        return answer(200, { ok: true, channel, ts, message: { text: body.text, blocks: body.blocks } });
      }
      case 'chat.postEphemeral':
        return answer(200, { ok: true, message_ts: `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}` });
      case 'chat.update':
        if (!messages.has(`${body.channel}/${body.ts}`)) return answer(200, { ok: false, error: 'message_not_found' });
        messages.set(`${body.channel}/${body.ts}`, body);
        return answer(200, { ok: true, channel: body.channel, ts: body.ts, text: body.text });
      case 'users.info': {
        const email = emails.get(body.user) ?? null;
        return answer(200, { ok: true, user: { id: body.user, name: String(body.user).toLowerCase(), profile: email ? { email } : {} } });
      }
      case 'conversations.open':
        return answer(200, { ok: true, channel: { id: `D${String(body.users).slice(1)}` } });
      case 'files.getUploadURLExternal': {
        const fileId = `F${String(++seq).padStart(8, '0')}`;
        pendingUploads.set(fileId, String(body.filename));
        return answer(200, { ok: true, upload_url: `${base}/upload/${fileId}`, file_id: fileId });
      }
      case 'files.completeUploadExternal': {
        const files = (body.files ?? []) as { id: string; title?: string }[];
        const missing = files.find((f) => !uploads.some((u) => u.fileId === f.id));
        if (missing) return answer(200, { ok: false, error: 'file_not_found' });
        return answer(200, { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) });
      }
    }
  }

  async function upload(fileId: string, req: IncomingMessage, raw: Buffer, res: ServerResponse): Promise<void> {
    const filename = pendingUploads.get(fileId);
    if (!filename) {
      unexpected.push(`upload to unknown file ${fileId}`);
      return reply(res, 404, { ok: false });
    }
    let bytes = raw;
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('multipart/form-data')) {
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': type } }).formData();
      let file: File | undefined;
      form.forEach((v) => {
        if (!file && typeof v !== "string") file = v as File;
      });
      bytes = file ? Buffer.from(await file.arrayBuffer()) : Buffer.alloc(0);
    }
    pendingUploads.delete(fileId);
    uploads.push({ fileId, filename, bytes });
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end(`OK - ${bytes.length}`);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;

  return {
    url: base,
    apiUrl: `${base}/api/`,
    botToken,
    appToken,
    calls,
    uploads,
    responses,
    unexpected,
    socket,
    trigger: () => `${++seq}.fake.${Date.now()}`,
    responseUrl: () => `${base}/response/${++seq}`,
    setUserEmail: (userId, email) => void emails.set(userId, email),
    failNext(method, error, options = {}) {
      const list = failures.get(method) ?? [];
      for (let i = 0; i < (options.times ?? 1); i++) list.push({ error, retryAfter: options.retryAfter });
      failures.set(method, list);
    },
    callsOf: (method) => calls.filter((c) => c.method === method && c.response.ok),
    stop: async () => {
      await socket.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function parseBody(contentType: string, raw: Buffer): Record<string, any> {
  const text = raw.toString('utf8');
  if (contentType.startsWith('application/json')) return JSON.parse(text || '{}');
  const fields: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    fields[key] = /^[[{]/.test(value) ? tryJson(value) : value;
  }
  return fields;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
