/**
 * Emitted in-process once an invoice is committed (never for a refused one).
 * The Slack post and automatic sending listen to it.
 */
export class InvoiceSavedEvent {
  static readonly NAME = 'invoice.saved';
  constructor(readonly invoiceId: string) {}
}
