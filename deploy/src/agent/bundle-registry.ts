/** Which code runs each service and whether it keeps an embedded database (DESIGN.md §2, §4). */
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { Bundle } from '@tidepool/spec';
import { SlotError } from './slot-error.js';

/** How the agent runs a service. */
export interface ServiceDefinition {
  /** The main file, relative to the code root (the repository checkout). */
  readonly entry: string;
  /** Whether it opens an embedded PGlite database under `DATA_DIR/<service>/` when no URL is given. */
  readonly embeddedDatabase: boolean;
  /**
   * Node and V8 flags the process starts with, for those Node refuses in NODE_OPTIONS (heap
   * sizes, for example).
   */
  readonly nodeFlags?: readonly string[];
  /**
   * Variables the process starts with, under the bundle's configuration (which wins): settings
   * read before any code runs, such as glibc's malloc tunables.
   */
  readonly environment?: Readonly<Record<string, string>>;
}

/**
 * styx's young generation at its full size from the start: fewer scavenges per request
 * (router/README.md, "Performance"; `--min-semi-space-size` is refused in NODE_OPTIONS).
 */
export const STYX_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32', '--min-semi-space-size=32'];

/**
 * data's malloc keeps what it freed (glibc tunables, read at process start): an upload or a query
 * allocates buffers of megabytes (a request body, a block INSERT, an answer) that glibc would
 * otherwise map and unmap each time, each page faulted in again (server/data/README.md,
 * "Performance"). Freed memory is kept up to 256 MB before it is given back.
 */
export const DATA_PROCESS_ENVIRONMENT: Readonly<Record<string, string>> = {
  GLIBC_TUNABLES: [
    'glibc.malloc.mmap_threshold=67108864',
    'glibc.malloc.trim_threshold=268435456',
    'glibc.malloc.top_pad=67108864',
  ].join(':'),
};

/** A bundle as the agent takes it in-process: a plan or a test may name its main file itself. */
export type AgentBundle = Bundle & { readonly entry?: string };

/** The services of DESIGN.md §2. Only those whose entry file exists can be started. */
export const BUILT_IN_SERVICES: Readonly<Record<string, ServiceDefinition>> = {
  hakken: { entry: 'discovery/src/main.ts', embeddedDatabase: false },
  styx: { entry: 'router/src/main.ts', embeddedDatabase: false, nodeFlags: STYX_NODE_FLAGS },
  'user-api': { entry: 'server/user-api/src/main.ts', embeddedDatabase: true },
  metadata: { entry: 'server/metadata/src/main.ts', embeddedDatabase: true },
  access: { entry: 'server/access/src/main.ts', embeddedDatabase: true },
  'message-api': { entry: 'server/message-api/src/main.ts', embeddedDatabase: true },
  data: { entry: 'server/data/src/main.ts', embeddedDatabase: true, environment: DATA_PROCESS_ENVIRONMENT },
  portal: { entry: 'portal/src/main.ts', embeddedDatabase: false },
};

export interface BundleRegistryOptions {
  /** The repository checkout the entries are relative to. */
  readonly codeRoot: string;
  /** Services beyond the built-in ones (a plan's `services`, test fixtures). */
  readonly services?: Readonly<Record<string, ServiceDefinition>>;
  /**
   * When set, a bundle of version V runs from `<releasesDirectory>/<V>/` (a checkout of that
   * release with its own `npm ci`) instead of `codeRoot`.
   */
  readonly releasesDirectory?: string;
}

/** A bundle resolved to what the agent spawns. */
export interface ResolvedBundle {
  /** The absolute path of the main file. */
  readonly entry: string;
  /** The child's working directory: the code root of the bundle's version. */
  readonly codeRoot: string;
  readonly embeddedDatabase: boolean;
  readonly nodeFlags: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
}

export class BundleRegistry {
  readonly #services: Readonly<Record<string, ServiceDefinition>>;

  constructor(private readonly options: BundleRegistryOptions) {
    this.#services = { ...BUILT_IN_SERVICES, ...options.services };
  }

  /** The definition of a service, or undefined when the registry does not know it. */
  definition(service: string): ServiceDefinition | undefined {
    return Object.hasOwn(this.#services, service) ? this.#services[service] : undefined;
  }

  /** Whether a known service's main file exists at the code root (a service not written yet does not). */
  isInstalled(service: string): boolean {
    const definition = this.definition(service);
    return definition !== undefined && existsSync(resolve(this.options.codeRoot, definition.entry));
  }

  /** Where the bundle's code is; throws `BAD_BUNDLE` naming what is missing. */
  resolve(bundle: AgentBundle): ResolvedBundle {
    const definition = this.definition(bundle.service);
    if (definition === undefined && bundle.entry === undefined) {
      throw new SlotError(
        'BAD_BUNDLE',
        `Unknown service "${bundle.service}": the agent runs ${Object.keys(this.#services).join(', ')}.`,
      );
    }
    const codeRoot =
      this.options.releasesDirectory === undefined
        ? this.options.codeRoot
        : join(this.options.releasesDirectory, bundle.version);
    if (this.options.releasesDirectory !== undefined && !existsSync(codeRoot)) {
      throw new SlotError('BAD_BUNDLE', `Version ${bundle.version} is not installed (no ${codeRoot}).`);
    }
    const file = bundle.entry ?? definition?.entry ?? '';
    const entry = isAbsolute(file) ? file : resolve(codeRoot, file);
    if (!existsSync(entry)) {
      throw new SlotError(
        'BAD_BUNDLE',
        `The code of ${bundle.service} is not there: ${entry} does not exist.`,
      );
    }
    return {
      entry,
      codeRoot,
      embeddedDatabase: definition?.embeddedDatabase ?? false,
      nodeFlags: definition?.nodeFlags ?? [],
      environment: definition?.environment ?? {},
    };
  }
}
