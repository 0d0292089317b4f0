/**
 * Every condition of the risk assessment at its limit, just below it and just above it, with the default
 * methodology's own figures (key stage 2 below 30% and "well below" 45%, persistent absence above 25%, attendance
 * down more than 1 point, Progress 8 below -0.5, a fall over three years of at least 5 points), and the conditions no
 * bundled methodology uses yet (ks2-progress-below), so that a threshold moved, a comparison turned or a series read
 * the wrong way is caught.
 */
import { describe, expect, it } from 'vitest';
import { categorise, evaluate, type SchoolEvidence } from '../../functions/core/assessment/categorisation';
import type { Condition } from '../../functions/core/assessment/methodology';
import type { Performance } from '../../functions/core/types';
import { DEFAULT_METHODOLOGY, intel, school, singleWord } from '../builders';

const URN = '100001';
const AS_OF = '2026-09-01';

function evidence(over: Partial<SchoolEvidence> = {}): SchoolEvidence {
  return { school: school({ urn: URN }), inspections: [], intelligence: [], taskGroupReports: [], ...over };
}
const perf = (source: Performance['source'], year: string, measures: Record<string, number>): Performance => ({
  urn: URN,
  source,
  year,
  measures,
});
const holds = (condition: Condition, over: Partial<SchoolEvidence> = {}, asOf = AS_OF) =>
  evaluate(condition, { evidence: evidence(over), asOf });

describe('key stage 2 at the expected standard, below a percentage', () => {
  const below30: Condition = { kind: 'ks2-expected-standard-below', percent: 30 };
  const at = (value: number) =>
    holds(below30, { performance: [perf('ks2', '2024/25', { readingWritingMathsExpected: value })] });

  it('holds just below the limit, not at it nor above it', () => {
    expect(at(29.9)).toEqual([
      'key stage 2, 2024/25: 29.9% met the expected standard in reading, writing and maths, below 30%',
    ]);
    expect(at(30)).toEqual([]);
    expect(at(30.1)).toEqual([]);
  });

  it('reads the latest year, not the first', () => {
    expect(
      holds(below30, {
        performance: [
          perf('ks2', '2024/25', { readingWritingMathsExpected: 50 }),
          perf('ks2', '2023/24', { readingWritingMathsExpected: 10 }),
        ],
      }),
    ).toEqual([]);
    expect(
      holds(below30, {
        performance: [
          perf('ks2', '2023/24', { readingWritingMathsExpected: 50 }),
          perf('ks2', '2024/25', { readingWritingMathsExpected: 10 }),
        ],
      }),
    ).toHaveLength(1);
  });

  it('reads key stage 2 only, and only the measure named', () => {
    expect(holds(below30, { performance: [perf('ks4', '2024/25', { readingWritingMathsExpected: 10 })] })).toEqual([]);
    expect(holds(below30, { performance: [perf('ks2', '2024/25', { readingProgress: -9 })] })).toEqual([]);
  });
});

describe('key stage 2 declining over years', () => {
  const declining: Condition = { kind: 'ks2-expected-standard-declining', years: 3, minFallPoints: 5 };
  const over = (...values: number[]) =>
    holds(declining, {
      performance: values.map((v, i) =>
        perf('ks2', `${2022 + i}/${String(23 + i)}`, { readingWritingMathsExpected: v }),
      ),
    });

  it('holds for a fall every year of at least the points, in all', () => {
    expect(over(70, 67, 65)).toEqual([
      'key stage 2 reading, writing and maths at the expected standard: 70% (2022/23), 67% (2023/24), 65% (2024/25), down 5 points in all (at least 5)',
    ]);
    expect(over(70, 67, 65.1)).toEqual([]);
  });

  it('does not hold for a dip and recovery, a level year, or too few years', () => {
    expect(over(70, 60, 64)).toEqual([]);
    expect(over(70, 70, 60)).toEqual([]);
    expect(over(70, 60)).toEqual([]);
  });

  it('reads the last years asked for, in year order', () => {
    // Four years: the first is not counted; the last three fall by 6.
    expect(over(50, 70, 67, 64)).toHaveLength(1);
    // A rise in the last year stops it, whatever came before.
    expect(over(80, 75, 70, 71)).toEqual([]);
  });
});

describe('key stage 2 progress below a score', () => {
  const progress: Condition = { kind: 'ks2-progress-below', score: -3, orExpectedStandardBelow: 40 };

  it('names each subject whose progress is below the score, not at it', () => {
    expect(
      holds(progress, {
        performance: [perf('ks2', '2024/25', { readingProgress: -3.1, writingProgress: -3, mathsProgress: -2.9 })],
      }),
    ).toEqual(['key stage 2, 2024/25: reading progress -3.1, below -3']);
  });

  it('uses attainment where progress is not published, only if the methodology says so', () => {
    const noProgress = { performance: [perf('ks2', '2024/25', { readingWritingMathsExpected: 39 })] };
    expect(holds(progress, noProgress)).toEqual([
      'key stage 2, 2024/25: progress not published, so attainment is used instead: 39% met the expected standard, below 40%',
    ]);
    expect(holds(progress, { performance: [perf('ks2', '2024/25', { readingWritingMathsExpected: 40 })] })).toEqual([]);
    expect(holds({ kind: 'ks2-progress-below', score: -3 }, noProgress)).toEqual([]);
  });

  it('reads the latest year, and nothing without key stage 2 figures', () => {
    expect(
      holds(progress, {
        performance: [perf('ks2', '2023/24', { readingProgress: -5 }), perf('ks2', '2024/25', { readingProgress: 0 })],
      }),
    ).toEqual([]);
    expect(holds(progress, { performance: [perf('ks4', '2024/25', { readingProgress: -5 })] })).toEqual([]);
  });
});

describe('Progress 8 below a score', () => {
  const p8: Condition = { kind: 'progress8-below', score: -0.5, orAttainment8Below: 38 };
  const ks4 = (measures: Record<string, number>, year = '2024/25') => ({ performance: [perf('ks4', year, measures)] });

  it('holds just below the score, not at it nor above it', () => {
    expect(holds(p8, ks4({ progress8: -0.51 }))).toEqual(['key stage 4, 2024/25: Progress 8 -0.51, below -0.5']);
    expect(holds(p8, ks4({ progress8: -0.5 }))).toEqual([]);
    expect(holds(p8, ks4({ progress8: -0.49 }))).toEqual([]);
    // A school well above is not placed by it: not every secondary with a published score.
    expect(holds(p8, ks4({ progress8: 0.8, attainment8: 10 }))).toEqual([]);
  });

  it('uses Attainment 8 only where Progress 8 is not published', () => {
    expect(holds(p8, ks4({ attainment8: 37.9 }))).toEqual([
      'key stage 4, 2024/25: Progress 8 not published, so attainment is used instead: Attainment 8 37.9, below 38',
    ]);
    expect(holds(p8, ks4({ attainment8: 38 }))).toEqual([]);
    expect(holds({ kind: 'progress8-below', score: -0.5 }, ks4({ attainment8: 10 }))).toEqual([]);
  });

  it('reads the latest year of key stage 4 only', () => {
    expect(
      holds(p8, { performance: [perf('ks4', '2023/24', { progress8: -2 }), perf('ks4', '2024/25', { progress8: 0 })] }),
    ).toEqual([]);
    expect(holds(p8, { performance: [perf('ks2', '2024/25', { progress8: -2 })] })).toEqual([]);
  });
});

describe('attendance', () => {
  const pa: Condition = { kind: 'persistent-absence-above', percent: 25 };
  const fell: Condition = { kind: 'attendance-fell', points: 1 };
  const absence = (...rows: [string, Record<string, number>][]) => ({
    performance: rows.map(([year, measures]) => perf('attendance', year, measures)),
  });

  it('places persistent absence just above the percentage, not at it', () => {
    expect(holds(pa, absence(['2024/25', { persistentAbsence: 25.1 }]))).toEqual([
      'attendance, 2024/25: 25.1% of pupils persistently absent, above 25%',
    ]);
    expect(holds(pa, absence(['2024/25', { persistentAbsence: 25 }]))).toEqual([]);
    expect(holds(pa, absence(['2024/25', { persistentAbsence: 24.9 }]))).toEqual([]);
    expect(holds(pa, absence(['2023/24', { persistentAbsence: 40 }], ['2024/25', { persistentAbsence: 20 }]))).toEqual(
      [],
    );
  });

  it('holds for a fall in attendance of more than the points between the last two years, not of exactly them', () => {
    expect(holds(fell, absence(['2023/24', { overallAbsence: 5 }], ['2024/25', { overallAbsence: 6.1 }]))).toEqual([
      'attendance 93.9% in 2024/25, down 1.1 points from 95.0% in 2023/24',
    ]);
    expect(holds(fell, absence(['2023/24', { overallAbsence: 5 }], ['2024/25', { overallAbsence: 6 }]))).toEqual([]);
    // Attendance rising (absence falling) is no fall.
    expect(holds(fell, absence(['2023/24', { overallAbsence: 7 }], ['2024/25', { overallAbsence: 5 }]))).toEqual([]);
    // One year alone has nothing to fall from.
    expect(holds(fell, absence(['2024/25', { overallAbsence: 9 }]))).toEqual([]);
  });

  it('compares the last two years in year order, whatever order the rows came in', () => {
    expect(
      holds(
        fell,
        absence(
          ['2024/25', { overallAbsence: 8 }],
          ['2022/23', { overallAbsence: 1 }],
          ['2023/24', { overallAbsence: 7.5 }],
        ),
      ),
    ).toEqual([]);
  });
});

describe('intelligence within months of the term', () => {
  const concern: Condition = {
    kind: 'intelligence',
    type: 'concern',
    statuses: ['open'],
    each: false,
    withinMonths: 12,
  };

  it('counts an entry up to the term, within the months, and with the status asked', () => {
    expect(holds(concern, { intelligence: [intel(URN, 'concern', '2026-08-31', 'open')] })).toEqual([
      'concern raised at Schools Causing Concern, 31 Aug 2026',
    ]);
    expect(holds(concern, { intelligence: [intel(URN, 'concern', '2026-08-31', 'closed')] })).toEqual([]);
    expect(holds(concern, { intelligence: [intel(URN, 'concern', '2025-08-31', 'open')] })).toEqual([]);
  });

  it('does not count an entry dated after the term it assesses', () => {
    expect(holds(concern, { intelligence: [intel(URN, 'concern', '2026-09-02', 'open')] })).toEqual([]);
  });

  it('reads only the latest entry of the type, unless each is asked for', () => {
    const two = [intel(URN, 'concern', '2026-08-01', 'closed'), intel(URN, 'concern', '2026-05-01', 'open')];
    expect(holds(concern, { intelligence: two })).toEqual([]);
    expect(holds({ ...concern, each: true }, { intelligence: two })).toEqual([
      'concern raised at Schools Causing Concern, 1 May 2026',
    ]);
  });
});

describe('the school as a whole', () => {
  it('takes the worst category any rule gives, and the methodology’s otherwise where none does', () => {
    const good = categorise(evidence({ inspections: [singleWord(URN, 2, '2022-03-01')] }), DEFAULT_METHODOLOGY, AS_OF);
    expect(good.category).toBe('A');
    const reported = (impact: 'insufficient' | 'too early', summary: string) =>
      categorise(
        evidence({
          inspections: [singleWord(URN, 2, '2022-03-01')],
          taskGroupReports: [{ urn: URN, term: '2026-summer', impact, summary }],
        }),
        DEFAULT_METHODOLOGY,
        AS_OF,
      );
    const worse = reported('insufficient', 'Slow');
    expect(worse.category).toBe('C');
    expect(worse.reasons[0]).toMatchObject({ rule: 'task-group-insufficient-impact', category: 'C' });
    const tooEarly = reported('too early', 'Began in June');
    expect(tooEarly.category).toBe('A');
  });
});
