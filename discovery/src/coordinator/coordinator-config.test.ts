import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@tidepool/kit';
import { coordinatorConfigSchema } from './coordinator-config.js';

const secret = 'a-server-secret-of-at-least-32-characters';

describe('coordinator configuration', () => {
  it('defaults to the 1 s × 3 expiry of DESIGN.md §7 and a small body limit', () => {
    const config = loadConfig(coordinatorConfigSchema, { SERVER_SECRET: secret });
    expect(config.HAKKEN_HEARTBEAT_INTERVAL_MS).toBe(1000);
    expect(config.HAKKEN_ALLOWED_MISSES).toBe(3);
    expect(config.HAKKEN_PEERS).toEqual([]);
    expect(config.BODY_LIMIT).toBe('64kb');
  });

  it('reads the seed list and the timing from the environment', () => {
    const config = loadConfig(coordinatorConfigSchema, {
      SERVER_SECRET: secret,
      HAKKEN_PEERS: '10.0.0.5:8000,10.0.0.6:8000',
      HAKKEN_HEARTBEAT_INTERVAL_MS: '250',
      HAKKEN_ALLOWED_MISSES: '4',
    });
    expect(config.HAKKEN_PEERS).toEqual(['http://10.0.0.5:8000', 'http://10.0.0.6:8000']);
    expect(config.HAKKEN_HEARTBEAT_INTERVAL_MS).toBe(250);
    expect(config.HAKKEN_ALLOWED_MISSES).toBe(4);
  });

  it('reports every problem at once, naming the variables', () => {
    const attempt = () =>
      loadConfig(coordinatorConfigSchema, { HAKKEN_PEERS: 'not a peer', HAKKEN_ALLOWED_MISSES: '0' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const variables = (error as ConfigError).problems.map((problem) => problem.variable).sort();
      expect(variables).toEqual(['HAKKEN_ALLOWED_MISSES', 'HAKKEN_PEERS', 'SERVER_SECRET']);
    }
  });
});
