/**
 * How notify shares a term's letters between its invocations: it stops this long before its function's timeout and
 * says where the next invocation carries on (functions/handlers/notify.ts). The limits test counts the letters an
 * invocation can send in the time left (lib/execution-limits.ts), so both read it here.
 */
export const NOTIFY_STOPS_BEFORE_TIMEOUT_SECONDS = 60;

/**
 * How many letters notify has in hand at once (one for each school whose letters it is sending), each waiting for
 * its slot at the sending rate: enough to keep to the
 * rate though each letter's round trips (its claim, SES, its record, its audit entry) take up to half a second on
 * AWS, and never more than 16 (a few at the default 14 a second: 7).
 */
export function lettersInFlight(perSecond: number): number {
  return Math.min(16, Math.max(1, Math.ceil(perSecond / 2)));
}
