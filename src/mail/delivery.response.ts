import type { DeliveryRecord } from './delivery.record';

/** A delivery as DESIGN.md's API shows it. */
export function toDeliveryResponse(d: DeliveryRecord) {
  return {
    id: d.id,
    invoiceId: d.invoiceId,
    kind: d.kind,
    status: d.status,
    to: d.to,
    bcc: d.bcc,
    subject: d.subject,
    attempts: d.attempts,
    error: d.error,
    createdAt: d.createdAt,
    fromName: d.fromName,
    template: d.template,
    providerMessageId: d.providerMessageId,
    lastEvent: d.lastEvent,
    note: d.note,
    sentAt: d.sentAt,
  };
}
