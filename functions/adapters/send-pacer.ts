/**
 * Letters go at no more than the account's SES sending rate (14 a second unless the account's quota is raised):
 * each send waits for its slot, evenly spaced, so a term of thousands of letters never meets a throttling storm.
 */
export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const REAL_CLOCK: PacerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A function to await before each send: it returns when the next send is within `perSecond` a second. */
export function sendPacer(perSecond: number, clock: PacerClock = REAL_CLOCK): () => Promise<void> {
  if (!(perSecond > 0)) throw new Error(`the sending rate must be above 0 a second, not ${perSecond}`);
  // Whole milliseconds, rounded up: never a hair over the rate in any one second.
  const interval = Math.ceil(1000 / perSecond);
  let next = -Infinity;
  return async () => {
    const now = clock.now();
    const at = Math.max(now, next);
    next = at + interval;
    if (at > now) await clock.sleep(at - now);
  };
}
