/**
 * The strategy's measures of success, as the ECB keeps them: a versioned file beside the methodology (seeds 000 and
 * 001: each measure with a baseline, a latest value, an expected direction and a target). Each is computed every
 * term from the data the cycle holds (or read from the input sheet for figures from elsewhere, such as EHC plans
 * issued within 20 weeks), for the authority and each AAG area, and judged against its baseline and target: on
 * track, improving too slowly to meet the target in time, or off track. Pure: the file and the terms' data in, the
 * figures and their status out.
 */

import { z } from 'zod';
import { standings } from '../assessment/good-or-better';
import { PHASES } from '../assessment/methodology';
import { parsePolicyFile } from '../policy-file';
import type { Assessment, Inspection, MeasureFigure, Performance, School } from '../types';

export type { MeasureFigure } from '../types';

const PERFORMANCE = {
  ks2: ['readingWritingMathsExpected', 'readingWritingMathsExpectedDisadvantaged'],
  ks4: ['attainment8', 'attainment8Disadvantaged', 'englishMaths94', 'progress8'],
  attendance: ['overallAbsence', 'persistentAbsence', 'severeAbsence'],
} as const;
const performanceMeasure = z.enum([...PERFORMANCE.ks2, ...PERFORMANCE.ks4, ...PERFORMANCE.attendance]);

/** How a measure is computed: each kind from the data the cycle holds, or `input` from the measure-figures sheet. */
export const measureDefinitionSchema = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('share-good-or-better'), phases: z.array(z.enum(PHASES)).min(1).optional() })
    .describe(
      'the share of inspected schools (of `phases`, if given) whose latest Ofsted inspection is good or better, or at the expected standard or above (%)',
    ),
  z
    .object({
      kind: z.literal('schools-in-categories'),
      categories: z.array(z.string()).min(1),
      share: z.boolean().default(false),
    })
    .describe(
      'the schools whose agreed category is one of `categories`: a count, or with `share` a percentage of all schools',
    ),
  z
    .object({ kind: z.literal('performance-mean'), measure: performanceMeasure })
    .describe(
      "the mean across schools of a performance figure, the latest academic year each school's file gives (unweighted: the files carry no cohort sizes)",
    ),
  z
    .object({ kind: z.literal('performance-gap'), all: performanceMeasure, group: performanceMeasure })
    .describe(
      'the mean across schools of the gap between all pupils and a group (disadvantaged pupils): `all` minus `group`, in the same units',
    ),
  z
    .object({ kind: z.literal('input') })
    .describe(
      "a figure from elsewhere (EHC plans within 20 weeks, exclusions): the measure-figures sheet's latest value",
    ),
]);
export type MeasureDefinition = z.infer<typeof measureDefinitionSchema>;

const dated = z.object({ value: z.number(), date: z.iso.date() });

export const measureSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { message: 'lower-case letters, digits and hyphens' }),
  name: z.string().min(1),
  definition: measureDefinitionSchema,
  unit: z.enum(['percent', 'count', 'points', 'score']),
  /** Which way is better. */
  direction: z.enum(['up', 'down']),
  baseline: dated,
  target: dated,
  owner: z.string().min(1),
  /** Comparators the ECB records (the national average, statistical neighbours), where its data gives them. */
  comparators: z
    .object({
      national: z.number().optional(),
      statisticalNeighbours: z.number().optional(),
      year: z.union([z.string(), z.number()]).transform(String).optional(),
    })
    .optional(),
});
export type Measure = z.infer<typeof measureSchema>;

export const measuresFileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    title: z.string().min(1),
    effectiveFrom: z.iso.date(),
    owner: z.string().default('Education Challenge Board'),
    measures: z.array(measureSchema).min(1),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.measures.forEach((m, i) => {
      if (seen.has(m.id))
        ctx.addIssue({ code: 'custom', path: ['measures', i, 'id'], message: `measure id '${m.id}' is used twice` });
      seen.add(m.id);
      if (m.target.date <= m.baseline.date)
        ctx.addIssue({
          code: 'custom',
          path: ['measures', i, 'target', 'date'],
          message: 'the target date must be after the baseline date',
        });
      if (
        m.definition.kind === 'performance-gap' &&
        PERFORMANCE_SOURCE[m.definition.all] !== PERFORMANCE_SOURCE[m.definition.group]
      )
        ctx.addIssue({
          code: 'custom',
          path: ['measures', i, 'definition'],
          message: 'a gap compares two figures of the same source (key stage 2, key stage 4 or attendance)',
        });
    });
  });
export type MeasuresFile = z.infer<typeof measuresFileSchema>;

const PERFORMANCE_SOURCE: Record<string, Performance['source']> = Object.fromEntries(
  (Object.entries(PERFORMANCE) as [Performance['source'], readonly string[]][]).flatMap(([source, names]) =>
    names.map((n) => [n, source]),
  ),
);

export class MeasuresInvalid extends Error {
  override readonly name = 'MeasuresInvalid';
}

export function parseMeasuresFile(text: string, source = 'measures'): MeasuresFile {
  return parsePolicyFile(text, measuresFileSchema, source, 'measures file', (message) => new MeasuresInvalid(message));
}

/** What the cycle holds for one term. */
export interface TermData {
  term: string;
  /** The first day of the term (ISO): where the term sits on the way from baseline to target. */
  termStart: string;
  schools: readonly School[];
  assessments: readonly Assessment[];
  inspections: readonly Inspection[];
  performance: readonly Performance[];
  figures: readonly MeasureFigure[];
}

export interface MeasureValue {
  value: number;
  /** How many schools it counts (none for an input figure). */
  schools?: number;
  /** The academic year of the performance figures, or the date of an input figure. */
  asOf?: string;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

type YearlyDefinition = Extract<Measure['definition'], { kind: 'performance-mean' | 'performance-gap' }>;

/** The figures a yearly measure needs of each row: the one it averages, or the two whose gap it averages. */
const figuresOf = (d: YearlyDefinition): string[] => (d.kind === 'performance-mean' ? [d.measure] : [d.all, d.group]);

/** A row's value for a yearly measure: its figure, or the gap between its two. */
const rowValue = (d: YearlyDefinition, measures: Record<string, number>): number =>
  d.kind === 'performance-mean' ? measures[d.measure]! : measures[d.all]! - measures[d.group]!;

/** The rows a yearly measure counts: from its figures' source, for the schools given, with every figure it needs. */
function countedRows(
  performance: readonly Performance[],
  urns: ReadonlySet<string>,
  d: YearlyDefinition,
): Performance[] {
  const names = figuresOf(d);
  const source = PERFORMANCE_SOURCE[names[0]!]!;
  return performance.filter(
    (p) => p.source === source && urns.has(p.urn) && names.every((n) => p.measures[n] !== undefined),
  );
}

/** Each school's latest year of a yearly measure's figures. */
function latestFigures(
  performance: readonly Performance[],
  urns: ReadonlySet<string>,
  d: YearlyDefinition,
): { values: Map<string, Record<string, number>>; year?: string } {
  const best = new Map<string, Performance>();
  for (const p of countedRows(performance, urns, d))
    if (!best.has(p.urn) || best.get(p.urn)!.year < p.year) best.set(p.urn, p);
  const years = [...best.values()].map((p) => p.year).sort();
  return {
    values: new Map([...best].map(([urn, p]) => [urn, p.measures])),
    ...(years.length > 0 ? { year: years.at(-1)! } : {}),
  };
}

/**
 * What a measure counts over a set of schools, so that the counts of sets with no school in common (batches of
 * schools, each holding all its schools' rows) add up to the whole set's (addMeasureSums), and its value is computed
 * from them (measureFromSums): the count of good or better and of inspected schools; of schools in the categories and
 * of assessed schools; the total and number of the schools' latest yearly figures, the latest year, and the same for
 * each academic year. (Sums of decimals added in another order may differ in the last binary place; each value is
 * rounded to one decimal place after the division.) An input figure counts no schools: it is read from the sheet.
 */
export type MeasureSums =
  | { kind: 'good-or-better'; good: number; banded: number }
  | { kind: 'in-categories'; counted: number; assessed: number }
  | {
      kind: 'yearly';
      total: number;
      schools: number;
      year?: string;
      byYear: Record<string, { total: number; schools: number }>;
    }
  | { kind: 'input' };

/**
 * The rows a measure is counted over: some schools' (the authority's, an AAG area's or a batch's) with their own rows.
 */
export type SchoolsData = Pick<TermData, 'schools' | 'assessments' | 'inspections' | 'performance'>;

/** One measure's sums over the given schools (of an AAG area only, where one is given). */
export function measureSums(measure: Measure, data: SchoolsData, area?: string): MeasureSums {
  const schools = area ? data.schools.filter((s) => s.district === area) : data.schools;
  const urns = new Set(schools.map((s) => s.urn));
  const d = measure.definition;
  switch (d.kind) {
    case 'share-good-or-better': {
      const inPhase = d.phases ? new Set(schools.filter((s) => d.phases!.includes(s.phase)).map((s) => s.urn)) : urns;
      // The one definition of good or better (good-or-better.ts): each school's latest graded inspection or report
      // card.
      const bands = [...standings(data.inspections.filter((i) => inPhase.has(i.urn))).values()].map((s) => s.band);
      return { kind: 'good-or-better', good: bands.filter((b) => b === 'good or better').length, banded: bands.length };
    }
    case 'schools-in-categories': {
      const assessed = data.assessments.filter((a) => urns.has(a.urn));
      return {
        kind: 'in-categories',
        counted: assessed.filter((a) => d.categories.includes(a.category)).length,
        assessed: assessed.length,
      };
    }
    case 'performance-mean':
    case 'performance-gap': {
      const { values, year } = latestFigures(data.performance, urns, d);
      const byYear: Record<string, { total: number; schools: number }> = {};
      for (const p of countedRows(data.performance, urns, d)) {
        const sum = byYear[p.year] ?? { total: 0, schools: 0 };
        byYear[p.year] = sum;
        sum.total += rowValue(d, p.measures);
        sum.schools += 1;
      }
      return {
        kind: 'yearly',
        total: [...values.values()].reduce((sum, v) => sum + rowValue(d, v), 0),
        schools: values.size,
        ...(year ? { year } : {}),
        byYear,
      };
    }
    case 'input':
      return { kind: 'input' };
  }
}

/** Two sets of schools' sums of one measure added up: the sums of both sets together. */
export function addMeasureSums(a: MeasureSums, b: MeasureSums): MeasureSums {
  if (a.kind === 'good-or-better' && b.kind === 'good-or-better')
    return { kind: a.kind, good: a.good + b.good, banded: a.banded + b.banded };
  if (a.kind === 'in-categories' && b.kind === 'in-categories')
    return { kind: a.kind, counted: a.counted + b.counted, assessed: a.assessed + b.assessed };
  if (a.kind === 'yearly' && b.kind === 'yearly') {
    const byYear = { ...a.byYear };
    for (const [year, sum] of Object.entries(b.byYear))
      byYear[year] = {
        total: (byYear[year]?.total ?? 0) + sum.total,
        schools: (byYear[year]?.schools ?? 0) + sum.schools,
      };
    const year = [a.year, b.year]
      .filter((y): y is string => y !== undefined)
      .sort()
      .at(-1);
    return {
      kind: a.kind,
      total: a.total + b.total,
      schools: a.schools + b.schools,
      ...(year ? { year } : {}),
      byYear,
    };
  }
  if (a.kind === 'input' && b.kind === 'input') return a;
  throw new Error(`a measure's sums of two kinds cannot be added: ${a.kind} and ${b.kind}`);
}

/**
 * A measure's value from its sums (an input figure's from the term's measure figures, the area's or the authority's);
 * undefined where they give none.
 */
export function measureFromSums(
  measure: Measure,
  sums: MeasureSums,
  term: Pick<TermData, 'termStart' | 'figures'>,
  area?: string,
): MeasureValue | undefined {
  const d = measure.definition;
  switch (sums.kind) {
    case 'good-or-better':
      return sums.banded === 0 ? undefined : { value: round1((100 * sums.good) / sums.banded), schools: sums.banded };
    case 'in-categories':
      return sums.assessed === 0
        ? undefined
        : {
            value:
              d.kind === 'schools-in-categories' && d.share
                ? round1((100 * sums.counted) / sums.assessed)
                : sums.counted,
            schools: sums.assessed,
          };
    case 'yearly':
      return sums.schools === 0
        ? undefined
        : {
            value: round1(sums.total / sums.schools),
            schools: sums.schools,
            ...(sums.year ? { asOf: sums.year } : {}),
          };
    case 'input': {
      const figure = term.figures
        .filter((f) => f.measure === measure.id && f.area === area && f.date <= term.termStart)
        .sort((a, b) => a.date.localeCompare(b.date))
        .at(-1);
      return figure ? { value: figure.value, asOf: figure.date } : undefined;
    }
  }
}

/** A yearly figure's value in each academic year its sums give, oldest first (none for other kinds). */
export const yearlyFromSums = (sums: MeasureSums): YearlyFigure[] =>
  sums.kind !== 'yearly'
    ? []
    : Object.entries(sums.byYear)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([year, { total, schools }]) => ({ year, value: round1(total / schools), schools }));

/**
 * One measure for one term, over the given schools (the authority's, or an AAG area's); undefined where the data gives
 * none.
 */
export const computeMeasure = (measure: Measure, data: TermData, area?: string): MeasureValue | undefined =>
  measureFromSums(measure, measureSums(measure, data, area), data, area);

/**
 * A yearly figure (results, attendance) in each academic year the term's files give, oldest first: its trend over
 * the years, where the terms alone show one year's figures again and again. Empty for other kinds.
 */
export const measureByYear = (measure: Measure, data: TermData, area?: string): YearlyFigure[] =>
  yearlyFromSums(measureSums(measure, data, area));

export type MeasureStatus =
  | 'target met'
  | 'on track'
  | 'improving too slowly'
  | 'off track'
  | 'awaiting new figures'
  | 'no data';

const days = (from: string, to: string) =>
  (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;

/**
 * Where the straight line from a measure's baseline to its target stands on `at`, to one decimal place: the baseline
 * before its date, the target after its date.
 */
export function expectedAt(measure: Measure, at: string): number {
  const share = Math.min(
    1,
    Math.max(0, days(measure.baseline.date, at) / days(measure.baseline.date, measure.target.date)),
  );
  return round1(measure.baseline.value + (measure.target.value - measure.baseline.value) * share);
}

/**
 * Where a measure stands: the target met; on track (at or better than the straight line from the baseline to the
 * target, at the term's date); improving too slowly (better than the term before, or than the baseline, but behind
 * that line); or off track (no better).
 */
export function measureStatus(
  measure: Measure,
  latest: number | undefined,
  at: string,
  previous?: number,
): MeasureStatus {
  if (latest === undefined) return 'no data';
  const better = (a: number, b: number) => (measure.direction === 'up' ? a > b : a < b);
  const atLeast = (a: number, b: number) => a === b || better(a, b);
  if (atLeast(latest, measure.target.value)) return 'target met';
  if (atLeast(latest, expectedAt(measure, at))) return 'on track';
  if (better(latest, previous ?? measure.baseline.value)) return 'improving too slowly';
  return 'off track';
}

export interface MeasureRow {
  measure: Measure;
  /** The area, or none for the authority. */
  area?: string;
  /** Term by term, oldest first; a term whose data gives none is left out. */
  history: { term: string; value: MeasureValue }[];
  latest?: MeasureValue;
  status: MeasureStatus;
  /** Where the straight line from baseline to target stands at the latest term. */
  expected?: number;
  /** A yearly figure in each academic year the latest term's files give (see measureByYear). */
  byYear: { year: string; value: number; schools: number }[];
}

/**
 * A term's data split by AAG area, each area's own schools with their assessments, inspections and figures (its
 * schools as that term's register placed them), so that the measures of every area are computed in one pass over
 * the term rather than one pass for each area. `areas` lists the areas wanted, each given data even if empty.
 */
export function termDataByArea(data: TermData, areas: readonly string[]): Map<string, TermData> {
  const areaOf = new Map(data.schools.map((s) => [s.urn, s.district]));
  const split = new Map<
    string,
    {
      schools: School[];
      assessments: Assessment[];
      inspections: Inspection[];
      performance: Performance[];
      figures: MeasureFigure[];
    }
  >(areas.map((area) => [area, { schools: [], assessments: [], inspections: [], performance: [], figures: [] }]));
  const into = (area: string | undefined) => (area === undefined ? undefined : split.get(area));
  for (const s of data.schools) into(s.district)?.schools.push(s);
  for (const a of data.assessments) into(areaOf.get(a.urn))?.assessments.push(a);
  for (const i of data.inspections) into(areaOf.get(i.urn))?.inspections.push(i);
  for (const p of data.performance) into(areaOf.get(p.urn))?.performance.push(p);
  for (const f of data.figures) into(f.area)?.figures.push(f);
  return new Map([...split].map(([area, own]) => [area, { term: data.term, termStart: data.termStart, ...own }]));
}

/** Every measure for the authority (and, given an area, for the area), over every term the store holds. */
export function measuresOverTerms(file: MeasuresFile, terms: readonly TermData[], area?: string): MeasureRow[] {
  return measureRows(
    file,
    terms.map((t) => ({
      term: t.term,
      termStart: t.termStart,
      value: (measure: Measure) => computeMeasure(measure, t, area),
      byYear: (measure: Measure) => measureByYear(measure, t, area),
    })),
    area,
  );
}

/**
 * A term's value of each measure: computed from its data, or as kept with the term's figures
 * (reporting/term-figures.ts).
 */
export interface MeasureTerm {
  term: string;
  termStart: string;
  value(measure: Measure): MeasureValue | undefined;
  /** A yearly figure's values by academic year, as the term's files gave them, where they were kept with its value. */
  byYear?(measure: Measure): YearlyFigure[] | undefined;
}

/** A yearly figure (results, attendance) in one academic year: its value and how many schools it counts. */
export interface YearlyFigure {
  year: string;
  value: number;
  schools: number;
}

/**
 * Every measure over the terms given, oldest first, each term's value as it gives it; the yearly figures (byYear)
 * as the latest term gives them (counted from its data, or as its figures kept them).
 */
export function measureRows(file: MeasuresFile, terms: readonly MeasureTerm[], area?: string): MeasureRow[] {
  return file.measures.map((measure): MeasureRow => {
    const history = terms.flatMap((t) => {
      const value = t.value(measure);
      return value ? [{ term: t.term, value }] : [];
    });
    const last = terms.at(-1);
    const latest = history.at(-1)?.term === last?.term ? history.at(-1)!.value : undefined;
    const previous = latest ? history.at(-2)?.value.value : undefined;
    const at = last?.termStart ?? measure.baseline.date;
    // Yearly figures (results, attendance) come out once a year: while the latest are those the baseline was set
    // on, the measure cannot have moved, and is not judged.
    const atBaseline = history.find((h) => terms.find((t) => t.term === h.term)!.termStart >= measure.baseline.date)
      ?.value.asOf;
    const awaiting = latest?.asOf !== undefined && latest.asOf === atBaseline && /^\d{4}\/\d{2}$/.test(latest.asOf);
    const status = measureStatus(measure, latest?.value, at, previous);
    return {
      measure,
      ...(area ? { area } : {}),
      history,
      ...(latest ? { latest } : {}),
      status: awaiting && status !== 'target met' ? 'awaiting new figures' : status,
      expected: expectedAt(measure, at),
      byYear: last?.byYear?.(measure) ?? [],
    };
  });
}
