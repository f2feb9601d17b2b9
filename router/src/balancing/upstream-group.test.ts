import { describe, expect, it } from 'vitest';
import type { Dispatcher } from 'undici';
import { createStaticUpstreamSource } from '../upstream/upstream-source.js';
import { UpstreamGroup } from './upstream-group.js';

const closed: string[] = [];
const fakeDispatcher = (url: string) =>
  ({ close: () => Promise.resolve(closed.push(url)) }) as unknown as Dispatcher;
const health = {
  consecutiveFailures: 2,
  baseEjectionMilliseconds: 1_000,
  maximumEjectionMilliseconds: 4_000,
};

function group(urls: string[], random = Math.random) {
  const source = createStaticUpstreamSource(urls);
  return {
    source,
    group: new UpstreamGroup({ name: 'api', source, health, createDispatcher: fakeDispatcher, random }),
  };
}

describe('the upstream group', () => {
  it('chooses the less busy of two instances drawn at random', () => {
    const { group: api } = group(['http://a', 'http://b'], () => 0);
    const [a, b] = api.all();
    a!.outstanding = 3;
    b!.outstanding = 1;

    expect(api.choose([], 0)).toBe(b);
  });

  it('skips instances already tried for this request', () => {
    const { group: api } = group(['http://a', 'http://b']);
    const [a, b] = api.all();

    expect(api.choose([a!], 0)).toBe(b);
    expect(api.choose([a!, b!], 0)).toBeUndefined();
  });

  it('ejects after consecutive failures, with a back-off that doubles', () => {
    const { group: api } = group(['http://a', 'http://b']);
    const [a, b] = api.all();

    expect(a!.recordFailure(0)).toBe(false);
    expect(a!.recordFailure(0)).toBe(true);
    expect(a!.ejectedUntil).toBe(1_000);
    expect(api.choose([], 500)).toBe(b);
    // Back after the back-off, one more failure ejects it again, for twice as long.
    expect(a!.recordFailure(1_000)).toBe(true);
    expect(a!.ejectedUntil).toBe(3_000);
    a!.recordSuccess();
    expect(a!.recordFailure(5_000)).toBe(false);
  });

  it('tries ejected instances when every instance is ejected', () => {
    const { group: api } = group(['http://a']);
    const [a] = api.all();
    a!.recordFailure(0);
    a!.recordFailure(0);

    expect(api.choose([], 10)).toBe(a);
  });

  it('follows its source: draining flags, new instances, and pools of removed ones closed', () => {
    const { source, group: api } = group(['http://a', 'http://b']);
    const [a] = api.all();
    a!.outstanding = 2;
    source.replace([
      { id: 'http://a', url: 'http://a', draining: true },
      { id: 'http://c', url: 'http://c', draining: false },
    ]);

    expect(api.all().map((endpoint) => endpoint.instance.id)).toEqual(['http://a', 'http://c']);
    expect(api.all()[0]).toBe(a);
    expect(a!.outstanding).toBe(2);
    expect(api.availability(0)).toEqual({ total: 2, draining: 1, ejected: 0, available: 1 });
    expect(closed).toContain('http://b');
  });
});
