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
  /**
   * What a person reads in Slack. Functions take values already escaped for
   * mrkdwn (src/slack/mrkdwn.ts) where the text is mrkdwn; plain_text (modal
   * labels, buttons) is never parsed by Slack.
   */
  slack: {
    usage: [
      '*Cómo usar `/factura`*',
      '• `/factura enviar <número>`: abre el envío por e-mail de esa factura. El número se puede escribir como `0001-00000123`, `1-123`, `B 0001-123` o `FB-0001-123`.',
      '• `/factura estado <número>`: los envíos de la factura (cuándo, quién, a quién, cómo salió), su saldo y su vencimiento.',
      '• `/factura ayuda`: esta ayuda.',
    ].join('\n'),
    unknownSubcommand: (word: string) => `No conozco \`${word}\`.`,
    missingNumber: (subcommand: string) => `Indicá el número de la factura, por ejemplo \`/factura ${subcommand} 0001-00000123\`.`,
    invalidNumber: (text: string) =>
      `\`${text}\` no parece un número de factura. Escribilo como \`0001-00000123\`, \`1-123\` o \`B 0001-123\`.`,
    notFound: (number: string) => `No encontré ningún comprobante ${number}.`,
    closestMatches: 'Los más parecidos:',
    noCloseMatches: 'Tampoco hay comprobantes parecidos en ese punto de venta.',
    severalCandidates: (number: string) => `Hay varios comprobantes ${number}. Elegí cuál enviar:`,
    severalCandidatesStatus: (number: string) => `Hay varios comprobantes ${number}. Elegí cuál ver:`,
    candidateLabel: (document: string, customer: string, total: string) => `${document} — ${customer} — ${total}`,
    /** "Factura B 0001-00000123" */
    document: (kind: 'FACTURA' | 'NOTA_CREDITO' | 'NOTA_DEBITO', letter: string, number: string) =>
      `${{ FACTURA: 'Factura', NOTA_CREDITO: 'Nota de crédito', NOTA_DEBITO: 'Nota de débito' }[kind]} ${letter} ${number}`,
    invoiceStatus: { pagada: 'pagada', pendiente: 'pendiente', vencida: 'vencida' },
    noDueDate: 'sin vencimiento',
    dueOn: (date: string) => `vence ${date}`,
    somethingFailed: 'Algo falló de nuestro lado; probá de nuevo en un momento.',
    tooSlow: 'No llegamos a abrir el formulario a tiempo (Slack da 3 segundos); probá de nuevo.',
    httpOff: 'Slack no está conectado por HTTP en este servidor (falta SLACK_SIGNING_SECRET y SLACK_BOT_TOKEN, o usa Socket Mode).',
    invoiceGone: 'Esa factura ya no existe.',
    modal: {
      title: 'Enviar por e-mail',
      submit: 'Enviar',
      close: 'Cancelar',
      header: (document: string, customer: string, total: string, due: string, status: string) =>
        `*${document}* · ${customer} · ${total} · ${due} · ${status}`,
      from: 'De',
      fromHint: (replyTo: string) => `Nombre del remitente. Las respuestas llegan a ${replyTo}.`,
      to: 'Para',
      toHint: 'Una o más direcciones separadas por coma o punto y coma.',
      toPlaceholder: 'cliente@ejemplo.com.ar',
      customerWithoutEmail: (customer: string) => `:warning: ${customer} no tiene e-mail cargado. Escribí en *Para* a quién enviarla.`,
      template: 'Plantilla',
      templateOriginal: 'Plantilla original',
      templateLastUsed: 'Último utilizado',
      subject: 'Asunto',
      message: 'Mensaje',
      copyMe: 'Enviarme una copia',
      copyMeHint: 'Te llega el mismo correo, con el PDF, sin que el cliente lo vea.',
      noSlackEmail:
        'Slack no nos dio tu e-mail (tu perfil no lo muestra o falta el permiso users:read.email); desmarcá la copia o pedile a un administrador que lo habilite.',
    },
    outcome: {
      sent: (document: string, customer: string, to: string) => `:white_check_mark: Enviamos la ${document} de ${customer} a ${to}.`,
      copyTo: (address: string) => `Te mandamos una copia a ${address}.`,
      noCopy: 'Sin copia para vos.',
      failed: (document: string, to: string, reason: string) => `:x: No pudimos enviar la ${document} a ${to}: ${reason}`,
      notQueued: (document: string, reason: string) => `:x: No pudimos enviar la ${document}: ${reason}`,
      // The reason names the address that bounced ("Rebotado (x@y): …"); the others may have received it.
      bounced: (document: string, reason: string) => `:warning: Rebotó un correo de la ${document}. SendGrid dice: ${reason}`,
      retry: 'Reintentar',
      fixAndResend: 'Corregir y reenviar',
    },
    post: {
      saved: (document: string, customer: string) => `:page_facing_up: Nueva ${document} — ${customer}`,
      total: 'Total',
      due: 'Vencimiento',
      status: 'Estado',
      notSent: 'Todavía no se envió por e-mail.',
      queued: (to: string) => `:hourglass_flowing_sand: Enviando a ${to}…`,
      sent: (to: string, at: string) => `:outbox_tray: Enviada a ${to} el ${at}.`,
      delivered: (to: string, at: string) => `:white_check_mark: Entregada a ${to} el ${at}.`,
      bounced: (reason: string) => `:warning: ${reason}`,
      failed: (to: string, reason: string) => `:x: Falló el envío a ${to}: ${reason}`,
      autoSendWithoutEmail: ':warning: El envío automático está activado, pero el cliente no tiene e-mail cargado: usá *Enviar por email*.',
      sendByEmail: 'Enviar por email',
      downloadPdf: 'Descargar PDF',
      pdfComment: (document: string) => `PDF de la ${document}`,
    },
    status: {
      header: (document: string, customer: string) => `*${document}* · ${customer}`,
      balance: (balance: string, due: string, status: string) => `Saldo: ${balance} · ${due} · ${status}`,
      none: 'Todavía no se envió por e-mail.',
      deliveriesTitle: 'Envíos, del más nuevo al más viejo:',
      line: (when: string, who: string, to: string, status: string) => `• ${when} — ${who} → ${to} — *${status}*`,
      reason: (text: string) => `: ${text}`,
      more: (count: number) => `…y ${count} envíos más antiguos.`,
      sendAgain: 'Enviar de nuevo',
      requestedBy: { api: 'la API', auto: 'envío automático', reminder: 'recordatorio', unknown: 'alguien' },
    },
    reminders: {
      title: (date: string) => `:bell: Recordatorios del ${date}`,
      sent: (count: number) => `*Enviados: ${count}*`,
      sentStep: (count: number, step: number) =>
        step < 0
          ? `• ${count} a ${-step} ${-step === 1 ? 'día' : 'días'} del vencimiento`
          : `• ${count} a ${step} ${step === 1 ? 'día' : 'días'} de vencida`,
      skipped: (count: number) => `*Salteados: ${count}*`,
      skipReason: { no_email: 'sin e-mail cargado', sent_manually_today: 'ya enviada hoy a mano' },
      skippedLine: (reason: string, names: string) => `• ${reason}: ${names}`,
      failed: (count: number) => `*Fallaron: ${count}*`,
      failedLine: (document: string, customer: string, error: string) => `${document} — ${customer}: ${error}`,
      more: (count: number) => `…y ${count} más.`,
      sendByEmail: 'Enviar por email',
    },
  },
  /** The reminders job: API errors, and how the run names what it could not send. */
  reminders: {
    futureAsOf: (asOf: string, today: string) => `asOf (${asOf}) no puede ser posterior a hoy (${today}).`,
    notBusinessDay: (date: string, why: string) =>
      `El ${date} no es día hábil (${why}): los recordatorios salen en días hábiles. Indique otro día en asOf.`,
    weekend: { 6: 'sábado', 7: 'domingo' } as Record<number, string>,
    runNotFound: (id: string) => `No existe la corrida de recordatorios "${id}".`,
    invalidAsync: 'async debe ser true o false.',
    /** "Factura B 0001-00000123", as the summary names a document. */
    document: (name: string, letter: string, number: string) => `${name.charAt(0).toUpperCase()}${name.slice(1)} ${letter} ${number}`,
    unexpected: 'Error inesperado al preparar el recordatorio; el detalle está en el registro del servicio.',
    interrupted: 'La corrida se interrumpió porque el servicio se detuvo; vuelva a ejecutarla (POST /api/reminders/run).',
  },
  /** The filters of GET /api/invoices (the listing). */
  invoiceList: {
    unknownParameter: (name: string, known: string) => `Parámetro desconocido: "${name}". Use ${known}.`,
    repeatedParameter: (name: string) => `El parámetro ${name} se indicó más de una vez.`,
    invalidStatus: (name: string, value: string) => `${name}: estado desconocido "${value}"; use pagada, pendiente o vencida.`,
    invalidDate: (name: string, value: string) => `${name}: "${value}" no es una fecha AAAA-MM-DD.`,
    invalidLimit: (name: string, max: number) => `${name} debe ser un número entero entre 1 y ${max}.`,
    invalidCursor: (name: string) => `${name} no es un cursor devuelto por este listado.`,
    invertedRange: (from: string, to: string) => `${to} no puede ser anterior a ${from}.`,
    numberWithFilters: 'number busca comprobantes por su número y no se combina con los filtros del listado.',
  },
} as const;

/** "24 h", "90 min", "3 s": a span of time as a person says it. */
function duration(ms: number): string {
  if (ms >= 3_600_000) return `${Math.round(ms / 360_000) / 10} h`.replace('.', ',');
  if (ms >= 60_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 1000)} s`;
}
