/**
 * The strategy's measures of success, as the ECB keeps them: a versioned file beside the methodology (seeds 000 and
 * 001: each measure with a baseline, a latest value, an expected direction and a target). Each is computed every
 * term from the data the cycle holds (or read from the input sheet for figures from elsewhere, such as EHC plans
 * issued within 20 weeks), for the authority and each AAG area, and judged against its baseline and target: on
 * track, improving too slowly to meet the target in time, or off track. Pure: the file and the terms' data in, the
 * figures and their status out.
 */
import { parsePolicyFile } from '../policy-file';
import { z } from 'zod';
import { latestInspections, ofstedBand } from '../reporting/charts';
import { PHASES } from '../assessment/methodology';
import type { Assessment, Inspection, MeasureFigure, Performance, Phase, School } from '../types';

export type { MeasureFigure } from '../types';

const PERFORMANCE = { ks2: ['readingWritingMathsExpected', 'readingWritingMathsExpectedDisadvantaged'], ks4: ['attainment8', 'attainment8Disadvantaged', 'englishMaths94', 'progress8'], attendance: ['overallAbsence', 'persistentAbsence', 'severeAbsence'] } as const;
const performanceMeasure = z.enum([...PERFORMANCE.ks2, ...PERFORMANCE.ks4, ...PERFORMANCE.attendance]);

/** How a measure is computed: each kind from the data the cycle holds, or `input` from the measure-figures sheet. */
export const measureDefinitionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('share-good-or-better'), phases: z.array(z.enum(PHASES)).min(1).optional() }).describe("the share of inspected schools (of `phases`, if given) whose latest Ofsted inspection is good or better, or at the expected standard or above (%)"),
  z.object({ kind: z.literal('schools-in-categories'), categories: z.array(z.string()).min(1), share: z.boolean().default(false) }).describe('the schools whose agreed category is one of `categories`: a count, or with `share` a percentage of all schools'),
  z.object({ kind: z.literal('performance-mean'), measure: performanceMeasure }).describe("the mean across schools of a performance figure, the latest academic year each school's file gives (unweighted: the files carry no cohort sizes)"),
  z.object({ kind: z.literal('performance-gap'), all: performanceMeasure, group: performanceMeasure }).describe('the mean across schools of the gap between all pupils and a group (disadvantaged pupils): `all` minus `group`, in the same units'),
  z.object({ kind: z.literal('input') }).describe("a figure from elsewhere (EHC plans within 20 weeks, exclusions): the measure-figures sheet's latest value"),
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
  comparators: z.object({ national: z.number().optional(), statisticalNeighbours: z.number().optional(), year: z.union([z.string(), z.number()]).transform(String).optional() }).optional(),
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
      if (seen.has(m.id)) ctx.addIssue({ code: 'custom', path: ['measures', i, 'id'], message: `measure id '${m.id}' is used twice` });
      seen.add(m.id);
      if (m.target.date <= m.baseline.date) ctx.addIssue({ code: 'custom', path: ['measures', i, 'target', 'date'], message: 'the target date must be after the baseline date' });
      if (m.definition.kind === 'performance-gap' && PERFORMANCE_SOURCE[m.definition.all] !== PERFORMANCE_SOURCE[m.definition.group]) ctx.addIssue({ code: 'custom', path: ['measures', i, 'definition'], message: 'a gap compares two figures of the same source (key stage 2, key stage 4 or attendance)' });
    });
  });
export type MeasuresFile = z.infer<typeof measuresFileSchema>;

const PERFORMANCE_SOURCE: Record<string, Performance['source']> = Object.fromEntries(
  (Object.entries(PERFORMANCE) as [Performance['source'], readonly string[]][]).flatMap(([source, names]) => names.map((n) => [n, source])),
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
const mean = (values: readonly number[]) => (values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0) / values.length);

type YearlyDefinition = Extract<Measure['definition'], { kind: 'performance-mean' | 'performance-gap' }>;

/** The figures a yearly measure needs of each row: the one it averages, or the two whose gap it averages. */
const figuresOf = (d: YearlyDefinition): string[] => (d.kind === 'performance-mean' ? [d.measure] : [d.all, d.group]);

/** A row's value for a yearly measure: its figure, or the gap between its two. */
const valueOf = (d: YearlyDefinition, measures: Record<string, number>): number => (d.kind === 'performance-mean' ? measures[d.measure]! : measures[d.all]! - measures[d.group]!);

/** The rows a yearly measure counts: from its figures' source, for the schools given, with every figure it needs. */
function countedRows(performance: readonly Performance[], urns: ReadonlySet<string>, d: YearlyDefinition): Performance[] {
  const names = figuresOf(d);
  const source = PERFORMANCE_SOURCE[names[0]!]!;
  return performance.filter((p) => p.source === source && urns.has(p.urn) && names.every((n) => p.measures[n] !== undefined));
}

/** Each school's latest year of a yearly measure's figures. */
function latestFigures(performance: readonly Performance[], urns: ReadonlySet<string>, d: YearlyDefinition): { values: Map<string, Record<string, number>>; year?: string } {
  const best = new Map<string, Performance>();
  for (const p of countedRows(performance, urns, d)) if (!best.has(p.urn) || best.get(p.urn)!.year < p.year) best.set(p.urn, p);
  const years = [...best.values()].map((p) => p.year).sort();
  return { values: new Map([...best].map(([urn, p]) => [urn, p.measures])), ...(years.length > 0 ? { year: years.at(-1)! } : {}) };
}

/** One measure for one term, over the given schools (the authority's, or an AAG area's); undefined where the data gives none. */
export function computeMeasure(measure: Measure, data: TermData, area?: string): MeasureValue | undefined {
  const schools = area ? data.schools.filter((s) => s.district === area) : data.schools;
  const urns = new Set(schools.map((s) => s.urn));
  const d = measure.definition;
  switch (d.kind) {
    case 'share-good-or-better': {
      const inPhase = d.phases ? new Set(schools.filter((s) => d.phases!.includes(s.phase)).map((s) => s.urn)) : urns;
      // Each school's latest inspection; one that gave no grade (an ungraded inspection that did not confirm the
      // grade) leaves the school as its latest graded inspection found it.
      const ofPhase = data.inspections.filter((i) => inPhase.has(i.urn));
      const graded = new Map(latestInspections(ofPhase.filter((i) => ofstedBand(i) !== 'ungraded: no grade given')).map((i) => [i.urn, i]));
      const bands = latestInspections(ofPhase).flatMap((i) => {
        const band = ofstedBand(i);
        if (band !== 'ungraded: no grade given') return [band];
        const earlier = graded.get(i.urn);
        return earlier ? [ofstedBand(earlier)] : [];
      });
      if (bands.length === 0) return undefined;
      return { value: round1((100 * bands.filter((b) => b === 'good or better').length) / bands.length), schools: bands.length };
    }
    case 'schools-in-categories': {
      const assessed = data.assessments.filter((a) => urns.has(a.urn));
      if (assessed.length === 0) return undefined;
      const n = assessed.filter((a) => d.categories.includes(a.category)).length;
      return { value: d.share ? round1((100 * n) / assessed.length) : n, schools: assessed.length };
    }
    case 'performance-mean':
    case 'performance-gap': {
      const { values, year } = latestFigures(data.performance, urns, d);
      const m = mean([...values.values()].map((v) => valueOf(d, v)));
      return m === undefined ? undefined : { value: round1(m), schools: values.size, ...(year ? { asOf: year } : {}) };
    }
    case 'input': {
      const figure = data.figures.filter((f) => f.measure === measure.id && f.area === area && f.date <= data.termStart).sort((a, b) => a.date.localeCompare(b.date)).at(-1);
      return figure ? { value: figure.value, asOf: figure.date } : undefined;
    }
  }
}

/**
 * A yearly figure (results, attendance) in each academic year the term's files give, oldest first: its trend over
 * the years, where the terms alone show one year's figures again and again. Empty for other kinds.
 */
export function measureByYear(measure: Measure, data: TermData, area?: string): YearlyFigure[] {
  const d = measure.definition;
  if (d.kind !== 'performance-mean' && d.kind !== 'performance-gap') return [];
  const urns = new Set((area ? data.schools.filter((s) => s.district === area) : data.schools).map((s) => s.urn));
  const byYear = new Map<string, number[]>();
  for (const p of countedRows(data.performance, urns, d)) {
    const value = valueOf(d, p.measures);
    const values = byYear.get(p.year);
    if (values) values.push(value);
    else byYear.set(p.year, [value]);
  }
  return [...byYear].sort(([a], [b]) => a.localeCompare(b)).map(([year, values]) => ({ year, value: round1(mean(values)!), schools: values.length }));
}

export type MeasureStatus = 'target met' | 'on track' | 'improving too slowly' | 'off track' | 'awaiting new figures' | 'no data';

const days = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;

/**
 * Where a measure stands: the target met; on track (at or better than the straight line from the baseline to the
 * target, at the term's date); improving too slowly (better than the term before, or than the baseline, but behind
 * that line); or off track (no better).
 */
export function measureStatus(measure: Measure, latest: number | undefined, at: string, previous?: number): MeasureStatus {
  if (latest === undefined) return 'no data';
  const better = (a: number, b: number) => (measure.direction === 'up' ? a > b : a < b);
  const atLeast = (a: number, b: number) => a === b || better(a, b);
  if (atLeast(latest, measure.target.value)) return 'target met';
  const share = Math.min(1, Math.max(0, days(measure.baseline.date, at) / days(measure.baseline.date, measure.target.date)));
  const expected = measure.baseline.value + (measure.target.value - measure.baseline.value) * share;
  if (atLeast(latest, round1(expected))) return 'on track';
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
  const split = new Map<string, { schools: School[]; assessments: Assessment[]; inspections: Inspection[]; performance: Performance[]; figures: MeasureFigure[] }>(
    areas.map((area) => [area, { schools: [], assessments: [], inspections: [], performance: [], figures: [] }]),
  );
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
  return measureRows(file, terms.map((t) => ({ term: t.term, termStart: t.termStart, value: (measure: Measure) => computeMeasure(measure, t, area) })), terms.at(-1), area);
}

/** A term's value of each measure: computed from its data, or as kept with the term's figures (reporting/term-figures.ts). */
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
 * from the latest term's own data, or without it as the latest term kept them.
 */
export function measureRows(file: MeasuresFile, terms: readonly MeasureTerm[], latestData: TermData | undefined, area?: string): MeasureRow[] {
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
    const atBaseline = history.find((h) => terms.find((t) => t.term === h.term)!.termStart >= measure.baseline.date)?.value.asOf;
    const awaiting = latest?.asOf !== undefined && latest.asOf === atBaseline && /^\d{4}\/\d{2}$/.test(latest.asOf);
    const status = measureStatus(measure, latest?.value, at, previous);
    const share = Math.min(1, Math.max(0, days(measure.baseline.date, at) / days(measure.baseline.date, measure.target.date)));
    return {
      measure,
      ...(area ? { area } : {}),
      history,
      ...(latest ? { latest } : {}),
      status: awaiting && status !== 'target met' ? 'awaiting new figures' : status,
      expected: round1(measure.baseline.value + (measure.target.value - measure.baseline.value) * share),
      byYear: latestData ? measureByYear(measure, latestData, area) : (last?.byYear?.(measure) ?? []),
    };
  });
}
