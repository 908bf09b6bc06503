/**
 * An error the user should see: an HTTP status, a stable snake_case code, a
 * message in Spanish and, when one input is at fault, the field it names
 * (a send-dialog block id such as `to`, or a body property). The API renders
 * it as { "error": { "code", "message", "field"? } }; the Slack modal shows
 * the message under the block named by `field`. Anything else that escapes
 * becomes a 500 whose details stay in the logs.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AppError';
  }

  static badRequest(code: string, message: string, field?: string) {
    return new AppError(400, code, message, field);
  }
  static notFound(code: string, message: string) {
    return new AppError(404, code, message);
  }
  static conflict(code: string, message: string, field?: string) {
    return new AppError(409, code, message, field);
  }
  static unprocessable(code: string, message: string, field?: string) {
    return new AppError(422, code, message, field);
  }
}
