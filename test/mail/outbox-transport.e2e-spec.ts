import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { OutboxTransport } from '../../src/mail/outbox.transport';
import { addresses, mail, PDF, transportErrorOf } from './outgoing-mail.fixture';

describe(OutboxTransport.name, () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'outbox-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes one .eml named by time and delivery id, and nothing else', async () => {
    const outbox = new OutboxTransport({ dir, now: () => new Date('2020-07-14T13:05:09.123Z') });
    const sent = await outbox.send(mail());

    expect(await readdir(dir)).toEqual(['2020-07-14T13-05-09-123Z-dlv_01HZX3.eml']);
    expect(sent.providerMessageId).toBe('outbox:2020-07-14T13-05-09-123Z-dlv_01HZX3.eml');
  });

  it('creates the folder when it does not exist', async () => {
    const nested = join(dir, 'var', 'outbox');
    await new OutboxTransport({ dir: nested }).send(mail());
    expect(await readdir(nested)).toHaveLength(1);
  });

  it('writes a message a mail reader parses back whole, copy included', async () => {
    await new OutboxTransport({ dir }).send(mail());
    const [file] = await readdir(dir);
    const parsed = await simpleParser(await readFile(join(dir, file)));

    expect(parsed.from?.value).toEqual([{ name: 'Tornillos del Sur S.R.L.', address: 'facturas@factura-bot.com.ar' }]);
    expect(parsed.replyTo?.value).toEqual([{ name: '', address: 'facturacion@tornillos.com.ar' }]);
    expect(addresses(parsed.to)).toEqual(['pagos@donpepe.com.ar', 'admin@donpepe.com.ar']);
    expect(addresses(parsed.bcc)).toEqual(['yo@tornillos.com.ar']);
    expect(parsed.subject).toBe('Adjuntamos su factura Nro. 0001-00000123');
    expect(parsed.text?.trim()).toBe(mail().text);
    expect(parsed.html).toBe(mail().html);
    expect(parsed.messageId).toMatch(/^<.+@.+>$/);
    expect(parsed.headers.get('x-delivery-id')).toBe('dlv_01HZX3');

    expect(parsed.attachments).toHaveLength(1);
    const [pdf] = parsed.attachments;
    expect(pdf.filename).toBe('Factura-B-0001-00000123.pdf');
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.contentDisposition).toBe('attachment');
    expect(pdf.content.equals(PDF)).toBe(true);
  });

  it('nests text and html as alternatives inside a mixed message', async () => {
    await new OutboxTransport({ dir }).send(mail());
    const [file] = await readdir(dir);
    const raw = (await readFile(join(dir, file))).toString('latin1');

    expect(raw).toMatch(/^Content-Type: multipart\/mixed;/m);
    expect(raw).toMatch(/Content-Type: multipart\/alternative;/);
    expect(raw.indexOf('Content-Type: text/plain')).toBeLessThan(raw.indexOf('Content-Type: text/html'));
  });

  it('leaves no temporary file behind', async () => {
    const outbox = new OutboxTransport({ dir });
    await Promise.all([outbox.send(mail({ deliveryId: 'a' })), outbox.send(mail({ deliveryId: 'b' }))]);
    const files = await readdir(dir);

    expect(files).toHaveLength(2);
    expect(files.every((f) => f.endsWith('.eml') && !f.startsWith('.'))).toBe(true);
  });

  it('reports a folder it cannot write to as a final failure', async () => {
    await new OutboxTransport({ dir }).send(mail());
    const [file] = await readdir(dir);
    // A path through a regular file can never become a folder.
    const err = await transportErrorOf(new OutboxTransport({ dir: join(dir, file, 'sub') }).send(mail()));

    expect(err.retryable).toBe(false);
    expect(err.message).toContain('No se pudo escribir');
  });
});

