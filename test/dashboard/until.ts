/**
 * Polls `check` every 50 ms until it returns a value other than undefined, false or null, for at
 * most `timeoutMs`: the real clock runs the scheduler under the browser tests, so they wait for
 * outcomes with a bound, never for a fixed time.
 */
export async function until<T>(what: string, check: () => Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
