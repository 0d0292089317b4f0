/**
 * The order notify sends a batch's letters in: several schools' in hand at once (each letter waiting for its slot
 * at the paced rate), begun strictly in order, so those begun are always the first ones and the next invocation can
 * carry on after them; a school's own letters one after another. Pure: the sending itself is the caller's.
 */

/**
 * What sending one (a school's letters) came to: done (sent, found sent, or refused), or halt (begin no more: SES kept
 * throttling).
 */
export type LetterOutcome = 'done' | 'halt';

export interface SendingOrder {
  /** The first to send (a school's letters, say), and how many there are. */
  readonly first: number;
  readonly total: number;
  /** How many letters may be in hand at once. */
  readonly atOnce: number;
  /** Whether another letter may be begun (false once the invocation's time is nearly up). */
  readonly mayBegin: () => boolean;
}

/**
 * Sends letters `first`, `first + 1`, ... with at most `atOnce` in hand. Once one halts or throws, no more are
 * begun, and those in hand are let finish (`halted()` tells them, so that one still waiting for its turn can give
 * its claim back); then the first error is thrown. Returns where the next invocation carries on (the first letter
 * not begun), if it stopped before the last, and whether a letter halted it.
 */
export async function sendInOrder(
  order: SendingOrder,
  send: (index: number, halted: () => boolean) => Promise<LetterOutcome>,
): Promise<{ next?: number; halted: boolean }> {
  if (!Number.isInteger(order.atOnce) || order.atOnce < 1)
    throw new Error(`letters in hand at once must be a whole number of at least 1, not ${order.atOnce}`);
  let next = order.first;
  let stopped = false;
  let halted = false;
  const isHalted = () => halted;
  const sender = async (): Promise<void> => {
    while (!halted && !stopped && next < order.total) {
      if (!order.mayBegin()) {
        stopped = true;
        return;
      }
      const index = next++;
      try {
        if ((await send(index, isHalted)) === 'halt') halted = true;
      } catch (error) {
        halted = true;
        throw error;
      }
    }
  };
  const senders = await Promise.allSettled(Array.from({ length: order.atOnce }, sender));
  const failed = senders.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return { ...(stopped && !halted ? { next } : {}), halted };
}

/**
 * The letters' numbers (from `first`), school by school: each run of consecutive letters to the same school (the
 * letters come in their schools' order), so that a school's own letters go one after another.
 */
export function lettersBySchool(urns: readonly string[], first: number): number[][] {
  const schools: number[][] = [];
  urns.forEach((urn, i) => {
    // Stryker disable next-line ConditionalExpression: before the first letter there is no URN, so none equal to its
    if (i === 0 || urns[i - 1] !== urn) schools.push([]);
    schools.at(-1)!.push(first + i);
  });
  return schools;
}

/**
 * How many letters notify has in hand at once (one for each school whose letters it is sending), each waiting for
 * its slot at the sending rate: enough to keep to the rate though each letter's round trips (its claim, SES, its
 * record, its audit entry) take up to half a second on AWS, and never more than 16 (7 at the default 14 a second).
 */
export function lettersInFlight(perSecond: number): number {
  return Math.min(16, Math.max(1, Math.ceil(perSecond / 2)));
}
