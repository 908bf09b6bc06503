export const DELIVERY_STATUSES = ['queued', 'sent', 'delivered', 'bounced', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export type DeliveryKind = 'invoice' | 'reminder';

/** One e-mail we send or try to send, as stored. */
export interface DeliveryRecord {
  id: string;
  invoiceId: string;
  kind: DeliveryKind;
  status: DeliveryStatus;
  fromName: string;
  replyTo: string | null;
  to: string[];
  bcc: string[];
  subject: string;
  /** The message as left in the dialog, before the portal link was added. */
  message: string;
  textBody: string;
  htmlBody: string;
  template: 'original' | 'last_used';
  requestedBy: string | null;
  idempotencyKey: string | null;
  attempts: number;
  nextAttemptAt: Date | null;
  providerMessageId: string | null;
  error: string | null;
  lastEvent: string | null;
  sentAt: Date | null;
  createdAt: Date;
}

export type NewDelivery = Pick<
  DeliveryRecord,
  'invoiceId' | 'kind' | 'fromName' | 'replyTo' | 'to' | 'bcc' | 'subject' | 'message' | 'textBody' | 'htmlBody' | 'template' | 'requestedBy' | 'idempotencyKey'
>;
