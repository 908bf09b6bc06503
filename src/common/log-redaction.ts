import { stdSerializers } from 'pino';

/** Header values and URL parts that must never reach the logs. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-slack-signature"]',
  'req.headers["x-twilio-email-event-webhook-signature"]',
  'res.headers["set-cookie"]',
  // An HTTP client error logged as `err` carries its request's headers.
  'err.config.headers.Authorization',
  'err.config.headers.authorization',
  'err.request.headers.authorization',
];

const REDACTED = '[redacted]';
// Query keys whose value is a credential wherever they appear.
const SECRET_KEYS = new Set(['key', 'code', 'sig', 'auth', 'jwt', 'pass', 'pwd']);
const SECRET_KEY_PARTS = /token|secret|password|signature|api_?key|access_?key|private_?key|credential|session|[_.-](key|sig|auth|pass|pwd)$/i;
const QUERY_PARAM = /([?&;])([^=&#\s?]+)=([^&#\s"'<>]*)/g;

/** Whether a query key names a secret: token, access_token, key, signature, sig, code, secret, password… */
export function isSecretKey(rawKey: string): boolean {
  let key = rawKey;
  try {
    key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
  } catch {
    // A malformed escape: judge the key as written.
  }
  key = key.toLowerCase().replace(/\[.*$/, '');
  return SECRET_KEYS.has(key) || SECRET_KEY_PARTS.test(key);
}

/**
 * A URL, or any text quoting one (an error message, a stack), with the
 * values of secret query keys and the customer portal token replaced.
 */
export function redactUrl(text: string): string {
  return text
    // Everything below /portal goes: the token may follow extra slashes or dot
    // segments (/portal//T, /portal/./T) that still reach a handler or a 404
    // log line. Case-insensitive: Express routes /PORTAL/… the same way.
    .replace(/\/portal(?:\/|%2f)[^?#\s"'<>]*/gi, `/portal/${REDACTED}`)
    .replace(QUERY_PARAM, (all, sep: string, key: string) => (isSecretKey(key) ? `${sep}${key}=${REDACTED}` : all));
}

/**
 * pino's error serializer, with URLs quoted anywhere in the error (message,
 * stack, an HTTP client's request) redacted.
 */
export function serializeError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const out = stdSerializers.err(err);
  try {
    return JSON.parse(redactUrl(JSON.stringify(out)));
  } catch {
    return { type: out.type, message: redactUrl(out.message) };
  }
}
