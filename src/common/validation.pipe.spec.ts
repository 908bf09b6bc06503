import { InvoiceBody } from '../invoices/invoice.dto';
import { AppError } from './app-error';
import { BodyValidationPipe } from './validation.pipe';

/** The pipe on its own: what reaches it by routes the JSON middleware does not cover. */
describe(BodyValidationPipe.name, () => {
  const pipe = new BodyValidationPipe();
  const asBody = { type: 'body' as const, metatype: InvoiceBody };
  const refusal = async (value: unknown) => {
    try {
      await pipe.transform(value, asBody);
    } catch (err) {
      if (err instanceof AppError) return err;
      throw err;
    }
    throw new Error('expected an AppError');
  };

  it('refuses a deeply nested body with a 400 instead of overflowing class-transformer', async () => {
    const deep = JSON.parse(`{"items":${'['.repeat(5000)}${']'.repeat(5000)}}`);
    expect(await refusal(deep)).toMatchObject({ status: 400, code: 'invalid_body', message: 'El cuerpo JSON está anidado a más de 32 niveles.' });
  });

  it('refuses a body that is not an object', async () => {
    for (const value of [[], 'x', 1, null]) expect(await refusal(value)).toMatchObject({ status: 400, code: 'invalid_body' });
  });

  it('names where a NUL is', async () => {
    expect(await refusal({ kind: 'FACTURA\u0000' })).toMatchObject({ status: 422, code: 'control_characters', field: 'kind' });
  });
});
