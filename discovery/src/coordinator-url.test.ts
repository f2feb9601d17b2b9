import { describe, expect, it } from 'vitest';
import { coordinatorUrl, hostOf, parseCoordinatorList } from './coordinator-url.js';

describe('coordinator addresses', () => {
  it('turns host:port and URLs into base URLs', () => {
    expect(coordinatorUrl('127.0.0.1:8000')).toBe('http://127.0.0.1:8000');
    expect(coordinatorUrl('https://hakken.internal:8443/')).toBe('https://hakken.internal:8443');
    expect(coordinatorUrl('[::1]:8000')).toBe('http://[::1]:8000');
    expect(hostOf('http://[::1]:8000')).toBe('[::1]:8000');
  });

  it('refuses an address without a port or with junk', () => {
    expect(() => coordinatorUrl('hakken.internal')).toThrow(/Not a coordinator address/);
    expect(() => parseCoordinatorList('127.0.0.1:8000, nonsense here')).toThrow(/nonsense here/);
  });

  it('splits HAKKEN_PEERS, ignoring blanks', () => {
    expect(parseCoordinatorList(' 10.0.0.5:8000,,10.0.0.6:8000 ')).toEqual([
      'http://10.0.0.5:8000',
      'http://10.0.0.6:8000',
    ]);
    expect(parseCoordinatorList(undefined)).toEqual([]);
  });
});
