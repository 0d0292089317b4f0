import { describe, expect, it } from 'vitest';
import { type PacerClock, sendPacer } from '../../functions/adapters/send-pacer';

/** A clock that moves only when the pacer sleeps, or when the test says time passed. */
function fakeClock(): PacerClock & { sends: number[]; pass(ms: number): void } {
  let now = 1_000;
  const sends: number[] = [];
  return {
    sends,
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
    pass: (ms) => {
      now += ms;
    },
  };
}

describe('the SES send pacer', () => {
  it('spaces sends evenly at the configured rate, so 140 letters at 14 a second take about ten seconds', async () => {
    const clock = fakeClock();
    const pace = sendPacer(14, clock);
    for (let i = 0; i < 140; i++) {
      await pace();
      clock.sends.push(clock.now());
    }
    const gaps = clock.sends.slice(1).map((t, i) => t - clock.sends[i]!);
    expect(Math.min(...gaps)).toBe(72); // 1000 / 14, rounded up to a whole millisecond
    // No one-second window holds more than 14 sends.
    for (const t of clock.sends)
      expect(clock.sends.filter((s) => s >= t && s < t + 1000).length).toBeLessThanOrEqual(14);
    expect(clock.sends.at(-1)! - clock.sends[0]!).toBe(139 * 72);
  });

  it('does not wait when sending is slower than the rate, and refuses a rate of none', async () => {
    const clock = fakeClock();
    const pace = sendPacer(2, clock);
    await pace();
    clock.pass(800);
    const before = clock.now();
    await pace();
    expect(clock.now()).toBe(before);
    expect(() => sendPacer(0, clock)).toThrow('the sending rate must be above 0 a second, not 0');
  });
});
