import { Injectable, Logger } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { AppConfig } from '../config/app-config';
import { PortalPages } from './portal-pages.renderer';

/**
 * What runs on every request under /portal before routing (mounted by
 * createApp): security headers, the rate limit, and a 404 page for a path
 * the router could not even decode. Before routing, so that nothing under
 * /portal — an unknown path, a malformed one, a 429 — leaves without them.
 */
@Injectable()
export class PortalEdge {
  constructor(
    private readonly pages: PortalPages,
    private readonly config: AppConfig,
  ) {}

  handlers(): RequestHandler[] {
    return [
      portalHeaders(this.pages.contentSecurityPolicy),
      ...(this.config.trustProxy === false ? [untrustedProxyWarning()] : []),
      portalRateLimit(this.config.portalRateLimit, this.pages.tooManyRequests),
      undecodablePath(this.pages.notFound),
    ];
  }
}

/**
 * The pages hold financial data: never cached, never framed, never sent on
 * as a referrer (the token is in the URL), no script, no external resource.
 */
function portalHeaders(contentSecurityPolicy: string): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', contentSecurityPolicy);
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('X-Robots-Tag', 'noindex, nofollow');
    next();
  };
}

/**
 * Requests per minute per client address (req.ip: the socket's address, or
 * the one TRUST_PROXY lets X-Forwarded-For name). Counted in this process's
 * memory: with N replicas a client gets up to N× the limit, which still
 * stops guessing and scraping. 0 turns the limit off.
 */
function portalRateLimit(perMinute: number, tooManyRequestsPage: string): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    skip: () => perMinute === 0,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // Said once in our own log instead (untrustedProxyWarning).
    validate: { xForwardedForHeader: false },
    // Retry-After is set by the limiter before this runs.
    handler: (_req, res) => void res.status(429).type('html').send(tooManyRequestsPage),
  });
}

/**
 * Behind a proxy that TRUST_PROXY does not name, every customer shares the
 * proxy's address and its rate limit: tell the operator once.
 */
function untrustedProxyWarning(): RequestHandler {
  let warned = false;
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!warned && req.headers['x-forwarded-for'] !== undefined) {
      warned = true;
      new Logger('Portal').warn(
        'X-Forwarded-For received but TRUST_PROXY is not set: the portal rate limit counts the proxy\'s address for every client. Set TRUST_PROXY to the proxy (e.g. 1 or loopback).',
      );
    }
    next();
  };
}

/** "/portal/%E0%A4%A" would be the router's 400 in JSON; here it is the portal's 404 like any unknown path. */
function undecodablePath(notFoundPage: string): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    try {
      decodeURIComponent(req.path);
    } catch {
      res.status(404).type('html').send(notFoundPage);
      return;
    }
    next();
  };
}
