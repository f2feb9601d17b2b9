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

function group(urls: string[], random = Math.random, lingerMilliseconds?: number) {
  const source = createStaticUpstreamSource(urls);
  return {
    source,
    group: new UpstreamGroup({
      name: 'api',
      source,
      health,
      createDispatcher: fakeDispatcher,
      random,
      ...(lingerMilliseconds === undefined ? {} : { lingerMilliseconds }),
    }),
  };
}

const listed = (url: string, draining = false) => ({ id: url, url, draining });

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

  it('follows its source: draining flags, new instances, and pools of drained ones closed', () => {
    const { source, group: api } = group(['http://a', 'http://b']);
    const [a] = api.all();
    a!.outstanding = 2;
    source.replace([listed('http://a', true), listed('http://b', true)]);
    source.replace([listed('http://a', true), listed('http://c')]);

    expect(api.all().map((endpoint) => endpoint.instance.id)).toEqual(['http://a', 'http://c']);
    expect(api.all()[0]).toBe(a);
    expect(a!.outstanding).toBe(2);
    expect(api.availability(0)).toEqual({ total: 2, draining: 1, ejected: 0, available: 1 });
    expect(closed).toContain('http://b');
    expect(api.lingeringEndpoints()).toEqual([]);
  });

  describe('keeps an instance that left without draining as a last resort', () => {
    it('tried only when no listed instance can take the request', () => {
      const { source, group: api } = group(['http://quiet', 'http://other']);
      const [quiet, other] = api.all();
      source.replace([listed('http://other')]);
      const now = Date.now();

      expect(api.lingeringEndpoints()).toEqual([quiet]);
      expect(closed).not.toContain('http://quiet');
      expect(api.choose([], now)).toBe(other);
      expect(api.choose([other!], now)).toBe(quiet);
      expect(api.choose([other!, quiet!], now)).toBeUndefined();
      // It is not listed: /status and the availability count only the source's instances.
      expect(api.availability(now)).toEqual({ total: 1, draining: 0, ejected: 0, available: 1 });
    });

    it('until the linger ends, when its pool is closed', async () => {
      const { source, group: api } = group(['http://gone'], Math.random, 30);
      source.replace([]);

      expect(api.choose([], Date.now())?.instance.id).toBe('http://gone');
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(api.choose([], Date.now())).toBeUndefined();
      expect(api.lingeringEndpoints()).toEqual([]);
      expect(closed).toContain('http://gone');
    });

    it('and takes it back, pool and counters, when it is listed again', () => {
      const { source, group: api } = group(['http://back']);
      const [back] = api.all();
      back!.outstanding = 1;
      source.replace([]);
      source.replace([listed('http://back')]);

      expect(api.all()).toEqual([back]);
      expect(api.lingeringEndpoints()).toEqual([]);
      expect(closed).not.toContain('http://back');
    });
  });
});
