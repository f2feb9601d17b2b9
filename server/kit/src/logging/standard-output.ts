/** Where the platform's log lines go: standard output, written asynchronously, never a hang at exit. */
import sonicBoom, { type SonicBoomOpts } from 'sonic-boom';

// A CommonJS module: Node's ESM loader gives it as the default export only.
const { SonicBoom } = sonicBoom;

/** What pino writes lines to; `flushSync` writes what is pending at once. */
export type StandardOutput = InstanceType<typeof SonicBoom>;

/** SonicBoom's options that callers may set; it always writes to fd 1, asynchronously. */
export type StandardOutputOptions = Pick<SonicBoomOpts, 'contentMode' | 'minLength'>;

/**
 * Standard output through SonicBoom (pino's asynchronous writer), written as fast as it takes
 * lines, with what is pending written synchronously when the process exits.
 *
 * Not `pino.destination()`: its writer (SonicBoom 4, pino's own dependency) retries a failed
 * write at exit forever. When the reader of standard output had gone (shio's agent killed, a
 * pipe into `head` closed) while the process was quiet, the lines logged by a fast shutdown
 * were still pending at exit, and `SIGTERM` left the process blocked writing them again every
 * 100 ms, beyond the reach of any timer. SonicBoom 5 gives up with the error instead; the lines
 * then have nowhere to go, and the process exits.
 */
export function standardOutput(options: StandardOutputOptions = {}): StandardOutput {
  const stream = new SonicBoom({ ...options, fd: 1, sync: false });
  let readerGone = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    // Later lines are dropped rather than each failing again: nothing can read them.
    readerGone = true;
    stream.write = () => true;
  });
  process.once('exit', () => {
    if (readerGone) return;
    try {
      stream.flushSync();
    } catch {
      // The reader went away while the process was quiet: the pending lines cannot be written.
    }
  });
  return stream;
}
