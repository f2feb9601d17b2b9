/** Serves an app on a free loopback port for the length of a test. */
import type { RequestListener } from 'node:http';
import { startServer, type RunningServer } from '../lifecycle/start-server.js';

/**
 * Starts the app on 127.0.0.1 and a port the system picks; dispose (or `close`) to stop it.
 *
 * @example
 * await using server = await startTestApp(app);
 * const response = await fetch(`${server.url}/status`);
 */
export function startTestApp(app: RequestListener): Promise<RunningServer> {
  return startServer(app, { host: '127.0.0.1', port: 0, shutdownTimeoutMilliseconds: 2000 });
}
