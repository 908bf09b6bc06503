/** Block Kit limits Slack enforces (the ones our texts could break). */
export function checkLimits(method: string, body: Record<string, any>): string | null {
  if (method === 'views.open' || method === 'views.update') {
    const view = body.view;
    if (!view || view.type !== 'modal') return 'view must be a modal';
    if ((view.title?.text ?? '').length > 24) return `title over 24 characters: ${view.title.text}`;
    for (const key of ['submit', 'close']) if ((view[key]?.text ?? '').length > 24) return `${key} over 24 characters`;
    if ((view.blocks ?? []).length > 100) return 'more than 100 blocks';
    if ((view.private_metadata ?? '').length > 3000) return 'private_metadata over 3000 characters';
    return checkBlocks(view.blocks ?? []);
  }
  if (method === 'chat.postMessage' || method === 'chat.postEphemeral' || method === 'chat.update') {
    if (!body.channel) return 'channel missing';
    if (!body.text && !body.blocks) return 'no text';
    if ((body.blocks ?? []).length > 50) return 'more than 50 blocks';
    return checkBlocks(body.blocks ?? []);
  }
  return null;
}

function checkBlocks(blocks: any[]): string | null {
  for (const block of blocks) {
    if (block.text?.text && block.text.text.length > 3000) return 'section text over 3000 characters';
    const elements = [block.accessory, block.element, ...(block.elements ?? [])].filter(Boolean);
    for (const el of elements) {
      if (el.type === 'button' && el.text.text.length > 75) return `button text over 75 characters: ${el.text.text}`;
      if (el.type === 'button' && (el.value ?? '').length > 2000) return 'button value over 2000 characters';
      if (el.type === 'plain_text_input' && el.initial_value && el.max_length && el.initial_value.length > el.max_length) return `${el.action_id} initial value over its max_length`;
    }
  }
  return null;
}
