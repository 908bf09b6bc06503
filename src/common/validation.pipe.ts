import { ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError } from './app-error';

interface Problem {
  path: string;
  message: string;
}

function flatten(errors: ValidationError[], parent = ''): Problem[] {
  return errors.flatMap((e) => {
    const path = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => ({ path, message: `${path}: ${m}` }));
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/**
 * Shape and type checks on request bodies (400). Rules that need the
 * database or the invoice's arithmetic are 422s raised by the services.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const problems = flatten(errors);
      // The first property at fault names the field; the message lists them all.
      return AppError.badRequest('invalid_body', `Datos inválidos: ${problems.map((p) => p.message).join('; ')}`, problems[0]?.path);
    },
  });
}

/** Spanish messages for class-validator decorators. */
export const es = {
  string: { message: 'debe ser texto' },
  decimal: { message: 'debe ser un número decimal en texto, p. ej. "1234.50"' },
  date: { message: 'debe ser una fecha AAAA-MM-DD' },
  int: { message: 'debe ser un número entero' },
  bool: { message: 'debe ser true o false' },
  array: { message: 'debe ser una lista' },
  notEmpty: { message: 'no puede estar vacío' },
  max: (n: number) => ({ message: `admite hasta ${n} caracteres` }),
};
