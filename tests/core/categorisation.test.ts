import { describe, expect, it } from 'vitest';
import {
  assessSchool,
  categorise,
  decidingReasons,
  groupReasons,
} from '../../functions/core/assessment/categorisation';
import type {
  Category,
  Inspection,
  Intelligence,
  Performance,
  Phase,
  TaskGroupReport,
} from '../../functions/core/types';
import { UNGRADED_OUTCOMES } from '../../functions/core/types';
import { DEFAULT_METHODOLOGY, intel, keyJudgements, reportCard, school, singleWord, ungraded } from '../builders';

const ASOF = '2026-09-03';
const URN = '100001';
const ks2 = (year: string, percent: number): Performance => ({
  urn: URN,
  source: 'ks2',
  year,
  measures: { readingWritingMathsExpected: percent },
});
const absence = (year: string, percent: number): Performance => ({
  urn: URN,
  source: 'attendance',
  year,
  measures: { overallAbsence: percent },
});

function categoryOf(
  evidence: {
    inspections?: Inspection[];
    intelligence?: Intelligence[];
    reports?: TaskGroupReport[];
    performance?: Performance[];
  },
  phase: Phase = 'primary',
) {
  return categorise(
    {
      school: school({ urn: URN, phase }),
      inspections: evidence.inspections ?? [],
      intelligence: evidence.intelligence ?? [],
      taskGroupReports: evidence.reports ?? [],
      performance: evidence.performance ?? [],
    },
    DEFAULT_METHODOLOGY,
    ASOF,
  );
}

// One row per rule of the default methodology (shared/DOMAIN.md), across the three Ofsted eras.
const cases: [string, Parameters<typeof categoryOf>[0], Category, string][] = [
  // Single-word judgements (to August 2024)
  ['outstanding, no concerns', { inspections: [singleWord(URN, 1)] }, 'A', 'ofsted-good-or-outstanding'],
  ['good, no concerns', { inspections: [singleWord(URN, 2)] }, 'A', 'ofsted-good-or-outstanding'],
  ['requires improvement', { inspections: [singleWord(URN, 3)] }, 'C', 'ofsted-requires-improvement'],
  ['inadequate', { inspections: [singleWord(URN, 4)] }, 'D', 'ofsted-inadequate'],
  [
    'special measures',
    { inspections: [singleWord(URN, 4, '2019-03-14', { categoryOfConcern: 'special measures' })] },
    'D',
    'ofsted-category-of-concern',
  ],
  [
    'safeguarding not effective',
    { inspections: [singleWord(URN, 2, '2019-03-14', { safeguardingEffective: false })] },
    'D',
    'ofsted-safeguarding-failed',
  ],
  // Key judgements without an overall grade (September 2024 to November 2025)
  ['key judgements all good', { inspections: [keyJudgements(URN, [2, 2, 1, 2])] }, 'A', 'ofsted-key-judgements-good'],
  [
    'a key judgement requires improvement',
    { inspections: [keyJudgements(URN, [3, 2, 2, 2])] },
    'C',
    'ofsted-key-judgement-requires-improvement',
  ],
  [
    'a key judgement inadequate',
    { inspections: [keyJudgements(URN, [2, 2, 2, 4])] },
    'D',
    'ofsted-key-judgement-inadequate',
  ],
  // Report cards (from 10 November 2025)
  [
    'report card at expected standard or above',
    { inspections: [reportCard(URN, { Achievement: 'strong standard', Inclusion: 'expected standard' })] },
    'A',
    'report-card-expected-or-above',
  ],
  [
    'report card: an area needs attention',
    { inspections: [reportCard(URN, { Achievement: 'needs attention', Inclusion: 'expected standard' })] },
    'C',
    'report-card-needs-attention',
  ],
  [
    'report card: an area needs urgent improvement',
    { inspections: [reportCard(URN, { Achievement: 'urgent improvement' })] },
    'D',
    'report-card-urgent-improvement',
  ],
  [
    'report card: safeguarding not met',
    { inspections: [reportCard(URN, { Achievement: 'expected standard' }, '2026-02-03', { safeguardingMet: false })] },
    'D',
    'ofsted-safeguarding-failed',
  ],
  // The LA's own intelligence
  [
    'good with a new headteacher',
    { inspections: [singleWord(URN, 2)], intelligence: [intel(URN, 'new headteacher', '2026-04-20', 'open')] },
    'B',
    'new-headteacher',
  ],
  [
    'good with an interim headteacher',
    { inspections: [singleWord(URN, 2)], intelligence: [intel(URN, 'interim headteacher', '2026-05-01', 'open')] },
    'B',
    'interim-headteacher',
  ],
  [
    'good with temporary staffing problems',
    { inspections: [singleWord(URN, 1)], intelligence: [intel(URN, 'staffing', '2026-06-01', 'open')] },
    'B',
    'temporary-staffing',
  ],
  [
    'good but causing concern',
    { inspections: [singleWord(URN, 2)], intelligence: [intel(URN, 'concern', '2026-05-01', 'open')] },
    'C',
    'open-concern',
  ],
  [
    "good but the trust's view is a concern",
    { inspections: [singleWord(URN, 2)], intelligence: [intel(URN, 'trust view', '2026-06-01', 'concern')] },
    'C',
    'trust-concern',
  ],
  [
    'good with a formal warning notice',
    { inspections: [singleWord(URN, 2)], intelligence: [intel(URN, 'warning notice', '2026-06-12', 'issued')] },
    'D',
    'formal-warning-notice',
  ],
  [
    'insufficient impact reported by the task group',
    {
      inspections: [singleWord(URN, 2)],
      reports: [{ urn: URN, term: '2026-summer', impact: 'insufficient', summary: '' }],
    },
    'C',
    'task-group-insufficient-impact',
  ],
  ['not inspected yet', {}, 'A', 'no-inspection-yet'],
  // Ungraded inspections: every outcome Ofsted publishes is placed by a rule
  [
    'ungraded: school remains good',
    { inspections: [ungraded(URN, 'School remains Good')] },
    'A',
    'ofsted-ungraded-good-or-outstanding',
  ],
  [
    'ungraded: standards maintained',
    { inspections: [ungraded(URN, 'Standards maintained', '2025-03-11')] },
    'A',
    'ofsted-ungraded-good-or-outstanding',
  ],
  [
    'ungraded: concerns, graded inspection next',
    { inspections: [ungraded(URN, 'School remains Good (Concerns) - S5 Next')] },
    'C',
    'ofsted-ungraded-concerns',
  ],
  [
    'ungraded: some aspects not as strong',
    { inspections: [singleWord(URN, 1, '2014-05-01'), ungraded(URN, 'Some aspects not as strong', '2025-02-04')] },
    'C',
    'ofsted-ungraded-concerns',
  ],
  // Thresholds on the LA's own data (values in the methodology file)
  [
    'key stage 2 below the floor',
    { inspections: [singleWord(URN, 2)], performance: [ks2('2024/25', 25)] },
    'D',
    'below-floor-key-stage-2',
  ],
  [
    'key stage 2 well below national',
    { inspections: [singleWord(URN, 2)], performance: [ks2('2024/25', 40)] },
    'C',
    'risk-key-stage-2-well-below',
  ],
  [
    'key stage 2 declining three years',
    { inspections: [singleWord(URN, 2)], performance: [ks2('2022/23', 72), ks2('2023/24', 66), ks2('2024/25', 60)] },
    'C',
    'risk-key-stage-2-decline',
  ],
  [
    'Progress 8 well below average',
    {
      inspections: [singleWord(URN, 2)],
      performance: [{ urn: URN, source: 'ks4', year: '2024/25', measures: { progress8: -0.7, attainment8: 44 } }],
    },
    'C',
    'risk-progress-8',
  ],
  [
    'persistent absence high',
    {
      inspections: [singleWord(URN, 2)],
      performance: [{ urn: URN, source: 'attendance', year: '2024/25', measures: { persistentAbsence: 31 } }],
    },
    'C',
    'risk-persistent-absence',
  ],
  [
    'attendance more than a point below last year',
    { inspections: [singleWord(URN, 2)], performance: [absence('2023/24', 5), absence('2024/25', 6.4)] },
    'C',
    'risk-attendance-fell',
  ],
];

describe('the default methodology, rule by rule', () => {
  it.each(cases)('%s -> %s', (_name, evidence, category, rule) => {
    const result = categoryOf(evidence);
    expect(result.category).toBe(category);
    expect(decidingReasons(result).map((r) => r.rule)).toContain(rule);
  });

  it('has a case above for every rule in methodologies/default.yaml', () => {
    expect(new Set(cases.map(([, , , rule]) => rule))).toEqual(new Set(DEFAULT_METHODOLOGY.rules.map((r) => r.id)));
  });
});

describe('worst applicable category wins', () => {
  it('an RI school with a new head is C, with both reasons recorded', () => {
    const result = categoryOf({
      inspections: [singleWord(URN, 3)],
      intelligence: [intel(URN, 'new headteacher', '2026-04-20', 'open')],
    });
    expect(result.category).toBe('C');
    expect(result.reasons.map((r) => r.category)).toEqual(['C', 'B']);
  });

  it('a warning notice outweighs a good inspection and a concern', () => {
    const result = categoryOf({
      inspections: [singleWord(URN, 1)],
      intelligence: [intel(URN, 'concern', '2026-05-01', 'open'), intel(URN, 'warning notice', '2026-06-12', 'issued')],
    });
    expect(result.category).toBe('D');
  });
});

describe('ungraded inspections', () => {
  it('a school whose only inspection is ungraded is placed on it, never as not inspected yet', () => {
    const result = categoryOf({ inspections: [ungraded(URN, 'School remains Good', '2023-06-14')] });
    expect(result.category).toBe('A');
    expect(result.reasons.map((r) => r.rule)).not.toContain('no-inspection-yet');
    expect(decidingReasons(result)[0]?.evidence).toBe('Ofsted ungraded inspection, 14 Jun 2023: School remains Good');
  });

  it('an ungraded inspection before the latest graded one is superseded by it', () => {
    const result = categoryOf({
      inspections: [
        ungraded(URN, 'School remains Good (Concerns) - S5 Next', '2019-11-06'),
        keyJudgements(URN, [3, 3, 3, 4], '2025-07-08', { categoryOfConcern: 'serious weaknesses' }),
      ],
    });
    expect(result.category).toBe('D');
    expect(result.reasons.map((r) => r.rule)).not.toContain('ofsted-ungraded-concerns');
  });

  it('maps every outcome Ofsted publishes to a rule of the default methodology', () => {
    const mapped = DEFAULT_METHODOLOGY.rules.flatMap((r) =>
      r.when.kind === 'ofsted-ungraded-outcome' ? r.when.outcomes : [],
    );
    expect(new Set(mapped)).toEqual(new Set(UNGRADED_OUTCOMES));
  });
});

describe('inspections of a predecessor school', () => {
  it("cites the inspection as the predecessor school's, with its name and URN", () => {
    const result = categoryOf({
      inspections: [
        singleWord(URN, 4, '2024-03-05', {
          categoryOfConcern: 'special measures',
          predecessor: { urn: '107952', name: 'Ingram Road Primary School' },
        }),
      ],
    });
    expect(decidingReasons(result)[0]?.evidence).toBe(
      'Ofsted graded inspection with a single-word judgement of the predecessor school Ingram Road Primary School, URN 107952, 5 Mar 2024: special measures',
    );
  });
});

describe('performance data: its year, its age and whom it applies to', () => {
  it('names the academic year of every figure', () => {
    expect(
      decidingReasons(categoryOf({ inspections: [singleWord(URN, 2)], performance: [ks2('2024/25', 40)] }))[0]
        ?.evidence,
    ).toBe('key stage 2, 2024/25: 40% met the expected standard in reading, writing and maths, below 45%');
  });

  it('shows figures too old to count as evidence, but places no school in C or D on them', () => {
    const result = categoryOf({ inspections: [singleWord(URN, 2)], performance: [ks2('2018/19', 20)] });
    expect(result.category).toBe('A');
    const old = result.reasons.filter((r) => r.evidenceOnly);
    expect(old.map((r) => r.rule)).toEqual(['below-floor-key-stage-2', 'risk-key-stage-2-well-below']);
    expect(old[0]?.text).toBe(
      "Key stage 2 results are below the authority's floor, but the figures are too old to count (the methodology counts 2024/25 and 2025/26)",
    );
    expect(old[0]?.evidence).toBe(
      'key stage 2, 2018/19: 20% met the expected standard in reading, writing and maths, below 30%',
    );
    expect(decidingReasons(result).map((r) => r.rule)).toEqual(['ofsted-good-or-outstanding']);
  });

  it('counts a trend while its latest year is recent', () => {
    expect(
      categoryOf({
        inspections: [singleWord(URN, 2)],
        performance: [ks2('2023/24', 70), ks2('2024/25', 64), ks2('2025/26', 58)],
      }).category,
    ).toBe('C');
  });

  it('needs the minimum fall the ECB set before a three-year decline counts', () => {
    expect(
      categoryOf({
        inspections: [singleWord(URN, 2)],
        performance: [ks2('2022/23', 62), ks2('2023/24', 61), ks2('2024/25', 60)],
      }).category,
    ).toBe('A');
    expect(
      categoryOf({
        inspections: [singleWord(URN, 2)],
        performance: [ks2('2022/23', 65), ks2('2023/24', 62), ks2('2024/25', 60)],
      }).category,
    ).toBe('C');
  });

  it('does not hold special schools and alternative provision to key stage floors or Progress 8', () => {
    const p8 = { urn: URN, source: 'ks4' as const, year: '2024/25', measures: { progress8: -1.9, attainment8: 8 } };
    expect(
      categoryOf({ inspections: [singleWord(URN, 2)], performance: [p8, ks2('2024/25', 5)] }, 'special').category,
    ).toBe('A');
    expect(categoryOf({ inspections: [singleWord(URN, 2)], performance: [p8] }, 'alternative provision').category).toBe(
      'A',
    );
    expect(categoryOf({ inspections: [singleWord(URN, 2)], performance: [p8] }, 'secondary').category).toBe('C');
  });
});

describe('evidence over time', () => {
  it('uses the latest inspection only', () => {
    expect(
      categoryOf({
        inspections: [
          singleWord(URN, 4, '2015-01-01'),
          reportCard(URN, { Achievement: 'expected standard' }, '2026-02-03'),
        ],
      }).category,
    ).toBe('A');
  });

  it('a withdrawn warning notice no longer counts', () => {
    const intelligence = [
      intel(URN, 'warning notice', '2026-06-12', 'issued'),
      intel(URN, 'warning notice', '2026-12-09', 'withdrawn'),
    ];
    expect(categoryOf({ inspections: [singleWord(URN, 2)], intelligence }).category).toBe('A');
  });

  it('a closed concern no longer counts', () => {
    expect(
      categoryOf({ inspections: [singleWord(URN, 2)], intelligence: [intel(URN, 'concern', '2026-05-01', 'closed')] })
        .category,
    ).toBe('A');
  });

  it('a headteacher in post for a year or more is no longer new', () => {
    expect(
      categoryOf({
        inspections: [singleWord(URN, 2)],
        intelligence: [intel(URN, 'new headteacher', '2025-09-01', 'open')],
      }).category,
    ).toBe('A');
    expect(
      categoryOf({
        inspections: [singleWord(URN, 2)],
        intelligence: [intel(URN, 'new headteacher', '2025-09-04', 'open')],
      }).category,
    ).toBe('B');
  });

  it('cites the inspection date in the evidence', () => {
    const result = categoryOf({ inspections: [reportCard(URN, { Achievement: 'needs attention' }, '2026-02-03')] });
    expect(decidingReasons(result)[0]?.evidence).toBe('Ofsted report card, 3 Feb 2026: achievement - needs attention');
    expect(
      decidingReasons(categoryOf({ inspections: [keyJudgements(URN, [3, 2, 2, 2], '2025-02-04')] }))[0]?.evidence,
    ).toBe(
      'Ofsted graded inspection with key judgements and no overall grade, 4 Feb 2025: quality of education requires improvement',
    );
  });
});

describe('assessment against the previous category', () => {
  const evidence = {
    school: school({ urn: URN }),
    inspections: [singleWord(URN, 3)],
    intelligence: [],
    taskGroupReports: [],
  };
  it('records a change', () => {
    expect(
      assessSchool(evidence, DEFAULT_METHODOLOGY, '2026-autumn', ASOF, { category: 'A', term: '2026-summer' }),
    ).toMatchObject({ category: 'C', previousCategory: 'A', changed: true, methodologyId: 'default-2026' });
  });
  it('no change when the category stands', () => {
    expect(
      assessSchool(evidence, DEFAULT_METHODOLOGY, '2026-autumn', ASOF, { category: 'C', term: '2026-summer' }).changed,
    ).toBe(false);
  });
  it('a school with no previous category is not a change', () => {
    expect(assessSchool(evidence, DEFAULT_METHODOLOGY, '2026-autumn', ASOF, undefined).changed).toBe(false);
  });
});

describe('reasons as people read them', () => {
  it('puts together the findings of one inspection under one reading', () => {
    const result = categoryOf({
      inspections: [
        reportCard(
          URN,
          {
            Achievement: 'needs attention',
            'Curriculum and teaching': 'needs attention',
            Inclusion: 'expected standard',
          },
          '2026-10-09',
        ),
      ],
      intelligence: [intel(URN, 'concern', '2026-05-01', 'open')],
    });
    expect(groupReasons(decidingReasons(result))).toEqual([
      {
        text: 'Ofsted found an area that needs attention',
        evidence:
          'Ofsted report card, 9 Oct 2026: achievement - needs attention; curriculum and teaching - needs attention',
      },
      {
        text: 'The school has been identified as causing concern',
        evidence: 'concern raised at Schools Causing Concern, 1 May 2026',
      },
    ]);
  });
});

describe("what Ofsted's file says that intake could not read", () => {
  it('leaves an unreadable judgement out, places the school on the rest, and says so: a listed school is never "not inspected"', () => {
    const unreadable = {
      ...singleWord(URN, 2, '2019-03-14'),
      overallEffectiveness: undefined,
      unreadable: [{ judgement: 'overall effectiveness', value: '5' }],
    };
    const { category, reasons } = categorise(
      {
        school: school({ urn: URN }),
        inspections: [unreadable],
        intelligence: [intel(URN, 'new headteacher', '2026-04-20', 'open')],
        taskGroupReports: [],
      },
      DEFAULT_METHODOLOGY,
      ASOF,
    );
    expect(category).toBe('B');
    expect(reasons.map((r) => r.rule)).toEqual(['new-headteacher', 'ofsted-unreadable']);
    expect(reasons[1]).toMatchObject({
      evidenceOnly: true,
      evidence:
        "Ofsted graded inspection with a single-word judgement, 14 Mar 2019: overall effectiveness given as '5'",
    });
    expect(reasons.map((r) => r.text).join(' ')).not.toMatch(/not been inspected/);
  });

  it('says Ofsted lists a school whose row could not be used at all, instead of calling it uninspected', () => {
    const listed = school({
      urn: URN,
      ofstedRowUnreadable: "ofsted-inspections.csv row 4, Inspection start date: '31/02/2026' is not a date",
    });
    const { category, reasons } = categorise(
      { school: listed, inspections: [], intelligence: [], taskGroupReports: [] },
      DEFAULT_METHODOLOGY,
      ASOF,
    );
    expect(category).toBe('A');
    expect(reasons.map((r) => r.rule)).toEqual(['otherwise', 'ofsted-unreadable']);
    expect(reasons[1]?.text).toBe(
      "Ofsted's file lists the school, but its row could not be read: the school is placed on its other evidence until the row is corrected",
    );
    // Without the row, the rule for a school not yet inspected is the one that speaks.
    expect(
      categorise(
        { school: school({ urn: URN }), inspections: [], intelligence: [], taskGroupReports: [] },
        DEFAULT_METHODOLOGY,
        ASOF,
      ).reasons.map((r) => r.rule),
    ).toEqual(['no-inspection-yet']);
  });
});
