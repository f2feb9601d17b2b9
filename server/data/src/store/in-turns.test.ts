import { describe, expect, it } from 'vitest';
import { inTurns } from './in-turns.js';

/** Walks `inTurns(items, perTurn)`, counting the turns of the event loop (immediates) seen meanwhile. */
async function turnsWhileWalking(count: number, perTurn: number) {
  let turns = 0;
  let walking = true;
  const countTurn = () => {
    if (!walking) return;
    turns += 1;
    setImmediate(countTurn);
  };
  setImmediate(countTurn);
  const slices: number[][] = [];
  const items = Array.from({ length: count }, (_, index) => index);
  for await (const slice of inTurns(items, perTurn)) slices.push([...slice]);
  walking = false;
  return { slices, turns };
}

describe('inTurns', () => {
  it('gives every item once, in order, in slices of perTurn', async () => {
    const { slices } = await turnsWhileWalking(25, 10);
    expect(slices.map((slice) => slice.length)).toEqual([10, 10, 5]);
    expect(slices.flat()).toEqual(Array.from({ length: 25 }, (_, index) => index));
    expect((await turnsWhileWalking(0, 10)).slices).toEqual([]);
  });

  it('lets the event loop turn before each slice but the first, and only then', async () => {
    expect((await turnsWhileWalking(25, 10)).turns).toBe(2);
    // A single slice never leaves the microtasks.
    expect((await turnsWhileWalking(10, 10)).turns).toBe(0);
  });
});
