import type { Liquid, Template } from 'liquidjs';

/** Liquid's own `escape` filter, character for character. */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Marks where each value goes when the template is rendered once; survives HTML escaping untouched. */
const mark = (i: number) => `\u0000${i}\u0000`;

/**
 * A row template (templates/portal/row.liquid) as static markup around the
 * escaped values: rendered by Liquid once, at start, with a marker for each
 * value, and then filled in per row. The page prints fifty rows, and a
 * Liquid render of each cost more than the rest of the request together.
 * Exactly what Liquid would print, as long as the file holds nothing but
 * `{{ row.field }}` outputs (and comments): anything else, whose result
 * could depend on the values, is refused when the app starts.
 */
export class RowTemplate<Field extends string> {
  /** Static markup and value positions, alternating: [html, field, html, field, …, html]. */
  private readonly parts: string[];
  private readonly fields: Field[];

  constructor(engine: Liquid, source: string, file: string, fields: readonly Field[]) {
    const body = source.replace(/\{%-?\s*comment\s*-?%\}[\s\S]*?\{%-?\s*endcomment\s*-?%\}/g, '');
    if (body.includes('{%')) throw new Error(`${file}: only {{ row.field }} outputs are allowed, no tags`);
    const used = [...body.matchAll(/\{\{(.*?)\}\}/g)].map((m) => /^\s*row\.(\w+)\s*$/.exec(m[1])?.[1]);
    for (const name of used) {
      if (!name || !fields.includes(name as Field)) throw new Error(`${file}: only {{ row.<${fields.join('|')}> }} outputs are allowed`);
    }
    const templates: Template[] = engine.parse(source, file);
    const marked = Object.fromEntries(fields.map((f, i) => [f, mark(i)]));
    const rendered = (engine.renderSync(templates, { row: marked }) as string).trimEnd();
    this.fields = [...fields];
    this.parts = rendered.split(/\u0000(\d+)\u0000/);
  }

  /** The rows' markup, one after another, every value HTML-escaped. */
  render(rows: readonly Record<Field, string>[]): string {
    let html = '';
    for (const row of rows) {
      for (let i = 0; i < this.parts.length; i++) {
        html += i % 2 === 0 ? this.parts[i] : escapeHtml(row[this.fields[Number(this.parts[i])]]);
      }
    }
    return html;
  }
}
