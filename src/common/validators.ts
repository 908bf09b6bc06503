import { ValidationOptions, registerDecorator } from 'class-validator';
import { isDecimalText } from './decimal';
import { isCalendarDate } from './calendar-date';

/** A decimal as a JSON string: "54.33", "-1", "0.125". */
export function IsDecimalText(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isDecimalText',
      target: object.constructor,
      propertyName,
      options: { message: 'debe ser un número decimal en texto, p. ej. "1234.50"', ...options },
      validator: { validate: (v: unknown) => isDecimalText(v) && v.trim().length <= 30 },
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
