import { describe, expect, it } from 'vitest';
import { createLogger } from './create-logger.js';

describe('createLogger', () => {
  it('gives every logger without a destination the one writer to stdout', () => {
    const before = process.listenerCount('exit');
    // A process makes many: each hakken client without a logger of its own makes a silent one.
    for (let index = 0; index < 20; index += 1) {
      createLogger({ service: `many-${String(index)}`, level: 'silent' });
    }
    // The writer's exit listener (it writes what is pending as the process exits), at most once.
    expect(process.listenerCount('exit') - before).toBeLessThanOrEqual(1);
  });
});
