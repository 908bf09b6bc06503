import { raw } from 'express';
import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { AppError } from './app-error';
import { JsonTooDeepError, parseJsonArrayInSlices, skipSpace } from './json-array.parser';
import { MAX_BODY_DEPTH, textDepthExceeds } from './json-depth';

export interface JsonRoute {
  /** Path prefix, as Express mounts it ("/api" covers "/api/…"). */
  prefix: string;
  /** Largest body accepted (a 413 beyond it), in body-parser's notation. */
  limit: string;
  /** A request without a body is refused too (a webhook always posts one). */
  bodyRequired: boolean;
  /**
   * When given, a request it refuses is left alone here, so the route's
   * guard answers 401 before anything is said about the body.
   */
  authenticated?: (req: IncomingMessage) => boolean;
}

/**
 * The routes whose bodies are JSON and nothing else, with the largest body
 * each accepts. Express's JSON parser silently skips any other Content-Type,
 * so a `text/plain` body would reach the handler as "no body" and its
 * defaults would win; here such a body is a 415 instead. Routes not listed
 * (Slack's form posts, the portal) keep whatever parsing they set up; mount
 * them under another prefix.
 */
export function jsonOnlyRoutes(apiAuthenticated: (req: IncomingMessage) => boolean): JsonRoute[] {
  return [
    { prefix: '/api', limit: '2mb', bodyRequired: false, authenticated: apiAuthenticated },
    // SendGrid posts batches of events, signed over the raw bytes (checked by its controller).
    { prefix: '/webhooks/sendgrid', limit: '8mb', bodyRequired: true },
  ];
}

// "application/json", optionally with "charset=utf-8": JSON is UTF-8 (RFC 8259).
const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/**
 * Middleware for one route: refuses a body that is not JSON (415), keeps the
 * raw bytes (`req.rawBody`, for signatures), refuses JSON nested deeper than
 * any of our bodies could be (400, judged on the bytes, so nothing recursive
 * ever walks it), and parses it. Reading is body-parser's `raw` (limit,
 * inflation); parsing is ours, so that an array of megabytes (a SendGrid
 * batch) is parsed in slices instead of holding the event loop in one go.
 */
export function jsonOnlyBody(route: JsonRoute): RequestHandler {
  const read = raw({ limit: route.limit, type: () => true });
  return (req: Request, res: Response, next: NextFunction) => {
    if (route.authenticated && !route.authenticated(req)) return next();
    if (!hasBody(req)) return next(route.bodyRequired ? unsupportedMediaType() : undefined);
    const type = req.headers['content-type'];
    if (type === undefined || !JSON_TYPE.test(type.trim())) return next(unsupportedMediaType());
    read(req, res, (err?: unknown) => {
      if (err) return next(err);
      const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      (req as Request & { rawBody?: Buffer }).rawBody = bytes;
      parseBody(bytes).then((body) => {
        req.body = body;
        next();
      }, next);
    });
  };
}

/** Like body-parser's strict JSON: an object or an array; an empty body reads as {}. */
async function parseBody(bytes: Buffer): Promise<unknown> {
  const first = bytes[skipSpace(bytes, 0)];
  if (first === undefined) return {};
  if (first === 0x5b) {
    try {
      return await parseJsonArrayInSlices(bytes, MAX_BODY_DEPTH);
    } catch (err) {
      throw err instanceof JsonTooDeepError ? tooDeep() : invalidJson();
    }
  }
  if (first !== 0x7b) throw isJson(bytes) ? notAnObject() : invalidJson();
  if (textDepthExceeds(bytes, MAX_BODY_DEPTH)) throw tooDeep();
  await yieldToEventLoop();
  try {
    return JSON.parse(bytes.toString('utf8'), refuseObjectMachinery);
  } catch (err) {
    throw err instanceof AppError ? err : invalidJson();
  }
}

/**
 * JSON.parse keeps "__proto__" as an own key, which class-transformer then
 * drops without a word, so `{"__proto__": {"to": …}}` would send to the
 * customer's addresses as if no body had come. No body of ours has such keys.
 */
const OBJECT_MACHINERY = new Set(['__proto__', 'constructor', 'prototype']);
function refuseObjectMachinery(key: string, value: unknown): unknown {
  if (OBJECT_MACHINERY.has(key)) throw AppError.badRequest('invalid_body', `${key}: no es un campo admitido.`, key);
  return value;
}

function isJson(bytes: Buffer): boolean {
  try {
    JSON.parse(bytes.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

function invalidJson(): AppError {
  return AppError.badRequest('invalid_json', 'El cuerpo no es JSON válido.');
}

function notAnObject(): AppError {
  return AppError.badRequest('invalid_body', 'El cuerpo debe ser un objeto JSON.');
}

/** A body is coming when its length is announced and not zero, or it is chunked. */
function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && length.trim() !== '0';
}

function unsupportedMediaType(): AppError {
  return new AppError(
    415,
    'unsupported_media_type',
    'El cuerpo debe ser JSON: envíelo con Content-Type: application/json (UTF-8).',
  );
}

function tooDeep(): AppError {
  return AppError.badRequest(
    'invalid_body',
    `El cuerpo JSON está anidado a más de ${MAX_BODY_DEPTH} niveles; ninguna solicitud de esta API lo necesita.`,
  );
}
