import { describe, expect, it } from 'vitest';
import { earlyWarning, warningFor } from '../../functions/core/assessment/early-warning';
import { proposalRows } from '../../functions/core/assessment/moderation';
import type { Assessment, Performance } from '../../functions/core/types';
import { DEFAULT_METHODOLOGY, intel, school, singleWord } from '../builders';

const policy = DEFAULT_METHODOLOGY.earlyWarning!;
const termStart = '2026-09-03';
const ks2 = (year: string, value: number): Performance => ({
  urn: '100001',
  source: 'ks2',
  year,
  measures: { readingWritingMathsExpected: value },
});
const attendance = (year: string, overallAbsence: number, persistentAbsence: number): Performance => ({
  urn: '100001',
  source: 'attendance',
  year,
  measures: { overallAbsence, persistentAbsence },
});
const primary = school({ urn: '100001', pupils: 420 });

describe('early warning', () => {
  it('flags a school whose attendance, persistent absence and results are all turning, naming each signal and the score', () => {
    const warning = earlyWarning(
      {
        school: primary,
        inspections: [singleWord('100001', 2, '2022-05-01')],
        intelligence: [],
        performance: [
          attendance('2023/24', 5.1, 14),
          attendance('2024/25', 5.9, 17.5),
          ks2('2023/24', 80),
          ks2('2024/25', 58),
        ],
      },
      policy,
      termStart,
    )!;
    expect(warning.signals.map((s) => [s.signal, s.points])).toEqual([
      ['attendanceFalling', 1],
      ['persistentAbsenceRising', 1],
      ['resultsFalling', 2],
    ]);
    expect(warning.score).toBe(4);
    expect(warning.signals[0]!.evidence).toBe(
      'overall absence rose 0.8 points, from 5.1% in 2023/24 to 5.9% in 2024/25',
    );
    // A cohort of about 60 (420 pupils over seven year groups): two standard errors of the difference are 16.9 points.
    expect(warning.signals[2]!.evidence).toBe(
      'key stage 2 at the expected standard fell 22 points, from 80% in 2023/24 to 58% in 2024/25, more than the 16.9 points that count for a cohort of about 60',
    );
    expect(warning.summary).toMatch(
      /^at risk: review \(score 4 against a threshold of 3: overall absence rose 0\.8 points/,
    );
  });

  it('flags Attainment 8 falling beyond the noise of a secondary school its size, and not within it', () => {
    const ks4 = (year: string, attainment8: number): Performance => ({
      urn: '100001',
      source: 'ks4',
      year,
      measures: { attainment8 },
    });
    const secondary = school({ urn: '100001', phase: 'secondary', pupils: 1000 });
    const falling = earlyWarning(
      { school: secondary, inspections: [], intelligence: [], performance: [ks4('2023/24', 48), ks4('2024/25', 42.5)] },
      { ...policy, threshold: 2 },
      termStart,
    )!;
    // A cohort of about 200 (1,000 pupils over five year groups): two standard errors are 2 x 18 x sqrt(2 / 200) = 3.6
    // points, under the 4-point minimum, so the minimum counts.
    expect(falling.signals).toEqual([
      {
        signal: 'attainment8Falling',
        points: 2,
        evidence:
          'Attainment 8 fell 5.5 points, from 48 in 2023/24 to 42.5 in 2024/25, more than the 4 points that count for a cohort of about 200',
      },
    ]);
    // A small secondary (about 60 a year): two standard errors are 6.6 points, so a 5.5-point fall is noise.
    const small = school({ urn: '100001', phase: 'secondary', pupils: 300 });
    expect(
      earlyWarning(
        { school: small, inspections: [], intelligence: [], performance: [ks4('2023/24', 48), ks4('2024/25', 42.5)] },
        { ...policy, threshold: 2 },
        termStart,
      ),
    ).toBeUndefined();
  });

  it("looks only at a school in one of the policy's categories, and at none without a policy", () => {
    const turning = {
      school: primary,
      inspections: [],
      intelligence: [],
      performance: [
        attendance('2023/24', 5.1, 14),
        attendance('2024/25', 5.9, 17.5),
        ks2('2023/24', 80),
        ks2('2024/25', 58),
      ],
    };
    const [watched] = policy.categories;
    const concern = DEFAULT_METHODOLOGY.categories.map((c) => c.id).find((c) => !policy.categories.includes(c))!;
    expect(warningFor(watched!, turning, policy, termStart)).toEqual(earlyWarning(turning, policy, termStart));
    expect(warningFor(watched!, turning, policy, termStart)?.score).toBe(4);
    expect(warningFor(concern, turning, policy, termStart)).toBeUndefined();
    expect(warningFor(watched!, turning, undefined, termStart)).toBeUndefined();
  });

  it('does not count a fall within the year-to-year noise of a small school', () => {
    const small = school({ urn: '100001', pupils: 70 });
    const warning = earlyWarning(
      { school: small, inspections: [], intelligence: [], performance: [ks2('2023/24', 70), ks2('2024/25', 50)] },
      { ...policy, threshold: 0.5 },
      termStart,
    );
    // Ten pupils a year: a 20-point fall is within two standard errors (about 43 points).
    expect(warning).toBeUndefined();
  });

  it('counts leadership turnover and interim heads within the window, an overdue inspection, and a grade the data no longer bears out', () => {
    const warning = earlyWarning(
      {
        school: primary,
        inspections: [singleWord('100001', 2, '2018-03-01')],
        intelligence: [
          intel('100001', 'new headteacher', '2024-09-01', 'open'),
          intel('100001', 'new headteacher', '2026-01-05', 'open'),
          intel('100001', 'interim headteacher', '2025-04-01', 'closed'),
          intel('100001', 'interim headteacher', '2025-11-01', 'open'),
          intel('100001', 'new headteacher', '2020-09-01', 'closed'),
        ],
        performance: [ks2('2024/25', 44)],
      },
      policy,
      termStart,
    )!;
    expect(warning.signals.map((s) => s.signal)).toEqual([
      'headteacherTurnover',
      'interimLeadership',
      'inspectionOverdue',
      'dataBelowGrade',
    ]);
    expect(warning.signals.find((s) => s.signal === 'headteacherTurnover')!.evidence).toBe(
      '2 new headteachers in 36 months (1 Sep 2024, 5 Jan 2026)',
    );
    expect(warning.signals.find((s) => s.signal === 'inspectionOverdue')!.evidence).toBe(
      'last graded inspection 1 Mar 2018, 8 years before the term',
    );
    expect(warning.score).toBe(6);
  });

  it('flags nothing below the threshold, and puts a flag on the AAG sheet as "at risk: review"', () => {
    expect(
      earlyWarning(
        { school: primary, inspections: [singleWord('100001', 2, '2018-03-01')], intelligence: [], performance: [] },
        policy,
        termStart,
      ),
    ).toBeUndefined();
    const warning = earlyWarning(
      {
        school: primary,
        inspections: [],
        intelligence: [],
        performance: [
          attendance('2023/24', 5.1, 14),
          attendance('2024/25', 5.9, 17.5),
          ks2('2023/24', 80),
          ks2('2024/25', 58),
        ],
      },
      policy,
      termStart,
    )!;
    const proposal: Assessment = {
      term: '2026-autumn',
      urn: '100001',
      category: 'A',
      proposedCategory: 'A',
      reasons: [],
      changed: false,
      methodologyId: 'default-2026',
      earlyWarning: warning,
    };
    const [row] = proposalRows('Ashdown', [proposal], [primary]);
    expect(row).toContain(warning.summary);
  });
});
