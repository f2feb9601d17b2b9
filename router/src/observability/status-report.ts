/** `/status` of styx: the short public one (spec's ServiceStatus) and the detailed one of the admin listener. */
import type { ServiceStatus } from '@tidepool/spec';
import type { UpstreamEndpoint } from '../balancing/upstream-endpoint.js';
import type { UpstreamGroup } from '../balancing/upstream-group.js';

/** One instance as the admin `/status` shows it. */
export interface InstanceReport {
  readonly id: string;
  readonly url: string;
  readonly draining: boolean;
  readonly ejected: boolean;
  readonly outstanding: number;
  readonly consecutiveFailures: number;
}

export interface TargetReport {
  readonly service: string;
  readonly available: number;
  /** How old the instance list is, when it comes from a hakken cache. */
  readonly ageMilliseconds: number | undefined;
  readonly instances: readonly InstanceReport[];
  /** Instances that left the source without draining, still tried as a last resort for a while. */
  readonly lingering: readonly InstanceReport[];
}

export interface DetailedStatus extends ServiceStatus {
  readonly draining: boolean;
  readonly targets: readonly TargetReport[];
}

export interface StatusSource {
  readonly version: string;
  readonly startedAt: number;
  readonly groups: readonly UpstreamGroup[];
  /** True once styx is shutting down. */
  isClosing(): boolean;
}

/**
 * The public status: `degraded` when some target has no available instance, with one check
 * per target service. It names services, never instance addresses.
 */
export function publicStatus(source: StatusSource): ServiceStatus {
  const now = Date.now();
  const checks: Record<string, 'ok' | 'failing'> = {};
  for (const group of source.groups) {
    checks[group.name] = group.availability(now).available > 0 ? 'ok' : 'failing';
  }
  return {
    service: 'styx',
    version: source.version,
    status: Object.values(checks).includes('failing') ? 'degraded' : 'ok',
    uptimeSeconds: Math.round((now - source.startedAt) / 1000),
    checks,
  };
}

function instanceReport(endpoint: UpstreamEndpoint, now: number): InstanceReport {
  return {
    id: endpoint.instance.id,
    url: endpoint.instance.url,
    draining: endpoint.instance.draining,
    ejected: endpoint.isEjected(now),
    outstanding: endpoint.outstanding,
    consecutiveFailures: endpoint.consecutiveFailures,
  };
}

/** The admin status: the public one plus every instance with its counters. */
export function detailedStatus(source: StatusSource): DetailedStatus {
  const now = Date.now();
  return {
    ...publicStatus(source),
    draining: source.isClosing(),
    targets: source.groups.map((group) => ({
      service: group.name,
      available: group.availability(now).available,
      ageMilliseconds: group.ageMilliseconds(),
      instances: group.all().map((endpoint) => instanceReport(endpoint, now)),
      lingering: group.lingeringEndpoints().map((endpoint) => instanceReport(endpoint, now)),
    })),
  };
}
