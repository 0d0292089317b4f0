import { describe, expect, it } from 'vitest';
import {
  compareTerms,
  describeTerm,
  futureDateLimit,
  nextTerm,
  parseTerm,
  previousTerm,
  termForScheduledRun,
  termSortKey,
  termStartDate,
} from '../../functions/core/term';

describe('terms', () => {
  it('orders terms in time, not alphabetically', () => {
    expect(['2027-spring', '2026-autumn', '2027-summer', '2026-summer'].sort(compareTerms)).toEqual([
      '2026-summer',
      '2026-autumn',
      '2027-spring',
      '2027-summer',
    ]);
    expect(termSortKey('2026-autumn') < termSortKey('2027-spring')).toBe(true);
  });

  it('steps back and forward across the academic year', () => {
    expect(previousTerm('2027-spring')).toBe('2026-autumn');
    expect(previousTerm('2026-autumn')).toBe('2026-summer');
    expect(nextTerm('2026-autumn')).toBe('2027-spring');
    expect(nextTerm('2027-summer')).toBe('2027-autumn');
  });

  it('names the term of a scheduled run from its season and start year', () => {
    expect(termForScheduledRun('spring', '2027-01-05T06:00:00.000Z')).toBe('2027-spring');
  });

  it('rejects what is not a term', () => {
    expect(() => parseTerm('2026-winter')).toThrow(/not a term/);
  });

  it('treats dates after the later of today and the start of term as the future', () => {
    expect(futureDateLimit('2026-11-28', '2027-01-05')).toBe('2027-01-05');
    expect(futureDateLimit('2027-01-20', '2027-01-05')).toBe('2027-01-20');
  });

  it('describes terms and their start dates', () => {
    expect(describeTerm('2026-autumn')).toBe('autumn term 2026');
    expect(termStartDate('2027-spring', { autumn: '09-03', spring: '01-05', summer: '04-20' })).toBe('2027-01-05');
  });
});
