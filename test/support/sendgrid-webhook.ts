import { generateKeyPairSync, KeyObject, sign } from 'node:crypto';

/** A key pair like SendGrid's signed Event Webhook uses; `publicKeyBase64` goes in SENDGRID_WEBHOOK_PUBLIC_KEY. */
export function webhookKeys(): { publicKeyBase64: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { publicKeyBase64: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'), privateKey };
}

/** The headers SendGrid signs a webhook body with: ECDSA over timestamp + raw body. */
export function signedWebhookHeaders(body: string, privateKey: KeyObject): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = sign('sha256', Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]), privateKey).toString('base64');
  return { 'x-twilio-email-event-webhook-signature': signature, 'x-twilio-email-event-webhook-timestamp': timestamp };
}

/** Posts `events` to the app's webhook the way SendGrid does: JSON, signed over timestamp + raw body. */
export async function postSignedEvents(appUrl: string, privateKey: KeyObject, events: unknown[]): Promise<Response> {
  const body = JSON.stringify(events);
  return fetch(`${appUrl}/webhooks/sendgrid`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signedWebhookHeaders(body, privateKey) },
    body,
  });
}
