import { ValidationOptions, registerDecorator } from 'class-validator';
import { DecimalBounds, FINE, isDecimalText } from './decimal';
import { isCalendarDate } from './calendar-date';

/** A decimal as a JSON string within bounds: "54.33", "-1", "0.125". */
export function IsDecimalText(bounds: DecimalBounds = FINE, options?: ValidationOptions) {
  const decimals = bounds.decimals === 0 ? 'sin decimales' : `hasta ${bounds.decimals} decimales`;
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isDecimalText',
      target: object.constructor,
      propertyName,
      options: {
        message: `debe ser un número decimal en texto, sin espacios (p. ej. "1234.50"), con hasta ${bounds.integerDigits} dígitos enteros y ${decimals}`,
        ...options,
      },
      validator: { validate: (v: unknown) => isDecimalText(v, bounds) },
    });
}

/** A calendar date as "YYYY-MM-DD". */
export function IsCalendarDate(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: object.constructor,
      propertyName,
      options: { message: 'debe ser una fecha AAAA-MM-DD', ...options },
      validator: { validate: (v: unknown) => isCalendarDate(v) },
    });
}
