import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldErrorsFromZodError } from '@tidepool/spec';

function errorsOf(schema: z.ZodTypeAny, value: unknown) {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected the value to be invalid');
  return fieldErrorsFromZodError('query', result.error);
}

describe('fieldErrorsFromZodError', () => {
  it('gives one entry per unknown field of a strict object, at the field', () => {
    const schema = z.object({ inner: z.object({ a: z.string() }).strict() });
    expect(errorsOf(schema, { inner: { a: 'x', b: 1, c: 2 } })).toEqual([
      { location: 'query', path: 'inner.b', message: 'Unknown field.' },
      { location: 'query', path: 'inner.c', message: 'Unknown field.' },
    ]);
  });

  it('reports the union branch that got past the type of the value', () => {
    const schema = z.union([z.object({ n: z.number() }), z.array(z.object({ n: z.number() }))]);
    expect(errorsOf(schema, [{ n: 1 }, { n: 'two' }]).map((error) => error.path)).toEqual(['1.n']);
  });

  it('reports the union itself when no branch matches the type of the value', () => {
    const schema = z.union([z.number(), z.boolean()]);
    expect(errorsOf(schema, 'text')).toEqual([{ location: 'query', path: '', message: 'Invalid input' }]);
  });
});
