import { AppError } from '../common/app-error';
import type { InvoiceStatus } from '../invoices/invoice-balance';
import {
  checkDateRange, parseCursorParam, parseDateParam, parseStatusParam, single,
} from '../invoices/invoice-list.query';
import type { LedgerPosition } from '../invoices/ledger';

/** The portal's filters, as its form names them: estado, desde, hasta, and pagina (a cursor). */
export interface PortalFilters {
  status?: InvoiceStatus;
  from?: string;
  to?: string;
  position?: LedgerPosition;
}

/** Which filter was wrong: templates/portal/invalid-filter.liquid says it in words. */
export type PortalFilterProblem = 'estado' | 'desde' | 'hasta' | 'rango' | 'pagina';

export class PortalFilterError extends Error {
  constructor(readonly problem: PortalFilterProblem) {
    super(`invalid portal filter: ${problem}`);
  }
}

/**
 * Reads the page's query string with the listing's own rules. Other
 * parameters (a campaign tag a mail client added) are ignored: the page is
 * for people, not an API.
 */
export function parsePortalQuery(query: Record<string, unknown>): PortalFilters {
  const read = <T>(name: PortalFilterProblem, parse: () => T): T => {
    try {
      return parse();
    } catch (err) {
      if (err instanceof AppError) throw new PortalFilterError(name);
      throw err;
    }
  };
  const status = read('estado', () => parseStatusParam(single(query.estado, 'estado'), 'estado'));
  const from = read('desde', () => parseDateParam(single(query.desde, 'desde'), 'desde'));
  const to = read('hasta', () => parseDateParam(single(query.hasta, 'hasta'), 'hasta'));
  read('rango', () => checkDateRange(from, to, 'desde', 'hasta'));
  const position = read('pagina', () => parseCursorParam(single(query.pagina, 'pagina'), 'pagina'));
  return { status, from, to, position };
}
