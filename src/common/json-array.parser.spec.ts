import fc from 'fast-check';
import { JsonTooDeepError, parseJsonArrayInSlices } from './json-array.parser';

const parse = (text: string, maxDepth = 32) => parseJsonArrayInSlices(Buffer.from(text, 'utf8'), maxDepth);

describe('parseJsonArrayInSlices', () => {
  it.each([
    '[]',
    ' [ ] ',
    '[1]',
    '[1,2,3]',
    '[{"a":"x,y]}"},{"b":[1,[2,{"c":"\\\\"}]]}]',
    '[ "ñandú ✓ \\u0000", "say \\"hi\\", [ok]" ]\n',
    '[[],{},null,true,false,-1.5e3]',
  ])('reads %j as JSON.parse does', async (text) => {
    expect(await parse(text)).toEqual(JSON.parse(text));
  });

  it.each(['[1,]', '[,1]', '[1,,2]', '[1 2]', '[1', '[1]x', '', '["unterminated]', '[1]]', '[{]'])(
    'refuses %j as JSON.parse does',
    async (text) => {
      expect(() => JSON.parse(text)).toThrow();
      await expect(parse(text)).rejects.toThrow(SyntaxError);
    },
  );

  it('agrees with JSON.parse on any JSON array', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.jsonValue({ maxDepth: 6 }), { maxLength: 20 }), async (value) => {
        const text = JSON.stringify(value, null, value.length % 2 ? 2 : undefined);
        expect(await parse(text, 100)).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('reads arrays only', async () => {
    await expect(parse('{"a":1}')).rejects.toThrow(SyntaxError);
  });

  it('refuses nesting past the limit', async () => {
    await expect(parse(`[${'['.repeat(40)}${']'.repeat(40)}]`)).rejects.toThrow(JsonTooDeepError);
    expect(await parse(`[${'['.repeat(30)}${']'.repeat(30)}]`)).toHaveLength(1);
  });

  it('lets the event loop run while it reads megabytes', async () => {
    const text = JSON.stringify(Array.from({ length: 20_000 }, (_, i) => ({ event: 'open', sg_message_id: `m${i}.x`, email: `c${i}@x.com` })));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const items = await parse(text);
    clearInterval(timer);
    expect(items).toHaveLength(20_000);
    expect(ticks).toBeGreaterThan(2);
  });
});
