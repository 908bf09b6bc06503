import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

const SENDGRID_KEY = 'SG.bench-reminders';

export interface CountingSendgrid {
  key: string;
  url: string;
  unexpected: string[];
  requests(): number;
  distinct(): number;
  reset(): void;
  stop(): Promise<void>;
}

/**
 * SendGrid's Mail Send as far as the app sees it (bearer key, 202 and an
 * X-Message-Id), counting requests and distinct deliveries. The strict fake
 * of the e2e tests keeps every body to assert on; 10,000 PDFs of that would
 * measure the fake, not the app.
 */
export async function startCountingSendgrid(): Promise<CountingSendgrid> {
  let requests = 0;
  let deliveries = new Set<string>();
  const unexpected: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v3/mail/send' || req.headers.authorization !== `Bearer ${SENDGRID_KEY}`) {
        unexpected.push(`${req.method} ${req.url}`);
        res.writeHead(500).end();
        return;
      }
      requests++;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (body.categories?.[0] !== 'reminder' || !body.attachments?.[0]?.content) unexpected.push('a mail that is no reminder with its PDF');
      deliveries.add(body.personalizations[0].custom_args.delivery_id);
      res.writeHead(202, { 'x-message-id': randomUUID().replace(/-/g, '').slice(0, 22) }).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    key: SENDGRID_KEY,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    unexpected,
    requests: () => requests,
    distinct: () => deliveries.size,
    reset() {
      requests = 0;
      deliveries = new Set();
    },
    stop: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

