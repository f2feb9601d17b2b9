import { describe, expect, it } from 'vitest';
import { integerArray, textArray } from './array-literals.js';

describe('textArray', () => {
  it('quotes every element, escapes quotes and backslashes, and writes null as NULL', () => {
    expect(textArray(['a', null, 'say "hi"', 'back\\slash', 'NULL', '{x,y}', ''])).toBe(
      '{"a",NULL,"say \\"hi\\"","back\\\\slash","NULL","{x,y}",""}',
    );
  });

  it('writes an empty array as {}', () => {
    expect(textArray([])).toBe('{}');
  });
});

describe('integerArray', () => {
  it('writes integers unquoted and refuses anything else', () => {
    expect(integerArray([1, -2, 30])).toBe('{1,-2,30}');
    expect(() => integerArray([1.5])).toThrow(RangeError);
    expect(() => integerArray([Number.NaN])).toThrow(RangeError);
  });
});
