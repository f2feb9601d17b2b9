/** Turning checked rules into routes: each rule with its CORS policy, its upstream group and its metrics. */
import { SERVICES } from '@tidepool/spec';
import type { Dispatcher } from 'undici';
import type { PassiveHealthOptions } from '../balancing/upstream-endpoint.js';
import { UpstreamGroup } from '../balancing/upstream-group.js';
import { RetryBudget, type RetryBudgetOptions } from '../balancing/retry-budget.js';
import { createCorsPolicy, type CorsPolicy } from '../http/cors-policy.js';
import {
  createServiceIdempotentRouteMatcher,
  createServiceInternalRouteMatcher,
  type InternalRouteMatcher,
} from '../http/internal-routes.js';
import type { RouteMetrics, StyxMetrics, TargetMetrics } from '../observability/styx-metrics.js';
import { createStaticUpstreamSource, type UpstreamSource } from '../upstream/upstream-source.js';
import { createRouteTable, type RouteTable } from './route-table.js';
import type { RedirectRule, Rule, Rules } from './rules-schema.js';

/** Where a route forwards, shared by every route with the same target. */
export interface RouteTarget {
  /**
   * The service name; for static upstreams the name of the rule, or the names of the rules
   * (`/auth,/data`) when several share the same upstream list and so one target.
   */
  readonly service: string;
  readonly group: UpstreamGroup;
  readonly budget: RetryBudget;
  /** The target's internal routes, matched on the path styx would send it. */
  readonly internalRoutes: InternalRouteMatcher;
  /** The target's routes that its contract marks idempotent (POSTs it deduplicates), on the same path. */
  readonly idempotentRoutes: InternalRouteMatcher;
  readonly metrics: TargetMetrics;
}

/** A rule ready to serve requests. */
export interface Route {
  readonly name: string;
  readonly pathPrefix: string;
  readonly keepPrefix: boolean;
  readonly cors: CorsPolicy | undefined;
  readonly redirect: RedirectRule | undefined;
  readonly target: RouteTarget | undefined;
  readonly bodyLimitBytes: number;
  readonly headersTimeoutMilliseconds: number;
  readonly idleTimeoutMilliseconds: number;
  readonly metrics: RouteMetrics;
}

export interface CompileOptions {
  /** The watch of a service's instances; required when a rule targets a service. */
  readonly resolveService: ((service: string) => UpstreamSource) | undefined;
  readonly createDispatcher: (url: string) => Dispatcher;
  readonly health: PassiveHealthOptions;
  readonly retryBudget: RetryBudgetOptions;
  readonly random: () => number;
  readonly metrics: StyxMetrics;
  readonly bodyLimitBytes: number;
  readonly headersTimeoutMilliseconds: number;
  readonly idleTimeoutMilliseconds: number;
}

export interface CompiledRoutes {
  readonly table: RouteTable<Route>;
  /** One per distinct target; closing them closes the pools and the watches. */
  readonly groups: readonly UpstreamGroup[];
}

function ruleName(rule: Rule): string {
  if (rule.name !== undefined) return rule.name;
  if (rule.target !== undefined && 'service' in rule.target) return rule.target.service;
  return rule.pathPrefix;
}

/**
 * Builds the route table. Rules with the same target share one group, so that passive
 * health and the retry budget of a service are one, whichever rule led to it.
 * Throws when a rule names a service and no way to watch services was given.
 */
export function compileRoutes(rules: Rules, options: CompileOptions): CompiledRoutes {
  if (options.resolveService === undefined) {
    const first = Object.values(rules.hosts)
      .flat()
      .find((rule) => rule.target !== undefined && 'service' in rule.target);
    if (first !== undefined) {
      throw new Error(
        `Rule '${ruleName(first)}' targets a service, but styx has no hakken to watch services with: ` +
          'set HAKKEN_COORDINATORS, or use { upstreams: [...] } targets.',
      );
    }
  }
  const targets = new Map<string, RouteTarget>();
  const targetKey = (target: NonNullable<Rule['target']>) =>
    'service' in target ? `service:${target.service}` : `static:${[...target.upstreams].sort().join(',')}`;
  /** The names of the rules behind each static upstream list, in the order of the rules. */
  const staticNames = new Map<string, string[]>();
  for (const rule of Object.values(rules.hosts).flat()) {
    if (rule.target === undefined || 'service' in rule.target) continue;
    const names = staticNames.get(targetKey(rule.target)) ?? [];
    if (!names.includes(ruleName(rule))) names.push(ruleName(rule));
    staticNames.set(targetKey(rule.target), names);
  }

  function targetOf(rule: Rule): RouteTarget | undefined {
    if (rule.target === undefined) return undefined;
    const isService = 'service' in rule.target;
    const key = targetKey(rule.target);
    const known = targets.get(key);
    if (known !== undefined) return known;
    let source: UpstreamSource;
    let service: string;
    if ('service' in rule.target) {
      service = rule.target.service;
      source = (options.resolveService as (service: string) => UpstreamSource)(service);
    } else {
      service = (staticNames.get(key) ?? [ruleName(rule)]).join(',');
      source = createStaticUpstreamSource(rule.target.upstreams);
    }
    const group = new UpstreamGroup({
      name: service,
      source,
      health: options.health,
      createDispatcher: options.createDispatcher,
      random: options.random,
    });
    const entry = isService ? SERVICES.find((candidate) => candidate.name === service) : undefined;
    const target: RouteTarget = {
      service,
      group,
      budget: new RetryBudget(options.retryBudget),
      internalRoutes: createServiceInternalRouteMatcher(entry),
      idempotentRoutes: createServiceIdempotentRouteMatcher(entry),
      metrics: options.metrics.forTarget(service),
    };
    targets.set(key, target);
    return target;
  }

  const routesByHost = new Map<string, Route[]>();
  for (const [host, hostRules] of Object.entries(rules.hosts)) {
    routesByHost.set(
      host,
      hostRules.map((rule) => {
        const name = ruleName(rule);
        const target = targetOf(rule);
        return {
          name,
          pathPrefix: rule.pathPrefix,
          keepPrefix: rule.keepPrefix,
          cors: rule.cors === undefined ? undefined : createCorsPolicy(rule.cors),
          redirect: rule.redirect,
          target,
          bodyLimitBytes: rule.bodyLimitBytes ?? options.bodyLimitBytes,
          headersTimeoutMilliseconds:
            rule.timeouts?.headersMilliseconds ?? options.headersTimeoutMilliseconds,
          idleTimeoutMilliseconds: rule.timeouts?.idleMilliseconds ?? options.idleTimeoutMilliseconds,
          metrics: options.metrics.forRoute(name, target?.service ?? '-'),
        };
      }),
    );
  }
  const groups = [...targets.values()].map((target) => target.group);
  options.metrics.watchGroups(groups);
  return { table: createRouteTable(routesByHost), groups };
}
