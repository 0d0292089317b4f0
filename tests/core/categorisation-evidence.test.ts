/**
 * The evidence each condition cites, word for word, and the order it is read in: inspections on the same day and
 * intelligence in any row order give the same answer; how a predecessor's inspection is cited; the "every judgement"
 * conditions on an empty or mixed inspection; each kind of intelligence in its own words; a source's rows that lack a
 * measure, or belong to another source, never read as its figures; Ofsted's unreadable rows as evidence only; the
 * reasons worst first; and reasons grouped only where their reading and source are the same.
 */
import { describe, expect, it } from 'vitest';
import {
  assessSchool,
  categorise,
  decidingReasons,
  evaluate,
  groupReasons,
  inspectionLabel,
  latestInspection,
  latestUngraded,
  type SchoolEvidence,
} from '../../functions/core/assessment/categorisation';
import type { Condition } from '../../functions/core/assessment/methodology';
import type { Inspection, Intelligence, Performance, Reason } from '../../functions/core/types';
import { DEFAULT_METHODOLOGY, intel, keyJudgements, reportCard, school, singleWord, ungraded } from '../builders';

const URN = '100001';
const AS_OF = '2026-09-01';
const evidence = (over: Partial<SchoolEvidence> = {}): SchoolEvidence => ({
  school: school({ urn: URN }),
  inspections: [],
  intelligence: [],
  taskGroupReports: [],
  ...over,
});
const perf = (source: Performance['source'], year: string, measures: Record<string, number>): Performance => ({
  urn: URN,
  source,
  year,
  measures,
});
const context = (over: Partial<SchoolEvidence> = {}) => {
  const e = evidence(over);
  return {
    inspection: latestInspection(e.inspections),
    ungraded: latestUngraded(e.inspections),
    evidence: e,
    asOf: AS_OF,
  };
};
const holds = (condition: Condition, over: Partial<SchoolEvidence> = {}) => evaluate(condition, context(over));
const permutations = <T>(items: readonly T[]): T[][] =>
  items.length <= 1
    ? [[...items]]
    : items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((p) => [item, ...p]));

describe('which inspection judges the school', () => {
  it('is the latest by date, in any row order, even where an older row would sort first by its content', () => {
    // The older rows' content sorts after the newer's, so only the date can put the newer first.
    const newer = singleWord('100001', 2, '2025-01-10');
    const older = singleWord('900009', 4, '2024-01-10');
    const oldest = singleWord('999999', 3, '2020-01-10');
    for (const rows of permutations([newer, older, oldest])) expect(latestInspection(rows)).toBe(newer);
    const ungradedNewer = ungraded('100001', 'Standards maintained', '2025-06-01');
    const ungradedOlder = ungraded('900009', 'Some aspects not as strong', '2024-06-01');
    for (const rows of permutations([ungradedNewer, ungradedOlder, older]))
      expect(latestUngraded(rows)).toBe(ungradedNewer);
  });

  it('is the same whatever the row order where two share a date', () => {
    const good = singleWord(URN, 2, '2025-01-10');
    const inadequate = singleWord(URN, 4, '2025-01-10');
    const third = singleWord(URN, 3, '2025-01-10');
    const answers = new Set(permutations([good, inadequate, third]).map((rows) => latestInspection(rows)));
    expect(answers.size).toBe(1);
    const ungradedA = ungraded(URN, 'Standards maintained', '2025-06-01');
    const ungradedB = ungraded(URN, 'Some aspects not as strong', '2025-06-01');
    expect(latestUngraded([ungradedA, ungradedB])).toBe(latestUngraded([ungradedB, ungradedA]));
  });

  it('is not an ungraded inspection on the same day as a graded one', () => {
    const graded = singleWord(URN, 2, '2025-01-10');
    expect(latestUngraded([graded, ungraded(URN, 'Some aspects not as strong', '2025-01-10')])).toBeUndefined();
    expect(latestUngraded([graded, ungraded(URN, 'Some aspects not as strong', '2025-01-11')])?.ungradedOutcome).toBe(
      'Some aspects not as strong',
    );
  });
});

describe('how an inspection is cited', () => {
  const base: Inspection = singleWord(URN, 3, '2024-05-09');
  it("names a predecessor's inspection by the predecessor's name and URN, or its URN alone", () => {
    expect(inspectionLabel(base)).toBe('Ofsted graded inspection with a single-word judgement, 9 May 2024');
    expect(inspectionLabel({ ...base, predecessor: { urn: '100900', name: 'Old Primary' } })).toBe(
      'Ofsted graded inspection with a single-word judgement of the predecessor school Old Primary, URN 100900, 9 May 2024',
    );
    expect(inspectionLabel({ ...base, predecessor: { urn: '100900' } })).toBe(
      'Ofsted graded inspection with a single-word judgement of the predecessor school, URN 100900, 9 May 2024',
    );
    expect(inspectionLabel({ ...base, inheritedFromUrn: '100901' })).toBe(
      'Ofsted graded inspection with a single-word judgement of the predecessor school, URN 100901, 9 May 2024',
    );
  });
});

describe('the "every judgement" conditions', () => {
  const allGoodOrBetter: Condition = { kind: 'ofsted-key-judgements-all', grades: [1, 2] };
  it('hold when every key judgement is one of the grades, listed as Ofsted names them', () => {
    expect(holds(allGoodOrBetter, { inspections: [keyJudgements(URN, [2, 2, 1, 2])] })).toEqual([
      'Ofsted graded inspection with key judgements and no overall grade, 4 Feb 2025: every key judgement outstanding or good',
    ]);
    expect(
      holds(
        { kind: 'ofsted-key-judgements-all', grades: [1, 2, 3] },
        { inspections: [keyJudgements(URN, [3, 3, 3, 3])] },
      ),
    ).toEqual([
      'Ofsted graded inspection with key judgements and no overall grade, 4 Feb 2025: every key judgement outstanding, good or requires improvement',
    ]);
    expect(
      holds({ kind: 'ofsted-key-judgements-all', grades: [2] }, { inspections: [keyJudgements(URN, [2, 2, 2, 2])] }),
    ).toEqual([
      'Ofsted graded inspection with key judgements and no overall grade, 4 Feb 2025: every key judgement good',
    ]);
  });

  it('do not hold where one judgement is not, nor where the inspection has none', () => {
    expect(holds(allGoodOrBetter, { inspections: [keyJudgements(URN, [2, 2, 3, 2])] })).toEqual([]);
    expect(
      holds(allGoodOrBetter, { inspections: [keyJudgements(URN, [2, 2, 1, 2], '2025-02-04', { keyJudgements: [] })] }),
    ).toEqual([]);
  });

  const allExpected: Condition = { kind: 'ofsted-report-card-all', grades: ['expected standard', 'strong standard'] };
  const card = { achievement: 'expected standard', 'leadership and governance': 'strong standard' } as const;
  it('hold for a report card when every area is one of the grades and safeguarding is met', () => {
    expect(holds(allExpected, { inspections: [reportCard(URN, card)] })).toEqual([
      'Ofsted report card, 3 Feb 2026: every area expected standard or strong standard',
    ]);
    expect(holds(allExpected, { inspections: [reportCard(URN, { ...card, inclusion: 'needs attention' })] })).toEqual(
      [],
    );
    expect(holds(allExpected, { inspections: [reportCard(URN, {})] })).toEqual([]);
    expect(
      holds(allExpected, { inspections: [reportCard(URN, card, '2026-02-03', { safeguardingMet: false })] }),
    ).toEqual([]);
  });
});

describe('what each condition cites', () => {
  it("says how safeguarding failed, in the era's words", () => {
    const failed: Condition = { kind: 'ofsted-safeguarding-failed' };
    expect(
      holds(failed, {
        inspections: [keyJudgements(URN, [3, 3, 3, 3], '2025-02-04', { safeguardingEffective: false })],
      }),
    ).toEqual([
      'Ofsted graded inspection with key judgements and no overall grade, 4 Feb 2025: safeguarding not effective',
    ]);
    expect(holds(failed, { inspections: [reportCard(URN, {}, '2026-02-03', { safeguardingMet: false })] })).toEqual([
      'Ofsted report card, 3 Feb 2026: safeguarding standards not met',
    ]);
  });

  it('says a school without an inspection has none on record', () => {
    expect(holds({ kind: 'no-inspection' })).toEqual(['no Ofsted inspection on record']);
  });

  it('says each kind of intelligence in its own words', () => {
    const phrase = (type: Intelligence['type']) =>
      holds(
        { kind: 'intelligence', type, statuses: ['open'], each: false },
        { intelligence: [intel(URN, type, '2026-05-04', 'open')] },
      );
    expect(phrase('new headteacher')).toEqual(['new headteacher since 4 May 2026']);
    expect(phrase('interim headteacher')).toEqual(['interim headteacher since 4 May 2026']);
    expect(phrase('staffing')).toEqual(['temporary staffing problems reported 4 May 2026']);
    expect(phrase('concern')).toEqual(['concern raised at Schools Causing Concern, 4 May 2026']);
    expect(phrase('trust view')).toEqual(["trust's view, 4 May 2026"]);
    expect(phrase('warning notice')).toEqual(['formal warning notice issued 4 May 2026']);
  });

  it('counts intelligence dated on the first day of term', () => {
    const recent: Condition = {
      kind: 'intelligence',
      type: 'concern',
      statuses: ['open'],
      withinMonths: 12,
      each: true,
    };
    expect(holds(recent, { intelligence: [intel(URN, 'concern', AS_OF, 'open')] })).toEqual([
      'concern raised at Schools Causing Concern, 1 Sep 2026',
    ]);
    expect(holds(recent, { intelligence: [intel(URN, 'concern', '2026-09-02', 'open')] })).toEqual([]);
  });

  it('cites only the statutory flags the rule names', () => {
    // Two inspections below good in a row: stuck, and (a category of concern) eligible for intervention.
    const inspections = [
      singleWord(URN, 3, '2022-01-10'),
      singleWord(URN, 4, '2025-01-10', { categoryOfConcern: 'special measures' }),
    ];
    const stuck = holds({ kind: 'statutory-flag', flags: ['stuck'] }, { inspections });
    expect(stuck).toHaveLength(1);
    expect(stuck[0]).toMatch(/^stuck: /);
    expect(holds({ kind: 'statutory-flag', flags: ['coasting'] }, { inspections })).toEqual([]);
  });

  it("cites the task group's report by its term and impact", () => {
    expect(
      holds(
        { kind: 'task-group-impact', impacts: ['insufficient'] },
        {
          taskGroupReports: [
            { urn: URN, term: '2026-summer', impact: 'insufficient', summary: '' },
            { urn: URN, term: '2026-spring', impact: 'adequate', summary: '' },
          ],
        },
      ),
    ).toEqual(['task-group report, 2026-summer: impact insufficient']);
  });
});

describe("a source's figures", () => {
  it('skip a year that lacks the measure, and never read another source as key stage 2', () => {
    const below30: Condition = { kind: 'ks2-expected-standard-below', percent: 30 };
    expect(
      holds(below30, {
        performance: [
          perf('ks2', '2023/24', { readingWritingMathsExpected: 25 }),
          perf('ks2', '2024/25', { readingProgress: 0.5 }),
          perf('ks4', '2024/25', { readingWritingMathsExpected: 80 }),
        ],
      }),
    ).toEqual(['key stage 2, 2023/24: 25% met the expected standard in reading, writing and maths, below 30%']);
  });

  it('read key stage 2 progress from key stage 2, and Progress 8 from key stage 4, whatever else is newer', () => {
    const ks2 = perf('ks2', '2023/24', { readingProgress: -3, writingProgress: 1, mathsProgress: -2.5 });
    const ks4 = perf('ks4', '2023/24', { progress8: -0.8 });
    const attendance = perf('attendance', '2024/25', { overallAbsence: 5, readingProgress: 2, progress8: 1 });
    expect(holds({ kind: 'ks2-progress-below', score: -2 }, { performance: [ks2, ks4, attendance] })).toEqual([
      'key stage 2, 2023/24: reading progress -3, below -2',
      'key stage 2, 2023/24: maths progress -2.5, below -2',
    ]);
    expect(holds({ kind: 'progress8-below', score: -0.5 }, { performance: [ks2, ks4, attendance] })).toEqual([
      'key stage 4, 2023/24: Progress 8 -0.8, below -0.5',
    ]);
  });

  it('need two years of attendance to say it fell', () => {
    expect(
      holds(
        { kind: 'attendance-fell', points: 1 },
        { performance: [perf('attendance', '2024/25', { overallAbsence: 9 })] },
      ),
    ).toEqual([]);
  });
});

describe('Ofsted rows intake could not read', () => {
  it('are evidence only: they never decide a category, and say what was left out', () => {
    const unreadable = singleWord(URN, 2, '2024-05-09', {
      unreadable: [{ judgement: 'overall effectiveness', value: '9' }],
    });
    const { category, reasons } = categorise(evidence({ inspections: [unreadable] }), DEFAULT_METHODOLOGY, AS_OF);
    expect(category).toBe('A');
    const left = reasons.find((r) => r.rule === 'ofsted-unreadable')!;
    expect(left).toEqual({
      category: 'A',
      rule: 'ofsted-unreadable',
      evidenceOnly: true,
      text: "Ofsted's file gives a judgement that could not be read: it is left out, and the school is placed on the rest of its evidence until the file is corrected",
      evidence: "Ofsted graded inspection with a single-word judgement, 9 May 2024: overall effectiveness given as '9'",
    });
    expect(decidingReasons({ category, reasons })).not.toContainEqual(left);
  });

  it('say a row could not be read only where the school has no inspection that could', () => {
    const row = 'Ofsted file, row 12: the inspection date is not a date';
    const lone = categorise(
      evidence({ school: school({ urn: URN, ofstedRowUnreadable: row }) }),
      DEFAULT_METHODOLOGY,
      AS_OF,
    );
    expect(lone.reasons.filter((r) => r.rule === 'ofsted-unreadable')).toEqual([
      {
        category: 'A',
        rule: 'ofsted-unreadable',
        evidenceOnly: true,
        text: "Ofsted's file lists the school, but its row could not be read: the school is placed on its other evidence until the row is corrected",
        evidence: row,
      },
    ]);
    const withAnother = categorise(
      evidence({
        school: school({ urn: URN, ofstedRowUnreadable: row }),
        inspections: [singleWord(URN, 2, '2024-05-09')],
      }),
      DEFAULT_METHODOLOGY,
      AS_OF,
    );
    expect(withAnother.reasons.filter((r) => r.rule === 'ofsted-unreadable')).toEqual([]);
  });
});

describe("a school's reasons", () => {
  it('are listed worst category first, whatever order the rules are in', () => {
    const { reasons } = categorise(
      evidence({
        inspections: [singleWord(URN, 3, '2024-05-09')],
        intelligence: [
          intel(URN, 'new headteacher', '2026-05-01', 'in post'),
          intel(URN, 'warning notice', '2026-06-01', 'issued'),
        ],
      }),
      { ...DEFAULT_METHODOLOGY, rules: [...DEFAULT_METHODOLOGY.rules].reverse() },
      AS_OF,
    );
    const order = reasons.map((r) => r.category);
    expect(order).toEqual([...order].sort().reverse());
    expect(order.at(0)).toBe('D');
    expect(new Set(order).size).toBeGreaterThan(1);
  });

  it('say no rule applied where none did', () => {
    const { reasons } = categorise(
      evidence({ school: school({ urn: URN, ofstedRowUnreadable: 'row 3' }) }),
      DEFAULT_METHODOLOGY,
      AS_OF,
    );
    expect(reasons[0]).toMatchObject({ rule: 'otherwise', evidence: 'no rule applied' });
  });

  it("cite a rule that is not about figures once, however old the school's figures", () => {
    const { reasons } = categorise(
      evidence({
        intelligence: [intel(URN, 'concern', '2026-06-01', 'open')],
        performance: [perf('ks2', '2015/16', { readingWritingMathsExpected: 10 })],
      }),
      DEFAULT_METHODOLOGY,
      AS_OF,
    );
    expect(reasons.filter((r) => r.rule === 'open-concern')).toHaveLength(1);
    expect(reasons.filter((r) => r.rule === 'below-floor-key-stage-2')).toEqual([
      expect.objectContaining({ category: 'A', evidenceOnly: true }),
    ]);
  });

  it('carry no flags, and no category as recorded, where there is none to carry', () => {
    const assessment = assessSchool(
      evidence({ inspections: [singleWord(URN, 2)] }),
      DEFAULT_METHODOLOGY,
      '2026-autumn',
      AS_OF,
      {
        category: 'A',
        term: '2026-summer',
      },
    );
    expect(Object.keys(assessment)).not.toContain('flags');
    expect(Object.keys(assessment)).not.toContain('previousCategoryAsRecorded');
    expect(assessment).toMatchObject({ previousCategory: 'A', changed: false });
  });
});

describe('reasons grouped for a reader', () => {
  const reason = (text: string, evidence: string): Reason => ({ category: 'C', rule: 'r', text, evidence });
  it('join details of the same reading from the same source, and nothing else', () => {
    expect(
      groupReasons([
        reason('Needs attention', 'Ofsted report card, 3 Feb 2026: achievement'),
        reason('Needs attention', 'Ofsted report card, 3 Feb 2026: inclusion'),
        reason('Needs attention', 'Ofsted report card, 9 Oct 2025: achievement'),
        reason('Urgent improvement', 'Ofsted report card, 3 Feb 2026: attendance'),
      ]),
    ).toEqual([
      { text: 'Needs attention', evidence: 'Ofsted report card, 3 Feb 2026: achievement; inclusion' },
      { text: 'Needs attention', evidence: 'Ofsted report card, 9 Oct 2025: achievement' },
      { text: 'Urgent improvement', evidence: 'Ofsted report card, 3 Feb 2026: attendance' },
    ]);
  });

  it('keep a reason with no detail apart from one with details, either way round', () => {
    const plain = reason('Concern', 'the authority');
    const detailed = reason('Concern', 'the authority: raised in May');
    expect(groupReasons([plain, detailed])).toEqual([
      { text: 'Concern', evidence: 'the authority' },
      { text: 'Concern', evidence: 'the authority: raised in May' },
    ]);
    expect(groupReasons([detailed, plain])).toEqual([
      { text: 'Concern', evidence: 'the authority: raised in May' },
      { text: 'Concern', evidence: 'the authority' },
    ]);
    expect(groupReasons([plain, plain])).toEqual([
      { text: 'Concern', evidence: 'the authority' },
      { text: 'Concern', evidence: 'the authority' },
    ]);
  });
});
