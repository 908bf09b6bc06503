export const DELIVERY_STATUSES = ['queued', 'sent', 'delivered', 'bounced', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export type DeliveryKind = 'invoice' | 'reminder';

/** Where the person who asked for a send is, to tell them how it went. */
export interface DeliveryOrigin {
  slackUserId?: string;
  /** The conversation they asked from (a DM when unset). */
  slackChannelId?: string;
}

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
  template: 'original' | 'last_used' | 'reminder';
  requestedBy: string | null;
  origin: DeliveryOrigin | null;
  idempotencyKey: string | null;
  requestHash: string | null;
  /** The customer's next "Último utilizado" (stored JSON), saved once the e-mail is accepted. */
  learnedTemplate: string | null;
  attempts: number;
  nextAttemptAt: Date | null;
  providerMessageId: string | null;
  error: string | null;
  lastEvent: string | null;
  /** What the last provider event said without changing the status (a deferral). */
  note: string | null;
  sentAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type NewDelivery = Pick<
  DeliveryRecord,
  | 'invoiceId' | 'kind' | 'fromName' | 'replyTo' | 'to' | 'bcc' | 'subject' | 'message' | 'textBody' | 'htmlBody'
  | 'template' | 'requestedBy' | 'origin' | 'idempotencyKey' | 'requestHash' | 'learnedTemplate'
>;
