import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { assessSchool, categorise, decidingReasons } from '../../functions/core/assessment/categorisation';
import {
  categoryDefinition,
  inThisScheme,
  MethodologyInvalid,
  parseMethodology,
  severity,
} from '../../functions/core/assessment/methodology';
import { compareMethodologies } from '../../functions/core/assessment/methodology-compare';
import type { Performance } from '../../functions/core/types';
import { COLOUR_METHODOLOGY, DEFAULT_METHODOLOGY, intel, reportCard, school, singleWord } from '../builders';

const URN = '100001';
const evidence = (extra: {
  performance?: Performance[];
  inspections?: ReturnType<typeof singleWord>[];
  intelligence?: ReturnType<typeof intel>[];
}) => ({
  school: school({ urn: URN }),
  inspections: extra.inspections ?? [singleWord(URN, 2)],
  intelligence: extra.intelligence ?? [],
  taskGroupReports: [],
  performance: extra.performance ?? [],
});
const ks2 = (year: string, rwm: number, progress?: number): Performance => ({
  urn: URN,
  source: 'ks2',
  year,
  measures: { readingWritingMathsExpected: rwm, ...(progress === undefined ? {} : { readingProgress: progress }) },
});

describe('the methodology file', () => {
  it('validates the default and the colour scheme', () => {
    expect(DEFAULT_METHODOLOGY.categories.map((c) => c.id)).toEqual(['A', 'B', 'C', 'D']);
    expect(COLOUR_METHODOLOGY.categories.map((c) => c.id)).toEqual(['green', 'yellow', 'amber', 'red']);
  });

  it('says exactly what is wrong with an invalid one', () => {
    const text = readFileSync(new URL('../../methodologies/default.yaml', import.meta.url), 'utf8');
    const unknownCategory = text.replace(
      'category: D\n    reason: Ofsted judged the school inadequate',
      'category: E\n    reason: Ofsted judged the school inadequate',
    );
    expect(() => parseMethodology(unknownCategory, 'proposed.yaml')).toThrow(MethodologyInvalid);
    expect(() => parseMethodology(unknownCategory, 'proposed.yaml')).toThrow(
      "proposed.yaml is not a valid methodology:\n  rules.1.category: 'E' is not one of the categories (A, B, C, D)",
    );
    const notANumber = text.replace('percent: 45', 'percent: forty-five');
    expect(() => parseMethodology(notANumber, 'proposed.yaml')).toThrow(
      'proposed.yaml is not a valid methodology:\n  rules.13.when.percent: Invalid input: expected number, received string',
    );
    expect(() => parseMethodology('id: [unclosed', 'broken.yaml')).toThrow(/broken\.yaml is not valid YAML/);
  });
});

describe("thresholds on the LA's data are values in the file", () => {
  it('places a school well below national at key stage 2 in C, and below the floor in D', () => {
    expect(
      categorise(evidence({ performance: [ks2('2024/25', 44)] }), DEFAULT_METHODOLOGY, '2026-09-03').category,
    ).toBe('C');
    expect(
      categorise(evidence({ performance: [ks2('2024/25', 29)] }), DEFAULT_METHODOLOGY, '2026-09-03').category,
    ).toBe('D');
    expect(
      categorise(evidence({ performance: [ks2('2024/25', 46)] }), DEFAULT_METHODOLOGY, '2026-09-03').category,
    ).toBe('A');
  });

  it('sees a three-year decline, citing each year', () => {
    const result = categorise(
      evidence({ performance: [ks2('2022/23', 70), ks2('2024/25', 58), ks2('2023/24', 64)] }),
      DEFAULT_METHODOLOGY,
      '2026-09-03',
    );
    expect(result.category).toBe('C');
    expect(decidingReasons(result).map((r) => r.evidence)).toEqual([
      'key stage 2 reading, writing and maths at the expected standard: 70% (2022/23), 64% (2023/24), 58% (2024/25), down 12 points in all (at least 5)',
    ]);
  });

  it('falls back from an unpublished Progress 8 to Attainment 8, and says so', () => {
    const ks4: Performance = { urn: URN, source: 'ks4', year: '2024/25', measures: { attainment8: 35.5 } };
    const result = categorise(evidence({ performance: [ks4] }), DEFAULT_METHODOLOGY, '2026-09-03');
    expect(decidingReasons(result)[0]?.evidence).toBe(
      'key stage 4, 2024/25: Progress 8 not published, so attainment is used instead: Attainment 8 35.5, below 38',
    );
  });

  it('flags high persistent absence', () => {
    const attendance: Performance = {
      urn: URN,
      source: 'attendance',
      year: '2024/25',
      measures: { persistentAbsence: 27.2 },
    };
    expect(
      decidingReasons(categorise(evidence({ performance: [attendance] }), DEFAULT_METHODOLOGY, '2026-09-03'))[0]?.rule,
    ).toBe('risk-persistent-absence');
  });
});

describe('a second scheme: support colours', () => {
  const attendance = (year: string, absence: number): Performance => ({
    urn: URN,
    source: 'attendance',
    year,
    measures: { overallAbsence: absence },
  });
  it.each([
    ['good, nothing else', {}, 'green'],
    ['a new headteacher', { intelligence: [intel(URN, 'new headteacher', '2026-04-20', 'open')] }, 'yellow'],
    ['an area needing attention', { inspections: [reportCard(URN, { Achievement: 'needs attention' })] }, 'yellow'],
    [
      'leadership needing attention',
      { inspections: [reportCard(URN, { 'Leadership and governance': 'needs attention' })] },
      'amber',
    ],
    [
      'attendance more than 1 point below the previous year',
      { performance: [attendance('2023/24', 5.2), attendance('2024/25', 6.5)] },
      'amber',
    ],
    ['attendance 0.8 points below', { performance: [attendance('2023/24', 5.2), attendance('2024/25', 6.0)] }, 'green'],
    ['requires improvement', { inspections: [singleWord(URN, 3)] }, 'amber'],
    ['a warning notice', { intelligence: [intel(URN, 'warning notice', '2026-06-12', 'issued')] }, 'red'],
  ] as const)('%s -> %s', (_name, extra, colour) => {
    expect(
      categorise(evidence(extra as Parameters<typeof evidence>[0]), COLOUR_METHODOLOGY, '2026-09-03').category,
    ).toBe(colour);
  });
});

describe('what-if', () => {
  it('lists exactly the schools a changed threshold would move, with both reasons', () => {
    const proposed = parseMethodology(
      readFileSync(new URL('../../methodologies/proposed-ks2-55.yaml', import.meta.url), 'utf8'),
    );
    const intake = {
      schools: [school({ urn: '100001', name: 'Alpha' }), school({ urn: '100002', name: 'Beta' })],
      inspections: [singleWord('100001', 2), singleWord('100002', 2)],
      performance: [
        { urn: '100001', source: 'ks2' as const, year: '2024/25', measures: { readingWritingMathsExpected: 52 } },
        { urn: '100002', source: 'ks2' as const, year: '2024/25', measures: { readingWritingMathsExpected: 60 } },
      ],
      intelligence: [],
      taskGroupReports: [],
    } as unknown as Parameters<typeof compareMethodologies>[0];
    const comparison = compareMethodologies(intake, DEFAULT_METHODOLOGY, proposed, '2026-09-03');
    expect(comparison.current.counts).toEqual({ A: 2, B: 0, C: 0, D: 0 });
    expect(comparison.proposed.counts).toEqual({ A: 1, B: 0, C: 1, D: 0 });
    expect(comparison.differences).toEqual([
      {
        school: { urn: '100001', name: 'Alpha', district: 'Ashdown' },
        current: {
          category: 'A',
          reasons: [
            'Ofsted judged the school good or outstanding (Ofsted graded inspection with a single-word judgement, 14 Mar 2019: overall effectiveness good)',
          ],
        },
        proposed: {
          category: 'C',
          reasons: [
            'Key stage 2 results are well below national (key stage 2, 2024/25: 52% met the expected standard in reading, writing and maths, below 55%)',
          ],
        },
      },
    ]);
  });
});

describe('what-if, in order', () => {
  it('lists the schools a change would move by district, then by name', () => {
    const proposed = parseMethodology(
      readFileSync(new URL('../../methodologies/proposed-ks2-55.yaml', import.meta.url), 'utf8'),
    );
    const schools = [
      school({ urn: '100003', name: 'Alpha', district: 'Riverton' }),
      school({ urn: '100002', name: 'Gamma', district: 'Ashdown' }),
      school({ urn: '100001', name: 'Beta', district: 'Ashdown' }),
    ];
    const intake = {
      schools,
      inspections: schools.map((s) => singleWord(s.urn, 2)),
      performance: schools.map((s) => ({
        urn: s.urn,
        source: 'ks2' as const,
        year: '2024/25',
        measures: { readingWritingMathsExpected: 52 },
      })),
      intelligence: [],
      taskGroupReports: [],
    } as unknown as Parameters<typeof compareMethodologies>[0];
    const { differences } = compareMethodologies(intake, DEFAULT_METHODOLOGY, proposed, '2026-09-03');
    expect(differences.map((d) => [d.school.district, d.school.name])).toEqual([
      ['Ashdown', 'Beta'],
      ['Ashdown', 'Gamma'],
      ['Riverton', 'Alpha'],
    ]);
  });
});

describe('a change of scheme', () => {
  const history = { category: 'C', term: '2026-autumn' };
  const amber = evidence({
    performance: [
      { urn: URN, source: 'attendance', year: '2024/25', measures: { overallAbsence: 6.5 } },
      { urn: URN, source: 'attendance', year: '2023/24', measures: { overallAbsence: 5.2 } },
    ],
  });

  it('reads a category recorded under the old scheme as the new one names it: a renamed category is no change, and writes to nobody', () => {
    const assessment = assessSchool(amber, COLOUR_METHODOLOGY, '2027-spring', '2027-01-05', history);
    expect(assessment).toMatchObject({
      category: 'amber',
      previousCategory: 'amber',
      previousCategoryAsRecorded: 'C',
      changed: false,
    });
  });

  it('still sees a real change through the mapping', () => {
    const assessment = assessSchool(evidence({}), COLOUR_METHODOLOGY, '2027-spring', '2027-01-05', history);
    expect(assessment).toMatchObject({ category: 'green', previousCategory: 'amber', changed: true });
  });

  it('refuses a mapping to a category the scheme does not have', () => {
    const text = readFileSync(
      new URL('../../methodologies/wales-support-colours.yaml', import.meta.url),
      'utf8',
    ).replace('D: red }', 'D: crimson }');
    expect(() => parseMethodology(text, 'colours.yaml')).toThrow(
      "colours.yaml is not a valid methodology:\n  mapsFrom.D: 'crimson' is not one of the categories (green, yellow, amber, red)",
    );
  });

  it('the what-if between two schemes lists only the schools that would really move', () => {
    const intake = {
      schools: [school({ urn: '100001' }), school({ urn: '100002' })],
      inspections: [singleWord('100001', 2), singleWord('100002', 3)],
      performance: [],
      intelligence: [],
      taskGroupReports: [],
    } as unknown as Parameters<typeof compareMethodologies>[0];
    const comparison = compareMethodologies(intake, DEFAULT_METHODOLOGY, COLOUR_METHODOLOGY, '2026-09-03');
    expect(comparison.differences.map((d) => [d.school.urn, d.current.category, d.proposed.category])).toEqual([]);
  });
});

describe('a methodology that does not hold together', () => {
  /** The default methodology's file as data, changed by `change`, read again: the problems it is told. */
  interface MethodologyFile {
    categories: unknown[];
    otherwise: { category: string };
    rules: { id: string }[];
    earlyWarning: { categories: string[] };
    warningNotices: { propose: { categories: string[] } };
  }
  const problems = (change: (m: MethodologyFile) => void) => {
    const m = parseYaml(
      readFileSync(new URL('../../methodologies/default.yaml', import.meta.url), 'utf8'),
    ) as MethodologyFile;
    change(m);
    try {
      parseMethodology(JSON.stringify(m), 'changed.yaml');
      return [];
    } catch (error) {
      expect(error).toBeInstanceOf(MethodologyInvalid);
      expect((error as Error).name).toBe('MethodologyInvalid');
      return (error as Error).message.split('\n  ').slice(1);
    }
  };

  it('names a category listed twice, an unknown otherwise, a rule id used twice, and unknown categories of its policies', () => {
    expect(problems(() => {})).toEqual([]);
    expect(problems((m) => m.categories.push(m.categories[0]))).toEqual(['categories: category ids must be unique']);
    expect(problems((m) => (m.otherwise.category = 'Z'))).toEqual([
      "otherwise.category: 'Z' is not one of the categories (A, B, C, D)",
    ]);
    let repeated = '';
    expect(
      problems((m) => {
        m.rules.push(m.rules[0]!);
        repeated = `rules.${m.rules.length - 1}.id: rule id '${m.rules[0]!.id}' is used twice`;
      }),
    ).toEqual([repeated]);
    expect(problems((m) => (m.earlyWarning.categories = ['A', 'Q']))).toEqual([
      "earlyWarning.categories.1: 'Q' is not one of the categories (A, B, C, D)",
    ]);
    expect(problems((m) => (m.warningNotices.propose.categories = ['X', 'D']))).toEqual([
      "warningNotices.propose.categories.0: 'X' is not one of the categories (A, B, C, D)",
    ]);
  });

  it('reads a category of an earlier scheme as this one names it, and knows the order and the meaning of its own', () => {
    expect(inThisScheme(COLOUR_METHODOLOGY, 'C')).toBe('amber');
    expect(inThisScheme(COLOUR_METHODOLOGY, 'amber')).toBe('amber');
    expect(inThisScheme(COLOUR_METHODOLOGY, 'Q')).toBe('Q');
    expect(inThisScheme(DEFAULT_METHODOLOGY, 'amber')).toBe('amber');
    expect(['A', 'B', 'C', 'D', 'Z'].map((c) => severity(DEFAULT_METHODOLOGY, c))).toEqual([0, 1, 2, 3, -1]);
    expect(categoryDefinition(DEFAULT_METHODOLOGY, 'C').id).toBe('C');
    expect(() => categoryDefinition(DEFAULT_METHODOLOGY, 'Z')).toThrow(
      `category 'Z' is not in methodology ${DEFAULT_METHODOLOGY.id}`,
    );
  });
});
