import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planBatches, type SchoolBatch } from '../../functions/core/batches';
import {
  computeMeasure,
  type Measure,
  MeasuresInvalid,
  measureRows,
  measureStatus,
  measuresOverTerms,
  parseMeasuresFile,
  type TermData,
  termDataByArea,
} from '../../functions/core/measures/measures';
import { againstComparator, measuresCsv, measuresSection } from '../../functions/core/measures/measures-report';
import { goodOrBetterOf } from '../../functions/core/reporting/charts';
import {
  AUTHORITY,
  addScopeSums,
  countTermFigures,
  figuresFromSums,
  figuresServe,
  measureTerms,
  type ScopeFigures,
  scopeOverTerms,
  sumsOfSchools,
} from '../../functions/core/reporting/term-figures';
import type { BrokeredSupport } from '../../functions/core/support/brokering';
import type { Assessment, Performance } from '../../functions/core/types';
import { inBatch, keyJudgements, leader, reportCard, school, singleWord, ungraded } from '../builders';

// Read in each test, not as the file loads, so that a mutation run knows which tests parse it.
const shippedText = readFileSync(new URL('../../measures/default.yaml', import.meta.url), 'utf8');
const shipped = () => parseMeasuresFile(shippedText, 'measures/default.yaml');
const measure = (id: string) => shipped().measures.find((m) => m.id === id)!;
const assess = (urn: string, category: string): Assessment => ({
  term: '2026-autumn',
  urn,
  category,
  reasons: [],
  changed: false,
  methodologyId: 'default-2026',
});
const ks2 = (urn: string, year: string, all: number, disadvantaged: number): Performance => ({
  urn,
  source: 'ks2',
  year,
  measures: { readingWritingMathsExpected: all, readingWritingMathsExpectedDisadvantaged: disadvantaged },
});

const schools = [
  school({ urn: '100001' }),
  school({ urn: '100002' }),
  school({ urn: '100003', phase: 'secondary', district: 'Riverton' }),
  school({ urn: '100004' }),
];
const autumn: TermData = {
  term: '2026-autumn',
  termStart: '2026-09-03',
  schools,
  assessments: [assess('100001', 'A'), assess('100002', 'C'), assess('100003', 'D'), assess('100004', 'A')],
  inspections: [
    singleWord('100001', 2),
    keyJudgements('100002', [3, 2, 2, 3]),
    // A report card below the expected standard, after a good single-word grade: below good now.
    singleWord('100003', 2, '2019-01-10'),
    reportCard('100003', { 'curriculum and teaching': 'needs attention', inclusion: 'expected standard' }),
    // An ungraded inspection that did not confirm a grade leaves the school as its graded inspection found it.
    singleWord('100004', 1, '2018-05-01'),
    ungraded('100004', 'Standards maintained', '2024-01-01'),
  ],
  performance: [ks2('100001', '2023/24', 50, 30), ks2('100001', '2024/25', 60, 44), ks2('100002', '2024/25', 70, 58)],
  figures: [
    { measure: 'ehc-plans-within-20-weeks', value: 49.5, date: '2026-08-31' },
    { measure: 'ehc-plans-within-20-weeks', value: 58, date: '2026-12-31' },
  ],
};

describe("the ECB's measures file", () => {
  it('ships a valid file whose measures the data can compute', () => {
    expect(shipped().measures.map((m) => m.definition.kind)).toEqual(
      expect.arrayContaining([
        'share-good-or-better',
        'schools-in-categories',
        'performance-mean',
        'performance-gap',
        'input',
      ]),
    );
  });

  it('refuses a file with a repeated id, a target before its baseline, or a gap between figures of different sources', () => {
    const bad = `id: x\ntitle: X\neffectiveFrom: 2026-09-01\nmeasures:\n${['a', 'a'].map((id) => `  - { id: ${id}, name: A, unit: count, direction: up, owner: O, baseline: { value: 1, date: 2026-09-01 }, target: { value: 2, date: 2026-01-01 }, definition: { kind: performance-gap, all: attainment8, group: persistentAbsence } }`).join('\n')}\n`;
    expect(() => parseMeasuresFile(bad, 'bad.yaml')).toThrow(MeasuresInvalid);
    try {
      parseMeasuresFile(bad, 'bad.yaml');
    } catch (error) {
      expect((error as Error).message).toContain("measures.1.id: measure id 'a' is used twice");
      expect((error as Error).message).toContain(
        'measures.0.target.date: the target date must be after the baseline date',
      );
      expect((error as Error).message).toContain(
        'measures.0.definition: a gap compares two figures of the same source',
      );
    }
  });
});

describe("the ECB's measures file, one fault at a time", () => {
  const file = (...rows: string[]) =>
    `id: x\ntitle: X\neffectiveFrom: 2026-09-01\nmeasures:\n${rows.map((r) => `  - { name: A, unit: count, direction: up, owner: O, ${r} }`).join('\n')}\n`;
  const fine = 'baseline: { value: 1, date: 2026-09-01 }, target: { value: 2, date: 2027-09-01 }';
  const errorOf = (text: string) => {
    try {
      parseMeasuresFile(text, 'one.yaml');
      return undefined;
    } catch (error) {
      expect(error).toBeInstanceOf(MeasuresInvalid);
      expect((error as Error).name).toBe('MeasuresInvalid');
      return (error as Error).message;
    }
  };

  it('takes measures with ids of their own, a target after the baseline, and a gap within one source', () => {
    const parsed = parseMeasuresFile(
      file(
        `id: a, ${fine}, definition: { kind: performance-gap, all: attainment8, group: attainment8Disadvantaged }`,
        `id: b, ${fine}, definition: { kind: input }`,
      ),
    );
    expect(parsed.measures.map((m) => m.id)).toEqual(['a', 'b']);
  });

  it('names each fault alone, and the file it is in', () => {
    expect(
      errorOf(file(`id: a, ${fine}, definition: { kind: input }`, `id: a, ${fine}, definition: { kind: input }`)),
    ).toMatch(/one\.yaml[\s\S]*measures\.1\.id: measure id 'a' is used twice/);
    const sameDay = 'baseline: { value: 1, date: 2026-09-01 }, target: { value: 2, date: 2026-09-01 }';
    expect(errorOf(file(`id: a, ${sameDay}, definition: { kind: input }`))).toContain(
      'measures.0.target.date: the target date must be after the baseline date',
    );
    const message = errorOf(
      file(`id: a, ${fine}, definition: { kind: performance-gap, all: attainment8, group: persistentAbsence }`),
    );
    expect(message).toContain('measures.0.definition: a gap compares two figures of the same source');
    expect(message).not.toContain('used twice');
    expect(message).not.toContain('target date');
  });
});

describe('each measure, computed from the term', () => {
  it('counts schools good or better on their latest inspection, by phase where asked', () => {
    expect(computeMeasure(measure('good-or-better'), autumn)).toEqual({ value: 50, schools: 4 });
    expect(computeMeasure(measure('good-or-better-secondary'), autumn)).toEqual({ value: 0, schools: 1 });
    expect(computeMeasure(measure('good-or-better'), autumn, 'Riverton')).toEqual({ value: 0, schools: 1 });
  });

  it('counts the schools in C and D, averages the latest year of a performance figure, and its disadvantage gap', () => {
    expect(computeMeasure(measure('schools-causing-concern'), autumn)).toEqual({ value: 2, schools: 4 });
    expect(computeMeasure(measure('key-stage-2-expected'), autumn)).toEqual({ value: 65, schools: 2, asOf: '2024/25' });
    expect(computeMeasure(measure('key-stage-2-disadvantage-gap'), autumn)).toEqual({
      value: 14,
      schools: 2,
      asOf: '2024/25',
    });
    expect(computeMeasure(measure('persistent-absence'), autumn)).toBeUndefined();
    const absence = (urn: string, severeAbsence: number): Performance => ({
      urn,
      source: 'attendance',
      year: '2024/25',
      measures: { overallAbsence: 6, persistentAbsence: 15, severeAbsence },
    });
    expect(
      computeMeasure(measure('severe-absence'), {
        ...autumn,
        performance: [absence('100001', 1.2), absence('100002', 2.4)],
      }),
    ).toEqual({ value: 1.8, schools: 2, asOf: '2024/25' });
    expect(computeMeasure(measure('key-stage-2-expected-disadvantaged'), autumn)).toEqual({
      value: 51,
      schools: 2,
      asOf: '2024/25',
    });
  });

  it("takes an input figure as at the term's start, never a later one", () => {
    expect(computeMeasure(measure('ehc-plans-within-20-weeks'), autumn)).toEqual({ value: 49.5, asOf: '2026-08-31' });
    expect(computeMeasure(measure('ehc-plans-within-20-weeks'), { ...autumn, termStart: '2027-01-05' })).toEqual({
      value: 58,
      asOf: '2026-12-31',
    });
  });
});

describe('where a measure stands', () => {
  const m: Measure = {
    ...measure('good-or-better'),
    baseline: { value: 80, date: '2026-09-01' },
    target: { value: 90, date: '2028-09-01' },
  };
  it('is on track at or better than the line from baseline to target, improving too slowly behind it, off track otherwise', () => {
    // A year in: the line stands at 85.
    expect(measureStatus(m, 90, '2027-09-01')).toBe('target met');
    expect(measureStatus(m, 85, '2027-09-01')).toBe('on track');
    expect(measureStatus(m, 83, '2027-09-01', 82)).toBe('improving too slowly');
    expect(measureStatus(m, 83, '2027-09-01', 84)).toBe('off track');
    expect(measureStatus(m, 79, '2027-09-01')).toBe('off track');
    expect(measureStatus(m, undefined, '2027-09-01')).toBe('no data');
    // Lower is better: the same, the other way up.
    const down: Measure = {
      ...m,
      direction: 'down',
      baseline: { value: 18, date: '2026-09-01' },
      target: { value: 14, date: '2028-09-01' },
    };
    expect(measureStatus(down, 16, '2027-09-01')).toBe('on track');
    expect(measureStatus(down, 17, '2027-09-01')).toBe('improving too slowly');
    expect(measureStatus(down, 19, '2027-09-01')).toBe('off track');
  });

  it('gives each AAG area the same measures from the terms split by area once as from the whole terms', () => {
    const spring: TermData = {
      ...autumn,
      term: '2027-spring',
      termStart: '2027-01-05',
      assessments: [assess('100001', 'A'), assess('100002', 'A'), assess('100003', 'D'), assess('100004', 'A')],
    };
    const withAreaFigure: TermData = {
      ...autumn,
      figures: [
        ...autumn.figures,
        { measure: 'ehc-plans-within-20-weeks', value: 40, date: '2026-08-31', area: 'Riverton' },
      ],
    };
    const terms = [withAreaFigure, spring];
    const areas = ['Ashdown', 'Riverton', 'Nowhere'];
    const split = terms.map((t) => termDataByArea(t, areas));
    expect(split[0]!.get('Riverton')).toMatchObject({
      schools: [expect.objectContaining({ urn: '100003' })],
      assessments: [expect.objectContaining({ urn: '100003' })],
      figures: [expect.objectContaining({ area: 'Riverton' })],
    });
    for (const area of areas)
      expect(
        measuresOverTerms(
          shipped(),
          split.map((s) => s.get(area)!),
          area,
        ),
      ).toEqual(measuresOverTerms(shipped(), terms, area));
    expect(
      measuresOverTerms(
        shipped(),
        split.map((s) => s.get('Riverton')!),
        'Riverton',
      )
        .find((r) => r.measure.id === 'schools-causing-concern')!
        .history.map((h) => h.value.value),
    ).toEqual([1, 1]);
  });

  it('keeps each measure term by term, and writes the figures as a CSV', () => {
    const spring: TermData = {
      ...autumn,
      term: '2027-spring',
      termStart: '2027-01-05',
      assessments: [assess('100001', 'A'), assess('100002', 'A'), assess('100003', 'D'), assess('100004', 'A')],
    };
    const rows = measuresOverTerms(shipped(), [autumn, spring]);
    const concern = rows.find((r) => r.measure.id === 'schools-causing-concern')!;
    expect(concern.history.map((h) => [h.term, h.value.value])).toEqual([
      ['2026-autumn', 2],
      ['2027-spring', 1],
    ]);
    expect(concern.status).toBe('target met');
    // Key stage 2's figures are the same year in both terms: not judged until the next year's come.
    const ks2Row = rows.find((r) => r.measure.id === 'key-stage-2-disadvantage-gap')!;
    expect([ks2Row.latest?.asOf, ks2Row.status]).toEqual(['2024/25', 'awaiting new figures']);
    const withNewYear = measuresOverTerms(shipped(), [
      autumn,
      { ...spring, performance: [...spring.performance, ks2('100001', '2025/26', 60, 30)] },
    ]).find((r) => r.measure.id === 'key-stage-2-disadvantage-gap')!;
    expect([withNewYear.latest?.asOf, withNewYear.status]).toEqual(['2025/26', 'off track']);
    // The years the latest term's files give make the yearly figure's trend, which the terms alone do not show.
    // Gaps: 2023/24 one school, 20; 2024/25 two, 16 and 12; 2025/26 one, 30.
    expect(withNewYear.byYear).toEqual([
      { year: '2023/24', value: 20, schools: 1 },
      { year: '2024/25', value: 14, schools: 2 },
      { year: '2025/26', value: 30, schools: 1 },
    ]);
    expect(String(measuresSection('The strategy', [withNewYear]))).toContain(
      'by academic year: 2023/24: 20 points, 2024/25: 14 points, 2025/26: 30 points',
    );
    // Each measure against the national average and statistical neighbours the ECB records, in its own direction.
    const section = String(measuresSection('The strategy', rows));
    const good = rows.find((r) => r.measure.id === 'good-or-better')!;
    expect(section).toContain(
      `national 89% (${againstComparator(good.measure, good.latest!.value, 89)}); statistical neighbours 87.5% (${againstComparator(good.measure, good.latest!.value, 87.5)}), 2025/26`,
    );
    expect(againstComparator(measure('persistent-absence'), 16, 17.8)).toBe('better');
    expect(againstComparator(measure('good-or-better'), 84, 89)).toBe('worse');
    expect(againstComparator(measure('good-or-better'), 89, 89)).toBe('the same');
    expect(measuresCsv(rows).split(/\r?\n/)[0]).toBe(
      'Scope,Measure id,Measure,Term,Value,Schools,As of,Baseline,Target,Target date,National,Statistical neighbours,Comparators year,Status now',
    );
  });
});

describe("a term's figures, kept for later terms' trends", () => {
  const spring: TermData = {
    ...autumn,
    term: '2027-spring',
    termStart: '2027-01-05',
    assessments: [assess('100001', 'A'), assess('100002', 'A'), assess('100003', 'D'), assess('100004', 'A')],
    figures: [
      ...autumn.figures,
      { measure: 'ehc-plans-within-20-weeks', value: 40, date: '2026-12-31', area: 'Riverton' },
    ],
  };
  const areas = ['Ashdown', 'Riverton', 'Nowhere'];
  // As DynamoDB keeps them and gives them back: JSON, with no undefined left.
  const kept = (data: TermData) =>
    JSON.parse(JSON.stringify(countTermFigures(data, areas, shipped()))) as ScopeFigures[];

  it('gives the same measures, for the authority and each area, as counting every term again', () => {
    const figures = [kept(autumn), countTermFigures(spring, areas, shipped())];
    expect(measureRows(shipped(), measureTerms(scopeOverTerms(figures, AUTHORITY)))).toEqual(
      measuresOverTerms(shipped(), [autumn, spring]),
    );
    const split = [autumn, spring].map((t) => termDataByArea(t, areas));
    for (const area of areas) {
      expect(measureRows(shipped(), measureTerms(scopeOverTerms(figures, area)), area)).toEqual(
        measuresOverTerms(
          shipped(),
          split.map((s) => s.get(area)!),
          area,
        ),
      );
    }
    // The yearly figures too, from the latest term's kept figures, as the term's data gives them (round-tripped through
    // JSON, both terms).
    const keptBoth = [kept(autumn), kept(spring)];
    for (const scope of [AUTHORITY, ...areas]) {
      const area = scope === AUTHORITY ? undefined : scope;
      const data = scope === AUTHORITY ? [autumn, spring] : split.map((s) => s.get(scope)!);
      expect([scope, measureRows(shipped(), measureTerms(scopeOverTerms(keptBoth, scope)), area)]).toEqual([
        scope,
        measuresOverTerms(shipped(), data, area),
      ]);
    }
    expect(
      measureRows(shipped(), measureTerms(scopeOverTerms(keptBoth, 'Ashdown')), 'Ashdown').some(
        (r) => r.byYear.length > 0,
      ),
    ).toBe(true);
    // Not trivially: the areas' measures differ, and an input figure kept for an area is the area's own.
    const ehc = (scope: string) =>
      scopeOverTerms(figures, scope).map((f) => f.measures['ehc-plans-within-20-weeks']!.value?.value ?? null);
    expect([ehc(AUTHORITY), ehc('Riverton'), ehc('Ashdown')]).toEqual([
      [49.5, 58],
      [null, 40],
      [null, null],
    ]);
  });

  it('counts the categories and the schools good or better as the charts would from the data', () => {
    const [authority, ashdown, riverton] = kept(autumn);
    expect(authority).toMatchObject({
      term: '2026-autumn',
      scope: AUTHORITY,
      termStart: '2026-09-03',
      categories: { A: 2, C: 1, D: 1 },
      goodOrBetter: goodOrBetterOf(autumn.inspections),
    });
    // By the one definition: each school's latest graded inspection or report card (100004's ungraded inspection since
    // gives no grade, so it stands as good, as the ECB's measure counts it too).
    expect(authority!.goodOrBetter).toEqual({ good: 2, inspected: 4 });
    expect([
      ashdown!.scope,
      ashdown!.categories,
      riverton!.scope,
      riverton!.categories,
      riverton!.goodOrBetter,
    ]).toEqual(['Ashdown', { A: 2, C: 1 }, 'Riverton', { D: 1 }, { good: 0, inspected: 1 }]);
  });

  it('serves a later report only as the term would be counted now: every area it shows, each measure as defined now, the same term start', () => {
    const figures = kept(autumn);
    const need = { termStart: '2026-09-03', areas, measures: shipped() };
    expect(figuresServe(figures, need)).toBe(true);
    expect(figuresServe([], need)).toBe(false);
    expect(figuresServe(figures, { ...need, areas: [...areas, 'Westfield'] })).toBe(false);
    expect(figuresServe(figures, { ...need, termStart: '2026-09-04' })).toBe(false);
    const redefined = {
      ...shipped(),
      measures: shipped().measures.map((m) =>
        m.id === 'good-or-better'
          ? { ...m, definition: { kind: 'share-good-or-better' as const, phases: ['primary' as const] } }
          : m,
      ),
    };
    expect(figuresServe(figures, { ...need, measures: redefined })).toBe(false);
    const added = {
      ...shipped(),
      measures: [...shipped().measures, { ...measure('good-or-better'), id: 'good-or-better-again' }],
    };
    expect(figuresServe(figures, { ...need, measures: added })).toBe(false);
    // A measure whose target moved computes the same values: the figures still serve.
    const retargeted = {
      ...shipped(),
      measures: shipped().measures.map((m) => ({ ...m, target: { ...m.target, value: m.target.value + 1 } })),
    };
    expect(figuresServe(figures, { ...need, measures: retargeted })).toBe(true);
  });

  it("adds up, from batches of schools' sums in any order, the figures counted over the term: every measure, each area's, the leaders' capacity", () => {
    // More schools and figures than autumn's: key stage 4 and attendance too, over two years, and a school that
    // moved area between batches' neighbours.
    const more = [
      school({ urn: '100005', phase: 'all-through' }),
      school({ urn: '100006', district: 'Riverton' }),
      school({ urn: '100007', phase: 'secondary', district: 'Riverton' }),
    ];
    const ks4 = (urn: string, year: string, a8: number, disadvantaged: number): Performance => ({
      urn,
      source: 'ks4',
      year,
      measures: { attainment8: a8, attainment8Disadvantaged: disadvantaged, englishMaths94: 60, progress8: -0.1 },
    });
    const absence = (urn: string, year: string, persistent: number): Performance => ({
      urn,
      source: 'attendance',
      year,
      measures: { overallAbsence: 6.3, persistentAbsence: persistent, severeAbsence: 1.7 },
    });
    const term: TermData = {
      ...spring,
      schools: [...spring.schools, ...more],
      assessments: [...spring.assessments, assess('100005', 'B'), assess('100006', 'C'), assess('100007', 'D')],
      inspections: [
        ...spring.inspections,
        singleWord('100005', 3),
        singleWord('100006', 1),
        keyJudgements('100007', [2, 2, 3, 2]),
      ],
      performance: [
        ...spring.performance,
        ks2('100006', '2024/25', 64.7, 41.3),
        ks2('100005', '2023/24', 55.2, 35.1),
        ks4('100003', '2023/24', 44.1, 31.9),
        ks4('100003', '2024/25', 46.3, 33.4),
        ks4('100005', '2024/25', 51.9, 38.2),
        ks4('100007', '2024/25', 39.6, 28.8),
        absence('100001', '2024/25', 15.2),
        absence('100003', '2024/25', 22.7),
        absence('100006', '2023/24', 12.1),
        absence('100006', '2024/25', 13.9),
      ],
    };
    const systemLeaders = [
      leader({ id: 'L1', homeSchoolUrn: '100001', capacity: 3 }),
      leader({ id: 'L2', designation: 'SLE', homeSchoolUrn: '100006', capacity: 2 }),
    ];
    const support = [
      { urn: '100002', leader: { id: 'L1' } },
      { urn: '100006', leader: { id: 'L1' } },
      { urn: '100007', leader: { id: 'L2' } },
    ] as unknown as BrokeredSupport[];
    const ofBatch =
      (batch: SchoolBatch) =>
      <T extends { urn: string }>(rows: readonly T[]) =>
        rows.filter((r) => inBatch(r.urn, batch));
    const whole = countTermFigures(term, areas, shipped(), { systemLeaders, support });
    const areaOf = new Map(term.schools.map((s) => [s.urn, s.district]));
    for (const size of [1, 2, 3]) {
      const sums = planBatches(
        term.schools.map((s) => s.urn),
        size,
      ).flatMap((batch) => {
        const own = ofBatch(batch);
        return sumsOfSchools(
          {
            schools: own(term.schools),
            assessments: own(term.assessments),
            inspections: own(term.inspections),
            performance: own(term.performance),
          },
          shipped(),
          own(support),
        );
      });
      // As DynamoDB gives them back (JSON), in reverse.
      const kept = JSON.parse(JSON.stringify(sums)).reverse();
      expect([size, figuresFromSums(term, kept, areas, shipped(), { systemLeaders, areaOf })]).toEqual([size, whole]);
    }
    // Not trivially: every kind of measure has a value, for the authority and for an area.
    const [authority, , riverton] = whole;
    for (const id of [
      'good-or-better',
      'schools-causing-concern',
      'persistent-absence',
      'key-stage-2-disadvantage-gap',
      'key-stage-4-attainment-8',
      'ehc-plans-within-20-weeks',
    ])
      expect([id, authority!.measures[id]!.value]).not.toEqual([id, null]);
    expect(riverton!.measures['key-stage-4-attainment-8']!.value).toEqual({ value: 43, schools: 2, asOf: '2024/25' });
    expect(riverton!.measures['persistent-absence']!.byYear).toEqual([
      { year: '2023/24', value: 12.1, schools: 1 },
      { year: '2024/25', value: 18.3, schools: 2 },
    ]);
    expect(whole[1]!.capacity).toEqual([
      expect.objectContaining({ area: 'Ashdown', leaders: 1, capacity: 3, used: 2 }),
    ]);
  });

  it("keeps each area's own system leaders' capacity, with the schools they support across the authority, and not the authority's", () => {
    const systemLeaders = [
      leader({ id: 'L1', designation: 'NLE', homeSchoolUrn: '100001', phases: ['primary'], capacity: 3 }),
      leader({ id: 'L2', designation: 'NLE', homeSchoolUrn: '100002', phases: ['primary'], capacity: 2 }),
      leader({ id: 'L3', designation: 'SLE', homeSchoolUrn: '100003', phases: ['secondary'], capacity: 1 }),
      leader({ id: 'L4', designation: 'LLE', homeSchoolUrn: '999999', phases: ['primary'], capacity: 4 }),
    ];
    // L1, an Ashdown leader, supports a Riverton school and an Ashdown one: both count against Ashdown's capacity.
    const support = [
      { urn: '100003', leader: { id: 'L1' } },
      { urn: '100004', leader: { id: 'L1' } },
      { urn: '100002', leader: { id: 'L4' } },
    ] as unknown as BrokeredSupport[];
    const [authority, ashdown, riverton, nowhere] = JSON.parse(
      JSON.stringify(countTermFigures(autumn, areas, shipped(), { systemLeaders, support })),
    ) as ScopeFigures[];
    expect(authority!.capacity).toBeUndefined();
    expect(ashdown!.capacity).toEqual([
      { designation: 'NLE', phase: 'primary', area: 'Ashdown', leaders: 2, capacity: 5, used: 2 },
    ]);
    expect(riverton!.capacity).toEqual([
      { designation: 'SLE', phase: 'secondary', area: 'Riverton', leaders: 1, capacity: 1, used: 0 },
    ]);
    expect(nowhere!.capacity).toEqual([]);
    // Without the leaders (an earlier term counted again for its trends), none is kept.
    expect(kept(autumn)[1]!.capacity).toBeUndefined();
  });
});

describe("two sets of schools' sums, added", () => {
  const sums = (over: Partial<Parameters<typeof addScopeSums>[0]> = {}): Parameters<typeof addScopeSums>[0] => ({
    scope: AUTHORITY,
    categories: { A: 1, C: 2 },
    goodOrBetter: { good: 1, inspected: 2 },
    measures: {},
    ...over,
  });

  it('adds categories and good or better, and counts no system leader where neither set had support', () => {
    const added = addScopeSums(sums(), sums({ categories: { C: 1, D: 1 }, goodOrBetter: { good: 2, inspected: 3 } }));
    expect(added).toEqual({
      scope: AUTHORITY,
      categories: { A: 1, C: 3, D: 1 },
      goodOrBetter: { good: 3, inspected: 5 },
      measures: {},
    });
    expect('supportByLeader' in added).toBe(false);
  });

  it("adds each system leader's schools from either set", () => {
    expect(
      addScopeSums(sums({ supportByLeader: { a: 1 } }), sums({ supportByLeader: { a: 2, b: 1 } })).supportByLeader,
    ).toEqual({
      a: 3,
      b: 1,
    });
    expect(addScopeSums(sums(), sums({ supportByLeader: { b: 1 } })).supportByLeader).toEqual({ b: 1 });
    expect(addScopeSums(sums({ supportByLeader: { a: 1 } }), sums()).supportByLeader).toEqual({ a: 1 });
  });

  it("gives the authority's sums first, then each area's by name", () => {
    const data = {
      schools: [school({ urn: '100001', district: 'Riverton' }), school({ urn: '100002', district: 'Ashdown' })],
      assessments: [],
      inspections: [],
      performance: [],
    };
    expect(sumsOfSchools(data, shipped()).map((s) => s.scope)).toEqual([AUTHORITY, 'Ashdown', 'Riverton']);
  });
});
