import { describe, expect, it } from 'vitest';
import { backtest, backtestLines, type ReplayedTerm } from '../../functions/core/assessment/backtest';

const term = (name: string, categories: Record<string, string>, flagged: string[]): ReplayedTerm => ({ term: name, categories: new Map(Object.entries(categories)), flagged: new Set(flagged) });

describe('the early-warning backtest', () => {
  it('measures precision, lead time and the declines it missed', () => {
    const terms = [
      term('2026-autumn', { a: 'A', b: 'A', c: 'B', d: 'A' }, ['a', 'b']),
      term('2027-spring', { a: 'A', b: 'A', c: 'C', d: 'A' }, ['a', 'b']),
      term('2027-summer', { a: 'C', b: 'A', c: 'C', d: 'D' }, ['d']),
    ];
    const result = backtest(terms, ['C', 'D']);
    // a flagged two terms ahead and declined; b flagged and did not; c declined unflagged; d flagged only as it declined.
    expect(result).toEqual({ terms: 3, flagged: 2, declined: 1, precision: 0.5, declines: 3, leadTimes: [2], missed: 2, notDeclined: ['b'] });
    expect(backtestLines(result, 'early-warning-2026')).toEqual([
      'Early-warning policy early-warning-2026, replayed over 3 terms:',
      '  flagged: 2 schools (with a later term to judge by); 1 went on to a category of concern',
      '  precision: 50% (1 of 2)',
      '  declines into a category of concern: 3; flagged beforehand: 1; missed: 2',
      '  lead time: median 2 terms, from 2 to 2',
      '  flagged and not (yet) declined: b',
    ]);
  });

  it('says so when nothing was flagged', () => {
    const result = backtest([term('2026-autumn', { a: 'A' }, []), term('2027-spring', { a: 'C' }, [])], ['C', 'D']);
    expect(backtestLines(result, 'p')[2]).toBe('  precision: none flagged, so not measured');
    expect(result.missed).toBe(1);
  });
});
