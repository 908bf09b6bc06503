import { generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import {
  MAX_WEBHOOK_AGE_MS,
  SendgridWebhookVerifier,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
} from './sendgrid-webhook.verifier';
import { errorOf } from '../../test/support/app-error-of';

const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
// What SendGrid's settings page shows: the SPKI DER key in base64, no PEM armour.
const PUBLIC_KEY_B64 = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');

const NOW = new Date('2024-05-02T15:00:00Z');
const nowSeconds = (offsetMs = 0) => String(Math.floor((NOW.getTime() + offsetMs) / 1000));

const PAYLOAD = Buffer.from(
  JSON.stringify([
    {
      email: 'pagos@donpepe.com.ar',
      timestamp: 1714662000,
      event: 'delivered',
      sg_event_id: 'ZGVsaXZlcmVk',
      sg_message_id: 'Lmwv8u9-SQWw9yDLa1iBrw.filterdrecv-5b9b9d5bb-z5jxx-1-63A1F5F5-2B.0',
      delivery_id: 'dlv_1',
      'smtp-id': '<Lmwv8u9@ismtpd0001>',
      response: '250 OK ñandú',
    },
  ]) + '\r\n',
);

/** What SendGrid does: ECDSA P-256 over SHA-256 of timestamp + raw body, DER, base64. */
function sendgridSignature(body: Buffer, timestamp: string, key: KeyObject = privateKey): string {
  return sign('sha256', Buffer.concat([Buffer.from(timestamp), body]), key).toString('base64');
}

function signedHeaders(body: Buffer, timestamp = nowSeconds()) {
  return { [SIGNATURE_HEADER]: sendgridSignature(body, timestamp), [TIMESTAMP_HEADER]: timestamp };
}


describe(SendgridWebhookVerifier.name, () => {
  const verifier = new SendgridWebhookVerifier(PUBLIC_KEY_B64);

  it('accepts a payload signed the way SendGrid signs it', () => {
    expect(() => verifier.verify(PAYLOAD, signedHeaders(PAYLOAD), NOW)).not.toThrow();
  });

  it('accepts the key in PEM form too', () => {
    const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(() => new SendgridWebhookVerifier(pem).verify(PAYLOAD, signedHeaders(PAYLOAD), NOW)).not.toThrow();
  });

  it('reads the headers whatever their case (as Node hands them or as documented)', () => {
    const ts = nowSeconds();
    const headers = {
      'X-Twilio-Email-Event-Webhook-Signature': sendgridSignature(PAYLOAD, ts),
      'X-Twilio-Email-Event-Webhook-Timestamp': ts,
    };
    expect(() => verifier.verify(PAYLOAD, headers, NOW)).not.toThrow();
  });

  it('rejects a body changed after signing, even by one byte', () => {
    const tampered = Buffer.from(PAYLOAD.toString().replace('delivered', 'bounce'));
    const err = errorOf(() => verifier.verify(tampered, signedHeaders(PAYLOAD), NOW));
    expect(err.status).toBe(403);
    expect(err.code).toBe('invalid_signature');
  });

  it('rejects a body re-serialised from parsed JSON (the raw bytes are what is signed)', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(PAYLOAD.toString())));
    expect(errorOf(() => verifier.verify(reserialised, signedHeaders(PAYLOAD), NOW)).code).toBe('invalid_signature');
  });

  it('rejects a signature made with another key', () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    const ts = nowSeconds();
    const headers = { [SIGNATURE_HEADER]: sendgridSignature(PAYLOAD, ts, other), [TIMESTAMP_HEADER]: ts };
    expect(errorOf(() => verifier.verify(PAYLOAD, headers, NOW)).code).toBe('invalid_signature');
  });

  it('rejects a valid signature replayed with another timestamp', () => {
    const headers = { ...signedHeaders(PAYLOAD, nowSeconds(-60_000)), [TIMESTAMP_HEADER]: nowSeconds() };
    expect(errorOf(() => verifier.verify(PAYLOAD, headers, NOW)).code).toBe('invalid_signature');
  });

  it.each([
    ['garbage', 'not-base64-at-all!!'],
    ['empty', ''],
    ['zero r and s', Buffer.from('3006020100020100', 'hex').toString('base64')],
    ['truncated', sendgridSignature(PAYLOAD, nowSeconds()).slice(0, 20)],
  ])('rejects a malformed signature (%s) without crashing', (_label, signature) => {
    const headers = { [SIGNATURE_HEADER]: signature, [TIMESTAMP_HEADER]: nowSeconds() };
    const err = errorOf(() => verifier.verify(PAYLOAD, headers, NOW));
    expect(err.status).toBe(403);
  });

  it('rejects a request without signature or timestamp', () => {
    const { [SIGNATURE_HEADER]: _s, ...noSignature } = signedHeaders(PAYLOAD);
    const { [TIMESTAMP_HEADER]: _t, ...noTimestamp } = signedHeaders(PAYLOAD);

    expect(errorOf(() => verifier.verify(PAYLOAD, noSignature, NOW)).code).toBe('missing_signature');
    expect(errorOf(() => verifier.verify(PAYLOAD, noTimestamp, NOW)).code).toBe('missing_signature');
    expect(errorOf(() => verifier.verify(PAYLOAD, {}, NOW)).status).toBe(403);
  });

  it(`accepts a signature up to ${MAX_WEBHOOK_AGE_MS / 60_000} minutes old and refuses an older one`, () => {
    const fresh = signedHeaders(PAYLOAD, nowSeconds(-MAX_WEBHOOK_AGE_MS + 1_000));
    const stale = signedHeaders(PAYLOAD, nowSeconds(-MAX_WEBHOOK_AGE_MS - 1_000));

    expect(() => verifier.verify(PAYLOAD, fresh, NOW)).not.toThrow();
    expect(errorOf(() => verifier.verify(PAYLOAD, stale, NOW)).code).toBe('stale_signature');
  });

  it('refuses timestamps far in the future too (a clock is wrong or it is forged)', () => {
    const future = signedHeaders(PAYLOAD, nowSeconds(MAX_WEBHOOK_AGE_MS + 1_000));
    expect(errorOf(() => verifier.verify(PAYLOAD, future, NOW)).code).toBe('stale_signature');
  });

  it('refuses a timestamp that is not a number of seconds', () => {
    const ts = 'yesterday';
    const headers = { [SIGNATURE_HEADER]: sendgridSignature(PAYLOAD, ts), [TIMESTAMP_HEADER]: ts };
    expect(errorOf(() => verifier.verify(PAYLOAD, headers, NOW)).code).toBe('stale_signature');
  });

  it('refuses everything when no public key is configured', () => {
    const disabled = new SendgridWebhookVerifier(null);
    const err = errorOf(() => disabled.verify(PAYLOAD, signedHeaders(PAYLOAD), NOW));

    expect(disabled.enabled).toBe(false);
    expect(err.status).toBe(403);
    expect(err.code).toBe('webhook_disabled');
  });

  it('fails at start-up on a key that is not an ECDSA public key', () => {
    expect(() => new SendgridWebhookVerifier('bm90IGEga2V5')).toThrow(/SENDGRID_WEBHOOK_PUBLIC_KEY/);
  });

  it('says loudly when the raw body was not kept', () => {
    expect(() => verifier.verify(undefined, signedHeaders(PAYLOAD), NOW)).toThrow(/rawBody/);
  });
});
