/** Waiting in tests for something that happens asynchronously, with a bound so a test fails instead of hanging. */

/**
 * Resolves once `condition` returns true (checked every 10 ms); rejects after `timeoutMs`
 * naming what was awaited. The bound is generous: it catches a hang, not slowness.
 */
export async function waitFor(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
