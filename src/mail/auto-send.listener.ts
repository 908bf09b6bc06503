import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { CompanyService } from '../company/company.service';
import { InvoiceSavedEvent } from '../invoices/invoice-saved.event';
import { idempotencyKeys } from './idempotency-key';
import { SendInvoiceService } from './send-invoice.service';

/**
 * "Enviar automáticamente al guardar": when the company turned it on, every
 * saved invoice goes out with the dialog's defaults. The idempotency key
 * makes it once per invoice, also if two replicas hear the event.
 */
@Injectable()
export class AutoSendListener {
  private readonly logger = new Logger('AutoSend');

  constructor(
    private readonly company: CompanyService,
    private readonly sender: SendInvoiceService,
  ) {}

  @OnEvent(InvoiceSavedEvent.NAME, { async: true, promisify: true, suppressErrors: true })
  async onInvoiceSaved(event: InvoiceSavedEvent): Promise<void> {
    const company = await this.company.find();
    if (!company?.autoSendOnSave) return;
    try {
      // No template named: the dialog's own choice, the customer's "Último utilizado" when there is one.
      const { delivery } = await this.sender.send({
        invoiceId: event.invoiceId,
        idempotencyKey: idempotencyKeys.autosend(event.invoiceId),
        requestedBy: 'auto',
      });
      this.logger.log({ invoiceId: event.invoiceId, deliveryId: delivery.id }, 'invoice queued for sending on save');
    } catch (err) {
      // e.g. a customer without e-mail: the invoice stays saved, unsent.
      this.logger.warn({ invoiceId: event.invoiceId, error: (err as Error).message }, 'automatic send failed');
    }
  }
}
