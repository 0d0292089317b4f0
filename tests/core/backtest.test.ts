import { describe, expect, it } from 'vitest';
import {
  type BacktestResult,
  backtest,
  backtestLines,
  type ReplayedTerm,
  replayTermFiles,
} from '../../functions/core/assessment/backtest';
import type { Performance } from '../../functions/core/types';
import { DEFAULT_METHODOLOGY, school, singleWord } from '../builders';

const term = (name: string, categories: Record<string, string>, flagged: string[]): ReplayedTerm => ({
  term: name,
  categories: new Map(Object.entries(categories)),
  flagged: new Set(flagged),
});

describe('the early-warning backtest', () => {
  it('measures precision, lead time and the declines it missed', () => {
    const terms = [
      term('2026-autumn', { a: 'A', b: 'A', c: 'B', d: 'A' }, ['a', 'b']),
      term('2027-spring', { a: 'A', b: 'A', c: 'C', d: 'A' }, ['a', 'b']),
      term('2027-summer', { a: 'C', b: 'A', c: 'C', d: 'D' }, ['d']),
    ];
    const result = backtest(terms, ['C', 'D']);
    // a flagged two terms ahead and declined; b flagged and did not; c declined unflagged; d flagged only as it
    // declined.
    expect(result).toEqual({
      terms: 3,
      flagged: 2,
      declined: 1,
      precision: 0.5,
      declines: 3,
      leadTimes: [2],
      missed: 2,
      notDeclined: ['b'],
    });
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

describe("the backtest's figures as the command prints them", () => {
  const result = (over: Partial<BacktestResult>): BacktestResult => ({
    terms: 1,
    flagged: 1,
    declined: 0,
    precision: 0,
    declines: 0,
    leadTimes: [],
    missed: 0,
    notDeclined: [],
    ...over,
  });

  it('says one term and one school in the singular, and no lead time where none was measured', () => {
    expect(backtestLines(result({}), 'p')).toEqual([
      'Early-warning policy p, replayed over 1 term:',
      '  flagged: 1 school (with a later term to judge by); 0 went on to a category of concern',
      '  precision: 0% (0 of 1)',
      '  declines into a category of concern: 0; flagged beforehand: 0; missed: 0',
      '  lead time: none to measure',
    ]);
  });

  it('gives the median lead time of an odd and an even number of declines, and names 20 schools not declined and counts the rest', () => {
    const urns = Array.from({ length: 22 }, (_, i) => `1000${String(i).padStart(2, '0')}`);
    const lines = backtestLines(result({ terms: 4, flagged: 22, leadTimes: [1, 1, 3], notDeclined: urns }), 'p');
    expect(lines[4]).toBe('  lead time: median 1 term, from 1 to 3');
    expect(lines[5]).toBe(`  flagged and not (yet) declined: ${urns.slice(0, 20).join(', ')} and 2 more`);
    expect(backtestLines(result({ leadTimes: [1, 2, 4, 9] }), 'p')[4]).toBe('  lead time: median 3 terms, from 1 to 9');
    expect(backtestLines(result({ notDeclined: urns.slice(0, 20) }), 'p')[5]).toBe(
      `  flagged and not (yet) declined: ${urns.slice(0, 20).join(', ')}`,
    );
  });

  it('counts lead times shortest first, in terms before the decline, and a school with no category as in none', () => {
    const terms = [
      term('2026-autumn', { a: 'A', b: 'A' }, ['b']),
      term('2027-spring', { a: 'A', b: 'A' }, ['a']),
      term('2027-summer', { a: 'C', b: 'D', c: 'A' }, []),
    ];
    expect(backtest(terms, ['C', 'D'])).toMatchObject({ leadTimes: [1, 2], declines: 2, missed: 0, notDeclined: [] });
    expect(backtest([term('x', {}, ['z']), term('y', {}, [])], ['C']).notDeclined).toEqual(['z']);
    expect(backtest([term('x', {}, ['z', 'b', 'a']), term('y', { a: 'C' }, [])], ['C']).notDeclined).toEqual([
      'b',
      'z',
    ]);
  });
});

describe('a term replayed from its files', () => {
  const figures = (urn: string, year: string, absence: number, persistent: number): Performance => ({
    urn,
    source: 'attendance',
    year,
    measures: { overallAbsence: absence, persistentAbsence: persistent },
  });
  const turning = [figures('100001', '2023/24', 5, 14), figures('100001', '2024/25', 5.8, 17)];

  it('categorises each school by the methodology and flags those in its categories whose data is turning', () => {
    const evidence = {
      schools: [school({ urn: '100001' }), school({ urn: '100002' }), school({ urn: '100003' })],
      // 100001: good, last inspected over six years before, absence and persistent absence rising: 3 points.
      // 100002: the same data, but judged to require improvement, so in C and not for early warning.
      // 100003: good, inspected lately, steady.
      inspections: [
        singleWord('100001', 2, '2018-03-01'),
        singleWord('100002', 3, '2018-03-01'),
        singleWord('100003', 2, '2023-03-01'),
      ],
      intelligence: [],
      performance: [
        ...turning,
        ...turning.map((p) => ({ ...p, urn: '100002' })),
        figures('100003', '2023/24', 5, 14),
        figures('100003', '2024/25', 5.1, 14.5),
      ],
    };
    const replayed = replayTermFiles(
      '2026-autumn',
      evidence,
      DEFAULT_METHODOLOGY,
      DEFAULT_METHODOLOGY.earlyWarning!,
      '2026-09-03',
    );
    expect(Object.fromEntries(replayed.categories)).toEqual({ '100001': 'A', '100002': 'C', '100003': 'A' });
    expect([...replayed.flagged]).toEqual(['100001']);
    // A higher threshold flags none.
    expect(
      replayTermFiles(
        '2026-autumn',
        evidence,
        DEFAULT_METHODOLOGY,
        { ...DEFAULT_METHODOLOGY.earlyWarning!, threshold: 4 },
        '2026-09-03',
      ).flagged.size,
    ).toBe(0);
  });
});
