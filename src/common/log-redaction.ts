/**
 * Portal links carry a customer's token in their path: anything logged that
 * may hold a URL (request lines, error messages, stacks) goes through this.
 * Case-insensitive, since Express routes /PORTAL/… to the same handler.
 */
export function redactPortalTokens(text: string): string {
  return text.replace(/\/portal\/[^/?#\s"'<>]+/gi, '/portal/[redacted]');
}
