/**
 * Slack's mrkdwn reads `<…>` as links and mentions (`<!channel>`,
 * `<http://evil|texto>`) and `&` as the start of an entity. Anything a person
 * or the accounting system wrote goes through here before it is shown as
 * mrkdwn, so a customer named `<!channel>` pings nobody. These three are the
 * escapes Slack documents; plain_text objects need none.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to at most `max` characters, ending in "…" when it was longer. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** `<@U123>`: a mention of a Slack user id, which Slack renders as the name. */
export function mention(userId: string): string {
  return /^[UW][A-Z0-9]{2,}$/.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId);
}
