import { truncate } from '../mrkdwn';

/**
 * Small Block Kit builders with Slack's limits applied, so no text a person
 * typed can make Slack refuse a message or a view.
 * https://docs.slack.dev/reference/block-kit/blocks
 */
export const SLACK_LIMITS = {
  sectionText: 3000,
  buttonText: 75,
  buttonValue: 2000,
  viewTitle: 24,
  viewButton: 24,
  viewBlocks: 100,
  messageBlocks: 50,
  contextElements: 10,
  fallbackText: 3000,
  privateMetadata: 3000,
} as const;

export type Block = Record<string, unknown>;

export function plain(text: string, max: number = SLACK_LIMITS.sectionText) {
  return { type: 'plain_text' as const, text: truncate(text, max), emoji: true };
}

export function mrkdwn(text: string) {
  return { type: 'mrkdwn' as const, text: truncate(text, SLACK_LIMITS.sectionText) };
}

export function section(text: string, accessory?: Block): Block {
  return { type: 'section', text: mrkdwn(text), ...(accessory ? { accessory } : {}) };
}

export function fields(pairs: [string, string][]): Block {
  return { type: 'section', fields: pairs.slice(0, 10).map(([label, value]) => mrkdwn(`*${label}*\n${value}`)) };
}

export function context(text: string): Block {
  return { type: 'context', elements: [mrkdwn(text)] };
}

export function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Block {
  if (value.length > SLACK_LIMITS.buttonValue) throw new Error(`button value over ${SLACK_LIMITS.buttonValue} characters`);
  return { type: 'button', text: plain(text, SLACK_LIMITS.buttonText), action_id: actionId, value, ...(style ? { style } : {}) };
}

export function actions(blockId: string | null, elements: Block[]): Block {
  return { type: 'actions', ...(blockId ? { block_id: blockId } : {}), elements };
}

/** At most `max` blocks: the rest is summed up in a last line. */
export function capBlocks(blocks: Block[], max: number, more: (hidden: number) => string): Block[] {
  if (blocks.length <= max) return blocks;
  return [...blocks.slice(0, max - 1), context(more(blocks.length - (max - 1)))];
}
