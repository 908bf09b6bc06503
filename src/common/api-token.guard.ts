import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Request } from 'express';
import { AppConfig } from '../config/app-config';
import { AppError } from './app-error';

/** Whether a request carries `Authorization: Bearer <token>`; compared in constant time. */
export function bearerTokenMatcher(token: string): (req: IncomingMessage) => boolean {
  const expected = Buffer.from(token);
  return (req) => {
    const match = /^Bearer\s+(.+)$/i.exec((req.headers.authorization ?? '').trim());
    const given = Buffer.from(match?.[1] ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
}

/** Bearer API_TOKEN on every /api/* route. */
@Injectable()
export class ApiTokenGuard implements CanActivate {
  private readonly matches: (req: IncomingMessage) => boolean;

  constructor(config: AppConfig) {
    this.matches = bearerTokenMatcher(config.apiToken);
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.matches(context.switchToHttp().getRequest<Request>())) {
      throw new AppError(401, 'unauthorized', 'Falta el token de acceso o no es válido (Authorization: Bearer <API_TOKEN>).');
    }
    return true;
  }
}
