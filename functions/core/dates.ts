/**
 * Dates as they arrive in UK files: day/month/year (01/09/2026, 1/9/2026, or 01-09-2026 as GIAS writes it), ISO
 * (2026-09-01),
 * or ISO with a time. Everything is kept as an ISO calendar date string (YYYY-MM-DD).
 */
const UK = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+Z?)?$/;

export function parseDate(raw: string): string | undefined {
  const value = raw.trim();
  let y: number, m: number, d: number;
  const uk = UK.exec(value);
  const iso = ISO.exec(value);
  if (uk) {
    d = Number(uk[1]);
    m = Number(uk[2]);
    y = Number(uk[3]);
  } else if (iso) {
    y = Number(iso[1]);
    m = Number(iso[2]);
    d = Number(iso[3]);
  } else {
    return undefined;
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "3 Feb 2026", the form used in letters and reasons. */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS[(m ?? 1) - 1]} ${y}`;
}

/**
 * "2:00pm on 21 Dec 2026": a moment as the people of an English authority read it, in UK time (GMT or BST), as the
 * portal's pages and the AAGs' reminders say a deadline.
 */
export function whenInWords(iso: string): string {
  const date = new Date(iso);
  const local = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hour: 'numeric',
    minute: '2-digit',
    hour12: true,
  })
    .format(date)
    .replace(' ', '')
    .toLowerCase();
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(date);
  return `${local} on ${formatDate(day)}`;
}

/** The ISO date `days` days after (or, negative, before) an ISO date. */
export function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** "11/12/2026": an ISO date as the LA's sheets write it, day first. */
export const ukDate = (iso: string) => iso.split('-').reverse().join('/');

/** Whole months from one ISO date to another (negative if `to` is earlier). */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  let months = (ty - fy) * 12 + (tm - fm);
  if (td < fd) months -= 1;
  return months;
}
