import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { AppError } from './app-error';

const HTTP_MESSAGES: Record<number, [string, string]> = {
  400: ['bad_request', 'La solicitud no es válida.'],
  401: ['unauthorized', 'Falta el token de acceso o no es válido.'],
  403: ['forbidden', 'No tiene permiso para esta operación.'],
  404: ['not_found', 'No existe el recurso pedido.'],
  405: ['method_not_allowed', 'Método no permitido.'],
  413: ['payload_too_large', 'El cuerpo de la solicitud es demasiado grande.'],
  415: ['unsupported_media_type', 'El cuerpo debe ser JSON (Content-Type: application/json).'],
  429: ['too_many_requests', 'Demasiadas solicitudes; intente más tarde.'],
};

/**
 * Every error leaves as { "error": { "code", "message", "field"? } } with a Spanish
 * message and never a stack trace. Express's body parser errors (malformed
 * JSON, size) arrive here as HttpExceptions or raw errors with a status.
 */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { status, code, message, field } = this.describe(exception);
    if (status >= 500) this.logger.error({ err: exception }, 'unhandled error');
    if (res.headersSent) return;
    res.status(status).json({ error: { code, message, ...(field ? { field } : {}) } });
  }

  private describe(exception: unknown): { status: number; code: string; message: string; field?: string } {
    if (exception instanceof AppError) {
      return { status: exception.status, code: exception.code, message: exception.message, field: exception.field };
    }
    // Express's body parser errors come wrapped in an HttpException by Nest.
    const cause = exception instanceof HttpException ? (exception.cause as { type?: string } | undefined) : undefined;
    const raw = (cause ?? exception) as { status?: number; statusCode?: number; type?: string };
    if (raw?.type === 'entity.parse.failed' || (cause instanceof SyntaxError && raw?.status === 400)) {
      return { status: 400, code: 'invalid_json', message: 'El cuerpo no es JSON válido.' };
    }
    if (raw?.type === 'entity.too.large') {
      return { status: 413, code: 'payload_too_large', message: HTTP_MESSAGES[413][1] };
    }
    const status =
      exception instanceof HttpException ? exception.getStatus() : (raw?.status ?? raw?.statusCode ?? 500);
    if (status >= 400 && status < 500) {
      const [code, message] = HTTP_MESSAGES[status] ?? ['client_error', 'La solicitud no es válida.'];
      return { status, code, message };
    }
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, code: 'internal_error', message: 'Error interno; el detalle quedó registrado.' };
  }
}
