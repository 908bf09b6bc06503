import { createSafeLiquid } from '../templates/liquid.factory';
import { RowTemplate } from './portal-row.template';

const FIELDS = ['name', 'url'] as const;
const SOURCE = `{%- comment -%} why {%- endcomment %}
<tr><td>{{ row.name }}</td><td><a href="{{ row.url }}">PDF</a></td></tr>
`;

describe(RowTemplate.name, () => {
  const engine = createSafeLiquid({ html: true });

  it('prints what Liquid prints for each row, hostile values escaped the same way', () => {
    const rows = [
      { name: `<script>alert("x")</script> & O'Brien`, url: `/a?b=1&c="2"` },
      { name: '{{ row.url }} \u0000', url: '' },
    ];
    const template = new RowTemplate(engine, SOURCE, 'row.liquid', FIELDS);
    const byLiquid = rows.map((row) => (engine.parseAndRenderSync(SOURCE, { row }) as string).trimEnd()).join('');
    expect(template.render(rows)).toBe(byLiquid);
    expect(template.render(rows)).toContain('&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; O&#39;Brien');
  });

  it.each([
    ['a tag', '<td>{% if row.name %}{{ row.name }}{% endif %}</td>'],
    ['a filter', '<td>{{ row.name | upcase }}</td>'],
    ['an unknown field', '<td>{{ row.other }}</td>'],
    ['a value outside row', '<td>{{ name }}</td>'],
  ])('refuses a template with %s, whose output could depend on the values', (_what, source) => {
    expect(() => new RowTemplate(engine, source, 'row.liquid', FIELDS)).toThrow('row.liquid');
  });
});
