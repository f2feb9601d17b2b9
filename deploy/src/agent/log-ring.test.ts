import { describe, expect, it } from 'vitest';
import { LogRing, MAXIMUM_LINE_LENGTH } from './log-ring.js';

describe('LogRing', () => {
  it('keeps the last lines, oldest first, dropping the oldest when full', () => {
    const ring = new LogRing(3);
    for (const line of ['a', 'b', 'c', 'd', 'e']) ring.push(line);
    expect(ring.last()).toEqual(['c', 'd', 'e']);
    expect(ring.last(2)).toEqual(['d', 'e']);
  });

  it('answers fewer lines than asked when fewer were written', () => {
    const ring = new LogRing(5);
    ring.push('only');
    expect(ring.last(3)).toEqual(['only']);
  });

  it('cuts a runaway line', () => {
    const ring = new LogRing(2);
    ring.push('x'.repeat(MAXIMUM_LINE_LENGTH + 10));
    expect(ring.last()[0]).toHaveLength(MAXIMUM_LINE_LENGTH + '… (cut)'.length);
  });

  it('empties when cleared', () => {
    const ring = new LogRing(2);
    ring.push('a');
    ring.clear();
    expect(ring.last()).toEqual([]);
  });
});
