/**
 * An error the user should see: an HTTP status, a stable machine code and a
 * message in Spanish. The API renders it as { "error": { "code", "message" } };
 * Slack shows the message. Anything else that escapes becomes a 500 whose
 * details stay in the logs.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  static badRequest(code: string, message: string, details?: Record<string, unknown>) {
    return new AppError(400, code, message, details);
  }
  static notFound(code: string, message: string) {
    return new AppError(404, code, message);
  }
  static conflict(code: string, message: string, details?: Record<string, unknown>) {
    return new AppError(409, code, message, details);
  }
  static unprocessable(code: string, message: string, details?: Record<string, unknown>) {
    return new AppError(422, code, message, details);
  }
}
