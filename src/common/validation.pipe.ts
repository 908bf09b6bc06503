import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError } from './app-error';
import { MAX_BODY_DEPTH, depthExceeds } from './json-depth';
import { controlCharacters, findNul } from './text-rules';

interface Problem {
  path: string;
  message: string;
}

// class-validator's own constraints, which carry English messages of their own.
const BUILT_IN_MESSAGES: Record<string, string> = {
  whitelistValidation: 'no es un campo admitido',
  nestedValidation: 'debe ser un objeto',
  unknownValue: 'no es un valor admitido',
  isObject: 'debe ser un objeto',
};

/** `items.2.code` → `items[2].code`, as a JSON path reads. */
function joinPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

function flatten(errors: ValidationError[], parent = ''): Problem[] {
  return errors.flatMap((e) => {
    const path = joinPath(parent, e.property);
    const own = Object.entries(e.constraints ?? {}).map(([name, m]) => ({
      path,
      message: `${path}: ${BUILT_IN_MESSAGES[name] ?? m}`,
    }));
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/**
 * Shape and type checks on request bodies (400), in Spanish, naming the
 * first property at fault as `field`. Before class-transformer walks a body
 * (recursively), it must be an object of sane depth; a NUL anywhere in it is
 * a 422 naming where. Rules that need the database or the invoice's
 * arithmetic are 422s raised by the services.
 */
@Injectable()
export class BodyValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => {
        const problems = flatten(errors);
        return AppError.badRequest('invalid_body', `Datos inválidos: ${problems.map((p) => p.message).join('; ')}`, problems[0]?.path);
      },
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && this.toValidate(metadata) && value !== undefined) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw AppError.badRequest('invalid_body', 'El cuerpo debe ser un objeto JSON ({ … }).');
      }
      // The JSON middleware caps depth for its routes; this covers any other way in.
      if (depthExceeds(value, MAX_BODY_DEPTH)) {
        throw AppError.badRequest('invalid_body', `El cuerpo JSON está anidado a más de ${MAX_BODY_DEPTH} niveles.`);
      }
      const nulAt = findNul(value);
      if (nulAt !== null) throw controlCharacters(nulAt);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new BodyValidationPipe();
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
