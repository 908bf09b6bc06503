/** What a caller asks for; every field but the invoice is optional. */
export interface SendRequest {
  invoiceId: string;
  kind?: 'invoice' | 'reminder';
  fromName?: string | null;
  /** One or more addresses separated by "," or ";". Default: the customer's e-mail field. */
  to?: string | null;
  template?: 'original' | 'last_used' | null;
  /** Literal text as the person left it; default: from the template. */
  subject?: string | null;
  message?: string | null;
  /** The requester's address: same e-mail, same PDF, as a blind copy. */
  copyTo?: string | null;
  /** Same key, same delivery: "api:<Idempotency-Key>", "slack:<view id>", "reminder:<invoice>:<step>". */
  idempotencyKey?: string | null;
  /** Who asked (Slack user id, "api"), for the record. */
  requestedBy?: string | null;
}

/** The dialog's defaults for one invoice (the Slack modal shows these). */
export interface SendDefaults {
  fromName: string;
  to: string;
  template: 'original' | 'last_used';
  hasLastUsed: boolean;
  subject: string;
  message: string;
  drafts: { original: { subject: string; message: string }; last_used: { subject: string; message: string } | null };
}

export const LIMITS = {
  fromName: 100,
  subject: 255,
  /** A Slack plain-text input holds 3,000 characters. */
  message: 3000,
} as const;
