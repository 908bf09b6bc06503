import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppError } from '../common/app-error';
import { redactUrl } from '../common/log-redaction';
import { PortalFilterError } from './portal-query';
import { PortalPages } from './portal-pages.renderer';
import { PortalClosedError, PortalNotFoundError, PortalUnavailableError } from './portal.service';

/**
 * Every portal failure is an HTML page in Spanish, never the API's JSON: an
 * unknown link, another customer's document and an unknown path get the very
 * same 404, so none of them tells anything about the others.
 */
@Catch()
@Injectable()
export class PortalExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Portal');

  constructor(private readonly pages: PortalPages) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const { status, html } = this.describe(exception, http.getRequest<Request>());
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.removeHeader('Content-Disposition');
    if (status === 503) res.setHeader('Retry-After', '60');
    res.status(status).type('html').send(html);
  }

  private describe(exception: unknown, req: Request): { status: number; html: string } {
    if (exception instanceof PortalNotFoundError) return { status: 404, html: this.pages.notFound };
    if (exception instanceof PortalClosedError) return { status: 404, html: this.pages.notAvailable };
    if (exception instanceof PortalFilterError) {
      // Back to the same page without its query. Relative to the page
      // itself, so it holds wherever PUBLIC_URL mounts the portal.
      return { status: 400, html: this.pages.invalidFilter(exception.problem, String(req.params?.token ?? '')) };
    }
    if (exception instanceof AppError && exception.status === 404) return { status: 404, html: this.pages.notFound };
    if (exception instanceof HttpException && exception.getStatus() === 404) return { status: 404, html: this.pages.notFound };
    if (exception instanceof PortalUnavailableError) return { status: 503, html: this.pages.unavailable };
    this.logger.error(
      { err: exception, path: redactUrl(req.originalUrl ?? '') },
      'portal request failed',
    );
    return { status: 500, html: this.pages.unavailable };
  }
}
