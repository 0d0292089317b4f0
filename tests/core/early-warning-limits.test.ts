/**
 * Each early-warning signal of the default policy at its limit, just below and just above, with the evidence it
 * names word for word: absence up 0.5 points, persistent absence up 2, results down more than 8 points (or the noise
 * of a cohort that size), Attainment 8 down more than 4, two new or interim heads within 36 months of the term, a
 * graded inspection more than 6 years old, good or better while key stage 2 is below 50%. Rows of another source, or
 * without the figure, are never read as it; an ungraded inspection is not the graded one.
 */
import { describe, expect, it } from 'vitest';
import { type EarlyWarningEvidence, earlyWarning } from '../../functions/core/assessment/early-warning';
import type { Performance } from '../../functions/core/types';
import { DEFAULT_METHODOLOGY, intel, school, singleWord, ungraded } from '../builders';

const URN = '100001';
const TERM_START = '2026-09-03';
/** The default policy with no threshold: every signal found is returned, flag or not. */
const everySignal = { ...DEFAULT_METHODOLOGY.earlyWarning!, threshold: 0 };
const row = (source: Performance['source'], year: string, measures: Record<string, number>): Performance => ({
  urn: URN,
  source,
  year,
  measures,
});
const signals = (over: Partial<EarlyWarningEvidence>) =>
  earlyWarning(
    { school: school({ urn: URN }), inspections: [], intelligence: [], performance: [], ...over },
    everySignal,
    TERM_START,
  )!.signals;
const only = (over: Partial<EarlyWarningEvidence>, signal: string) =>
  signals(over)
    .filter((s) => s.signal === signal)
    .map((s) => s.evidence);

describe('absence', () => {
  const overall = (before: number, now: number) =>
    only(
      {
        performance: [
          row('attendance', '2023/24', { overallAbsence: before }),
          row('attendance', '2024/25', { persistentAbsence: 30 }),
          row('ks2', '2025/26', { overallAbsence: 1 }),
          row('attendance', '2025/26', { overallAbsence: now }),
        ],
      },
      'attendanceFalling',
    );
  it('counts overall absence up 0.5 points or more, from the last two years that give it', () => {
    expect(overall(5, 5.5)).toEqual(['overall absence rose 0.5 points, from 5% in 2023/24 to 5.5% in 2025/26']);
    expect(overall(5, 5.4)).toEqual([]);
  });

  const persistent = (before: number, now: number) =>
    only(
      {
        performance: [
          row('attendance', '2024/25', { persistentAbsence: before }),
          row('attendance', '2025/26', { persistentAbsence: now }),
        ],
      },
      'persistentAbsenceRising',
    );
  it('counts persistent absence up 2 points or more', () => {
    expect(persistent(20, 22)).toEqual(['persistent absence rose 2 points, from 20% in 2024/25 to 22% in 2025/26']);
    expect(persistent(20, 21.9)).toEqual([]);
    expect(persistent(22, 20)).toEqual([]);
  });
});

describe('results', () => {
  const ks2 = (before: number, now: number, pupils?: number) =>
    only(
      {
        school: school({ urn: URN, ...(pupils ? { pupils } : {}) }),
        performance: [
          row('ks2', '2023/24', { readingWritingMathsExpected: before }),
          row('ks2', '2024/25', { readingWritingMathsExpected: now }),
        ],
      },
      'resultsFalling',
    );
  it('counts key stage 2 down more than 8 points for a school of unknown size', () => {
    expect(ks2(70, 62)).toEqual([]);
    expect(ks2(70, 61.9)).toEqual([
      'key stage 2 at the expected standard fell 8.1 points, from 70% in 2023/24 to 61.9% in 2024/25, more than the 8 points that count for a school of unknown size',
    ]);
  });

  it('counts it only beyond the noise of a cohort that size', () => {
    // 210 pupils over 7 year groups: a cohort of 30, whose noise is far more than 8 points.
    expect(ks2(70, 60, 210)).toEqual([]);
    expect(ks2(90, 50, 210)).toEqual([
      'key stage 2 at the expected standard fell 40 points, from 90% in 2023/24 to 50% in 2024/25, more than the 23.7 points that count for a cohort of about 30',
    ]);
  });

  const a8 = (before: number, now: number) =>
    only(
      {
        school: school({ urn: URN, phase: 'secondary' }),
        performance: [row('ks4', '2023/24', { attainment8: before }), row('ks4', '2024/25', { attainment8: now })],
      },
      'attainment8Falling',
    );
  it('counts Attainment 8 down more than 4 points for a school of unknown size', () => {
    expect(a8(45, 41)).toEqual([]);
    expect(a8(45, 40.9)).toEqual([
      'Attainment 8 fell 4.1 points, from 45 in 2023/24 to 40.9 in 2024/25, more than the 4 points that count for a school of unknown size',
    ]);
  });
});

describe('leadership', () => {
  const interims = (...dates: string[]) =>
    only({ intelligence: dates.map((d) => intel(URN, 'interim headteacher', d, 'in post')) }, 'interimLeadership');
  it('counts two interim heads within 36 months of the term, up to its first day', () => {
    expect(interims('2025-01-06', TERM_START)).toEqual([
      '2 interim headteachers in 36 months (6 Jan 2025, 3 Sep 2026)',
    ]);
    expect(interims('2025-01-06', '2026-09-04')).toEqual([]);
    expect(interims('2023-09-03', '2026-01-05')).toEqual([]);
    expect(interims('2023-09-04', '2026-01-05')).toHaveLength(1);
  });

  it('counts two new heads the same way', () => {
    expect(
      only(
        { intelligence: ['2024-04-15', '2026-01-05'].map((d) => intel(URN, 'new headteacher', d, 'in post')) },
        'headteacherTurnover',
      ),
    ).toEqual(['2 new headteachers in 36 months (15 Apr 2024, 5 Jan 2026)']);
  });
});

describe('inspection', () => {
  it('counts a graded inspection more than 6 years before the term, and no ungraded one in its place', () => {
    const overdue = (inspections: EarlyWarningEvidence['inspections']) => only({ inspections }, 'inspectionOverdue');
    expect(overdue([singleWord(URN, 2, '2019-09-02')])).toEqual([
      'last graded inspection 2 Sep 2019, 7 years before the term',
    ]);
    expect(overdue([singleWord(URN, 2, '2020-09-03')])).toEqual([]);
    expect(
      overdue([singleWord(URN, 2, '2019-09-02'), ungraded(URN, 'Standards maintained', '2025-05-01')]),
    ).toHaveLength(1);
  });

  it('counts good or better while key stage 2 is below 50%, read from its latest year that gives it', () => {
    const below = (grade: 1 | 2 | 3, value: number) =>
      only(
        {
          inspections: [singleWord(URN, grade, '2024-03-05')],
          performance: [
            row('ks2', '2023/24', { readingWritingMathsExpected: value }),
            row('ks2', '2024/25', { readingProgress: -1 }),
            row('ks4', '2024/25', { readingWritingMathsExpected: 90 }),
          ],
        },
        'dataBelowGrade',
      );
    expect(below(2, 49.9)).toEqual([
      'judged good or better (5 Mar 2024) while key stage 2 at the expected standard is 49.9% in 2023/24, below 50%',
    ]);
    expect(below(2, 50)).toEqual([]);
    expect(below(3, 30)).toEqual([]);
  });
});

describe('the flag', () => {
  it('sums the points against the threshold, and says each signal in its summary', () => {
    const warning = earlyWarning(
      {
        school: school({ urn: URN }),
        inspections: [singleWord(URN, 2, '2019-09-02')],
        intelligence: ['2025-01-06', '2026-01-05'].map((d) => intel(URN, 'interim headteacher', d, 'in post')),
        performance: [],
      },
      DEFAULT_METHODOLOGY.earlyWarning!,
      TERM_START,
    );
    expect(warning).toEqual({
      policy: 'early-warning-2026-2',
      score: 3,
      threshold: 3,
      signals: [
        {
          signal: 'interimLeadership',
          points: 2,
          evidence: '2 interim headteachers in 36 months (6 Jan 2025, 5 Jan 2026)',
        },
        {
          signal: 'inspectionOverdue',
          points: 1,
          evidence: 'last graded inspection 2 Sep 2019, 7 years before the term',
        },
      ],
      summary:
        'at risk: review (score 3 against a threshold of 3: 2 interim headteachers in 36 months (6 Jan 2025, 5 Jan 2026); last graded inspection 2 Sep 2019, 7 years before the term)',
    });
  });
});
