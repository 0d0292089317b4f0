/** zod schemas for single cells of an input sheet; each message completes "'<value>' is not ...". */
import { z } from 'zod';
import { parseDate } from './dates';

export const urnCell = z.string().regex(/^\d{6,7}$/, { message: 'a URN (6 or 7 digits)' });

/** An optional cell: blank is undefined; anything else must satisfy `inner`, whose message is kept. */
export function optionalCell<T>(inner: z.ZodType<T, string>) {
  return z.string().transform((value, ctx): T | undefined => {
    if (value === '') return undefined;
    const parsed = inner.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
      return z.NEVER;
    }
    return parsed.data;
  });
}

export const optionalUrnCell = optionalCell(urnCell);

export const requiredText = (what: string) => z.string().min(1, { message: what });

export const optionalText = z.string().transform((v) => (v === '' ? undefined : v));

export const dateCell = z.string().transform((value, ctx) => {
  const date = parseDate(value);
  if (!date) {
    ctx.addIssue({ code: 'custom', message: 'a date (day/month/year, e.g. 01/09/2026, or YYYY-MM-DD)' });
    return z.NEVER;
  }
  return date;
});

export const optionalDateCell = optionalCell(dateCell);

export const wholeNumberCell = (what = 'a whole number') =>
  z.string().regex(/^\d+$/, { message: what }).transform(Number);

export const optionalWholeNumberCell = optionalCell(wholeNumberCell());

/** One of a fixed set of values, matched without case or stray spaces; the canonical value is kept. */
export function oneOfCell<T extends string>(values: readonly T[], aliases: Record<string, T> = {}) {
  const lookup = new Map<string, T>();
  for (const v of values) lookup.set(v.toLowerCase(), v);
  for (const [alias, v] of Object.entries(aliases)) lookup.set(alias.toLowerCase(), v);
  const listed = values.join(', ');
  return z.string().transform((value, ctx) => {
    const found = lookup.get(value.trim().replace(/\s+/g, ' ').toLowerCase());
    if (found === undefined) {
      ctx.addIssue({ code: 'custom', message: `one of ${listed}` });
      return z.NEVER;
    }
    return found;
  });
}

const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[A-Za-z]{2,}$/;
export const emailCell = z.string().regex(EMAIL, { message: 'an email address (name@domain)' });
