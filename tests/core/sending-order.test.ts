import { describe, expect, it } from 'vitest';
import {
  type LetterOutcome,
  lettersBySchool,
  lettersInFlight,
  type SendingOrder,
  sendInOrder,
} from '../../functions/core/letters/sending-order';

/** A letter's sending that takes a few turns of the event loop, as a round trip would. */
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

const order = (o: Partial<SendingOrder> = {}): SendingOrder => ({
  first: 0,
  total: 20,
  atOnce: 4,
  mayBegin: () => true,
  ...o,
});

describe('the order letters are sent in', () => {
  it('begins them in order, never more than its number at once, and sends every one', async () => {
    const begun: number[] = [];
    let inHand = 0;
    let most = 0;
    const result = await sendInOrder(order({ first: 3 }), async (index) => {
      begun.push(index);
      most = Math.max(most, ++inHand);
      await turns(1 + (index % 3));
      inHand--;
      return 'done';
    });
    expect(result).toEqual({ halted: false });
    expect(begun).toEqual(Array.from({ length: 17 }, (_, i) => 3 + i));
    expect(most).toBe(4);
  });

  it('stops when its time is nearly up, and says where the next carries on: after the last begun', async () => {
    const timed: number[] = [];
    expect(
      await sendInOrder(order({ mayBegin: () => timed.length < 6 }), async (index) => {
        timed.push(index);
        await turns(2);
        return 'done';
      }),
    ).toEqual({ next: 6, halted: false });
    expect(timed.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("takes a school's letters together, in their order, however the batch's letters are numbered", () => {
    expect(lettersBySchool(['100001', '100001', '100002', '100004', '100004', '100004'], 12)).toEqual([
      [12, 13],
      [14],
      [15, 16, 17],
    ]);
    expect(lettersBySchool([], 0)).toEqual([]);
  });

  it('begins no letter once one fails, lets those in hand finish knowing it, then fails with its error', async () => {
    const begun: number[] = [];
    const finished: { index: number; halted: boolean }[] = [];
    const failing = sendInOrder(order(), async (index, halted): Promise<LetterOutcome> => {
      begun.push(index);
      if (index === 5) {
        await turns(1);
        throw new Error('the function died');
      }
      await turns(index > 5 ? 4 : 1);
      finished.push({ index, halted: halted() });
      return 'done';
    });
    await expect(failing).rejects.toThrow('the function died');
    // None begun once it failed (four in hand at a time, so at most the three after it); those in hand finished.
    expect(Math.max(...begun)).toBeLessThan(10);
    expect(finished.map((f) => f.index).sort((a, b) => a - b)).toEqual(
      begun.filter((i) => i !== 5).sort((a, b) => a - b),
    );
    expect(finished.filter((f) => f.index > 5).every((f) => f.halted)).toBe(true);
  });

  it('halts without an error when a letter says so (SES kept throttling), and gives no place to carry on from', async () => {
    const begun: number[] = [];
    const result = await sendInOrder(order({ atOnce: 1 }), async (index) => {
      begun.push(index);
      return index === 2 ? 'halt' : 'done';
    });
    expect(result).toEqual({ halted: true });
    expect(begun).toEqual([0, 1, 2]);
  });

  it('refuses to hold no letter at a time', async () => {
    await expect(sendInOrder(order({ atOnce: 0 }), async () => 'done')).rejects.toThrow(/at least 1/);
  });

  it('holds enough letters at once to keep to the sending rate, and never more than sixteen', () => {
    expect([0.5, 1, 14, 15, 32, 200].map(lettersInFlight)).toEqual([1, 1, 7, 8, 16, 16]);
  });
});
