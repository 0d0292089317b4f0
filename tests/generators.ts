/** fast-check arbitraries for a school's evidence, shared by the property tests. */
import fc from 'fast-check';
import { type Inspection, type Intelligence, type Performance, REPORT_CARD_GRADES } from '../functions/core/types';

/** An ISO date from one day to another. */
export const dateBetween = (from: string, to: string): fc.Arbitrary<string> =>
  fc.integer({ min: Date.parse(from), max: Date.parse(to) }).map((t) => new Date(t).toISOString().slice(0, 10));

const grade = fc.constantFrom(1, 2, 3, 4) as fc.Arbitrary<1 | 2 | 3 | 4>;

/** An inspection of any era (single word, key judgements, report card) of the school, on one of the dates. */
export const inspectionOf = (urn: string, date: fc.Arbitrary<string>): fc.Arbitrary<Inspection> =>
  fc.oneof(
    fc
      .record({
        urn: fc.constant(urn),
        startDate: date,
        era: fc.constant('single-word' as const),
        overallEffectiveness: grade,
        keyJudgements: fc.constant([] as Inspection['keyJudgements']),
        reportCard: fc.constant([] as Inspection['reportCard']),
        categoryOfConcern: fc.constantFrom(undefined, 'special measures', 'serious weaknesses') as fc.Arbitrary<
          Inspection['categoryOfConcern']
        >,
      })
      .map((i) =>
        i.categoryOfConcern === undefined || i.overallEffectiveness !== 4 ? { ...i, categoryOfConcern: undefined } : i,
      ),
    fc.record({
      urn: fc.constant(urn),
      startDate: date,
      era: fc.constant('key-judgements' as const),
      keyJudgements: fc.array(
        fc.record({ area: fc.constantFrom('quality of education', 'leadership and management'), grade }),
        { minLength: 1, maxLength: 4 },
      ),
      reportCard: fc.constant([] as Inspection['reportCard']),
      safeguardingEffective: fc.boolean(),
    }),
    fc.record({
      urn: fc.constant(urn),
      startDate: date,
      era: fc.constant('report-card' as const),
      keyJudgements: fc.constant([] as Inspection['keyJudgements']),
      reportCard: fc.array(
        fc.record({
          area: fc.constantFrom('Achievement', 'Inclusion', 'Leadership and governance'),
          grade: fc.constantFrom(...REPORT_CARD_GRADES),
        }),
        { minLength: 1, maxLength: 6 },
      ),
      safeguardingMet: fc.boolean(),
    }),
  );

export const intelligenceOf = (urn: string, date: fc.Arbitrary<string>): fc.Arbitrary<Intelligence> =>
  fc.record({
    urn: fc.constant(urn),
    type: fc.constantFrom(
      'new headteacher',
      'interim headteacher',
      'staffing',
      'concern',
      'trust view',
      'warning notice',
    ),
    date,
    status: fc.constantFrom('open', 'closed', 'issued', 'withdrawn', 'concern', 'no concern'),
    summary: fc.constant(''),
  });

export const performanceOf = (urn: string): fc.Arbitrary<Performance> =>
  fc.oneof(
    fc.record({
      urn: fc.constant(urn),
      source: fc.constant('ks2' as const),
      year: fc.constantFrom('2022/23', '2023/24', '2024/25'),
      measures: fc.record({ readingWritingMathsExpected: fc.integer({ min: 0, max: 100 }) }),
    }),
    fc.record({
      urn: fc.constant(urn),
      source: fc.constant('attendance' as const),
      year: fc.constantFrom('2023/24', '2024/25'),
      measures: fc.record({ persistentAbsence: fc.integer({ min: 0, max: 60 }) }),
    }),
  );

/** A school's evidence: its inspections, the authority's intelligence, its results, and its task groups' verdicts. */
export const evidenceOf = (urn: string, date: fc.Arbitrary<string>) =>
  fc.record({
    inspections: fc.array(inspectionOf(urn, date), { maxLength: 3 }),
    intelligence: fc.array(intelligenceOf(urn, date), { maxLength: 6 }),
    performance: fc.array(performanceOf(urn), { maxLength: 3 }),
    impacts: fc.array(
      fc.constantFrom('strong', 'adequate', 'insufficient') as fc.Arbitrary<'strong' | 'adequate' | 'insufficient'>,
      { maxLength: 2 },
    ),
  });
export type GeneratedEvidence = typeof evidenceOf extends (...args: never[]) => fc.Arbitrary<infer T> ? T : never;
