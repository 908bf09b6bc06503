import { AppError } from './app-error';

/**
 * What free text from a request may contain. Whatever is stored ends up in a
 * mail header (From, the customer's addresses), a PDF, a Slack message or a
 * log line, so the rules are strict where one line is expected.
 */

// NUL is refused everywhere: it truncates strings in C libraries (Chromium,
// mail servers) and PostgreSQL cannot store it in text.
const NUL = /\u0000/;
// C0 and C1 controls, DEL, Unicode line and paragraph separators, and bidi
// overrides/isolates (which can make "Tornillos S.A." read as something else).
const NOT_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
// Multi-line text (descriptions) may hold tabs and line breaks, nothing else of that kind.
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const LINE_BREAK = /[\r\n\u0085\u2028\u2029]/;

/** Whether one-line text holds a line break (its own error: "debe ser una sola línea"). */
export function hasLineBreak(text: string): boolean {
  return LINE_BREAK.test(text);
}

/**
 * Whether text holds a character no field accepts: controls, and bidi
 * overrides that make text display as something else. `multiLine` allows
 * tabs and line breaks.
 */
export function hasForbiddenCharacters(text: string, options: { multiLine?: boolean } = {}): boolean {
  return (options.multiLine ? CONTROL_IN_TEXT : NOT_ONE_LINE).test(text);
}

export interface TextOptions {
  /** A blank value (empty or only spaces) is a 422; otherwise it reads as absent. */
  required?: boolean;
  /** Longest value accepted, after trimming. */
  max?: number;
}

/**
 * One line of text: trimmed, no line breaks or control characters. Returns
 * null for an absent or blank optional value. Errors are 422s naming `field`.
 */
export function singleLine(value: string | null | undefined, field: string, options: { required: true; max?: number }): string;
export function singleLine(value: string | null | undefined, field: string, options?: TextOptions): string | null;
export function singleLine(value: string | null | undefined, field: string, options: TextOptions = {}): string | null {
  const text = present(value, field, options);
  if (text === null) return null;
  if (LINE_BREAK.test(text)) {
    throw AppError.unprocessable('not_single_line', `${fieldName(field)} debe ser una sola línea (sin saltos de línea).`, field);
  }
  if (NOT_ONE_LINE.test(text)) throw controlCharacters(field);
  return withinMax(text, field, options.max);
}

/** Text that may span lines (an item description): tabs and line breaks allowed, other controls not. */
export function multiLine(value: string | null | undefined, field: string, options: TextOptions = {}): string | null {
  const text = present(value, field, options);
  if (text === null) return null;
  if (CONTROL_IN_TEXT.test(text)) throw controlCharacters(field);
  return withinMax(text, field, options.max);
}

/**
 * The first string (value or key) in a parsed JSON body that holds a NUL, as
 * a path such as `items[2].description`; null when there is none.
 */
export function findNul(value: unknown, path = ''): string | null {
  const stack: [unknown, string][] = [[value, path]];
  while (stack.length > 0) {
    const [current, at] = stack.pop()!;
    if (typeof current === 'string') {
      if (NUL.test(current)) return at;
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    const entries = Array.isArray(current) ? current.map((v, i) => [i, v] as const) : Object.entries(current);
    for (const [key, child] of entries.reverse()) {
      const childPath = typeof key === 'number' ? `${at}[${key}]` : at ? `${at}.${key}` : key;
      if (typeof key === 'string' && NUL.test(key)) return childPath;
      stack.push([child, childPath]);
    }
  }
  return null;
}

export function controlCharacters(field: string): AppError {
  return AppError.unprocessable('control_characters', `${fieldName(field)} contiene caracteres de control no permitidos.`, field);
}

function present(value: string | null | undefined, field: string, options: TextOptions): string | null {
  const text = value?.trim() ?? '';
  if (text !== '') return text;
  if (options.required) {
    throw AppError.unprocessable('blank_field', `${fieldName(field)} no puede estar vacío ni tener sólo espacios.`, field);
  }
  return null;
}

function withinMax(text: string, field: string, max: number | undefined): string {
  if (max !== undefined && text.length > max) {
    throw AppError.unprocessable('too_long', `${fieldName(field)} admite hasta ${max} caracteres (tiene ${text.length}).`, field);
  }
  return text;
}

function fieldName(field: string): string {
  return `El campo ${field}`;
}
