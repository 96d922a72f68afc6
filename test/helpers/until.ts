import { setTimeout as sleep } from "node:timers/promises";

/**
 * Asks `probe` again and again until it answers something other than undefined, and returns that:
 * for state another process reaches in its own time (an index following the chain), whose only
 * event is what its API answers. Fails after `timeoutMs`, saying what it waited for.
 */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, { timeoutMs = 60_000, everyMs = 50 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await probe();
    if (answer !== undefined) return answer;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await sleep(everyMs);
  }
}
