/** Asserts that a value is an instance of a class and answers it typed as one, for tests. */
import { expect } from 'vitest';

export function expectInstance<T>(value: unknown, type: abstract new (...args: never[]) => T): T {
  expect(value).toBeInstanceOf(type);
  if (!(value instanceof type)) throw new Error(`Expected an instance of ${type.name}.`);
  return value;
}
