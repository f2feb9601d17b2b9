/** The standalone agent's configuration (`src/agent/main.ts`): one zod schema over the environment (STYLE.md point 4). */
import { hostname } from 'node:os';
import { z } from 'zod';
import { serviceConfigSchema } from '@tidepool/kit';

const ServerNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lowercase letters, digits and -');

/** A default server name from the host name: lowercase, anything else turned into `-`. */
function serverNameFromHost(): string {
  const name = hostname()
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 64);
  return name === '' ? 'server' : name;
}

export const agentConfigSchema = serviceConfigSchema({
  /** Coordinators the agent publishes itself to (and the CLI finds it through), separated by commas. */
  HAKKEN_COORDINATORS: z
    .string({ required_error: 'is required' })
    .min(1)
    .transform((list) =>
      list
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== ''),
    ),
  /** The server's name in `shio servers show`; by default from the host name. */
  SHIO_SERVER_NAME: ServerNameSchema.default(serverNameFromHost()),
  /** The machine, for `--machine` filters; by default the host name. */
  SHIO_MACHINE: z.string().min(1).default(hostname()),
  /** The checkout the services run from; by default the one this agent runs from. */
  SHIO_CODE_ROOT: z.string().min(1).optional(),
  /** Releases side by side: a bundle of version V runs from `<SHIO_RELEASES_DIR>/<V>/`. */
  SHIO_RELEASES_DIR: z.string().min(1).optional(),
  /** The address published to hakken when HOST is a wildcard (the server's private address). */
  ANNOUNCE_HOST: z.string().min(1).optional(),
});
export type AgentConfig = z.output<typeof agentConfigSchema>;
