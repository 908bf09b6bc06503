/**
 * Every sentence a person reads in Slack, or in an error a Slack user or an
 * API caller may see from the send dialog, in Spanish as written in
 * Argentina. E-mails, the PDF and the portal are Liquid templates under
 * templates/; this is the one other place where user-facing text lives.
 */
export const messages = {
  send: {
    missingRecipient: 'Indique al menos un destinatario.',
    invalidRecipient: (entry: string) => `La dirección "${entry}" no es válida.`,
    tooManyRecipients: (max: string, given: string) =>
      `Se pueden enviar hasta ${max} destinatarios por correo (se indicaron ${given}).`,
    customerWithoutEmail: (customer: string) =>
      `El cliente ${customer} no tiene e-mail cargado; indique a quién enviar (Para).`,
    invalidCopyTo: (address: string) => `La dirección para la copia "${address}" no es válida.`,
    missingFrom: 'El nombre del remitente no puede estar vacío.',
    fromNotOneLine: 'El nombre del remitente debe ser una sola línea.',
    fromTooLong: (max: number, given: number) => `El nombre del remitente admite hasta ${max} caracteres (tiene ${given}).`,
    missingSubject: 'El asunto no puede estar vacío.',
    subjectNotOneLine: 'El asunto debe ser una sola línea.',
    subjectTooLong: (max: number, given: number) => `El asunto admite hasta ${max} caracteres (tiene ${given}).`,
    missingMessage: 'El mensaje no puede estar vacío.',
    messageTooLong: (max: number, given: number) => `El mensaje admite hasta ${max} caracteres (tiene ${given}).`,
    controlCharacters: 'El texto contiene caracteres de control no permitidos.',
    noLastUsedTemplate: 'Este cliente todavía no tiene una plantilla "Último utilizado"; use la original.',
    idempotencyKeyReused:
      'Esa clave de idempotencia ya se usó para otro pedido; use una clave nueva para un envío distinto.',
    invalidIdempotencyKey: 'Idempotency-Key debe tener entre 1 y 200 caracteres visibles.',
    invoiceNotFound: (id: string) => `No existe la factura "${id}".`,
    pdfUnavailable: 'No se pudo generar el PDF de la factura; intente de nuevo en unos minutos.',
  },
  delivery: {
    /** How a delivery's status reads in Slack. */
    status: {
      queued: 'en cola',
      sent: 'enviada',
      delivered: 'entregada',
      bounced: 'rebotada',
      failed: 'falló',
    },
    gaveUp: (error: string, attempts: number, windowMs: number) => `${error} (sin éxito tras ${attempts} intentos en ${duration(windowMs)})`,
    outboxUnwritable: (dir: string, reason: string) => `No se pudo escribir el correo en ${dir}: ${reason}`,
    sendgridAnswered: (status: number, detail: string) => `SendGrid respondió ${status}${detail ? `: ${detail}` : ''}`,
    sendgridUnreachable: (code: string, detail: string) => `No se pudo contactar a SendGrid${code ? ` (${code})` : ''}: ${detail}`,
    bounced: (who: string, reason: string) => `Rebotado${who ? ` (${who})` : ''}${reason ? `: ${reason}` : ''}`,
    blocked: (who: string, reason: string) => `Bloqueado${who ? ` (${who})` : ''}${reason ? `: ${reason}` : ''}`,
    dropped: (who: string, reason: string) => `Descartado por SendGrid${who ? ` (${who})` : ''}${reason ? `: ${reason}` : ''}`,
    deferred: (attempt: string, reason: string) =>
      `Demorado por el servidor de destino${attempt ? ` (intento ${attempt})` : ''}${reason ? `: ${reason}` : ''}`,
    pdfFailed: 'No se pudo generar el PDF para el envío.',
  },
  /** What the service prints to the operator who starts it, when it cannot start. */
  startup: {
    portInUse: (port: number) =>
      `El puerto ${port} ya está en uso: probablemente factura-bot (u otro programa) ya está corriendo. ` +
      `Deténgalo o elija otro puerto, p. ej. PORT=${port === 65535 ? 3001 : port + 1}.`,
    portForbidden: (port: number) =>
      `No hay permiso para escuchar en el puerto ${port}: los puertos menores que 1024 requieren privilegios; use otro, p. ej. PORT=3000.`,
  },
} as const;

/** "24 h", "90 min", "3 s": a span of time as a person says it. */
function duration(ms: number): string {
  if (ms >= 3_600_000) return `${Math.round(ms / 360_000) / 10} h`.replace('.', ',');
  if (ms >= 60_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 1000)} s`;
}
