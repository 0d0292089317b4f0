/**
 * A term's figures as its report counted them, for every later term's trends: its schools in each category, its
 * schools good or better, and each of the ECB's measures, for the authority and for each AAG area (the area's
 * schools as that term's register placed them). They are kept once a term is reported, so a later report reads a
 * few small items for each earlier term instead of reading that term's schools, assessments, inspections and
 * performance figures again: reporting's work grows with its own term's schools, not with every term the store
 * holds. Each measure is kept with its definition, so a measure the ECB adds or redefines is computed afresh.
 */

import type { Methodology } from '../assessment/methodology';
import { groupBy } from '../collections';
import {
  addMeasureSums,
  type Measure,
  type MeasureSums,
  type MeasuresFile,
  type MeasureTerm,
  type MeasureValue,
  measureFromSums,
  measureSums,
  type SchoolsData,
  type TermData,
  termDataByArea,
  type YearlyFigure,
  yearlyFromSums,
} from '../measures/measures';
import type { BrokeredSupport } from '../support/brokering';
import type { SystemLeader } from '../types';
import { type Chart, categoriesOverTerms, goodOrBetterOf, goodOrBetterOverTerms } from './charts';
import { type CapacityRow, capacityRowsOf, supportByLeader } from './report';

/** The scope of the authority's own figures; every other scope is an AAG area, by its name. */
export const AUTHORITY = 'the authority';

export interface ScopeFigures {
  term: string;
  /** AUTHORITY, or an AAG area's name. */
  scope: string;
  /** The first day of the term the figures were counted at (an input measure's figure is the latest by then). */
  termStart: string;
  /** Schools in each category (only the categories the term had). */
  categories: Record<string, number>;
  goodOrBetter: { good: number; inspected: number };
  /**
   * Each measure by its id: its definition as computed, and its value (null where the term's data gave none); a
   * yearly figure's values by academic year too, as the term's files gave them (for the term's own reports).
   */
  measures: Record<string, { definition: string; value: MeasureValue | null; byYear?: YearlyFigure[] }>;
  /**
   * An AAG area's: the system leaders based at its schools this term, with the schools they support across the
   * authority, for the area's report. Counted with the term, never again for an earlier term's trends; the
   * authority's report counts its own from every leader (kept, it could pass DynamoDB's 400 KB an item nationally).
   */
  capacity?: CapacityRow[];
}

const definitionOf = (measure: Measure) => JSON.stringify(measure.definition);

/**
 * What some of the term's schools count towards one scope's figures: schools in each category, schools good or
 * better and inspected, each measure's sums (MeasureSums). The sums of sets with no school in common add up
 * (addScopeSums), so each batch of schools counts its own as its lines are gathered, and the term's figures are
 * added up from the batches' sums without reading the term (figuresFromSums).
 */
export interface ScopeSums {
  /** AUTHORITY, or an AAG area's name. */
  scope: string;
  categories: Record<string, number>;
  goodOrBetter: { good: number; inspected: number };
  measures: Record<string, MeasureSums>;
  /**
   * The authority's only, given the support: how many of these schools each system leader supports, by the leader's id.
   */
  supportByLeader?: Record<string, number>;
}

/** One batch's sums for one scope as kept, until "Count the term's figures" adds up the term's. */
export interface BatchSums extends ScopeSums {
  term: string;
  /** batchSumsKey(scope, batch). */
  part: string;
  /** The run that counted them (its start): the term's figures add up only their own run's batches. */
  run: string;
}

/**
 * A batch's sums' key: the scope, then the first URN of the batch (none for the first batch), apart as area lines' are.
 */
export const batchSumsKey = (scope: string, batch: { from?: string | undefined }) =>
  `${scope}\u001f${batch.from ?? ''}`;

const NO_SCHOOLS: SchoolsData = { schools: [], assessments: [], inspections: [], performance: [] };

function sumsOf(data: SchoolsData, scope: string, measures: MeasuresFile, area?: string): ScopeSums {
  const categories: Record<string, number> = {};
  for (const a of data.assessments) categories[a.category] = (categories[a.category] ?? 0) + 1;
  return {
    scope,
    categories,
    goodOrBetter: goodOrBetterOf(data.inspections),
    measures: Object.fromEntries(measures.measures.map((m) => [m.id, measureSums(m, data, area)])),
  };
}

/**
 * The sums of some of the term's schools (a batch, or all of them) with their own rows, for the authority and for
 * each AAG area they have schools in; given their support, how many of them each system leader supports.
 */
export function sumsOfSchools(
  data: SchoolsData,
  measures: MeasuresFile,
  support?: readonly BrokeredSupport[],
): ScopeSums[] {
  const areas = [...new Set(data.schools.map((s) => s.district))].sort();
  // Stryker disable next-line StringLiteral: a term's name and start that the sums of schools never read
  const byArea = termDataByArea({ term: '', termStart: '', figures: [], ...data }, areas);
  const authority = sumsOf(data, AUTHORITY, measures);
  return [
    support ? { ...authority, supportByLeader: Object.fromEntries(supportByLeader(support)) } : authority,
    ...areas.map((area) => sumsOf(byArea.get(area)!, area, measures, area)),
  ];
}

/** One scope's sums of two sets of schools with none in common: both sets' together. */
export function addScopeSums(a: ScopeSums, b: ScopeSums): ScopeSums {
  const categories = { ...a.categories };
  for (const [category, n] of Object.entries(b.categories)) categories[category] = (categories[category] ?? 0) + n;
  const measures = { ...b.measures };
  for (const [id, sums] of Object.entries(a.measures))
    measures[id] = b.measures[id] ? addMeasureSums(sums, b.measures[id]) : sums;
  const used = a.supportByLeader || b.supportByLeader ? { ...a.supportByLeader } : undefined;
  if (used) for (const [id, n] of Object.entries(b.supportByLeader ?? {})) used[id] = (used[id] ?? 0) + n;
  return {
    scope: a.scope,
    categories,
    goodOrBetter: {
      good: a.goodOrBetter.good + b.goodOrBetter.good,
      inspected: a.goodOrBetter.inspected + b.goodOrBetter.inspected,
    },
    measures,
    ...(used ? { supportByLeader: used } : {}),
  };
}

/**
 * A term's figures from its sums (each scope's from any number of batches, in any order): the authority's and
 * each of the areas given (one with no sums has no schools); with the term's system leaders and their home schools'
 * areas, each area's leaders' capacity, used as the authority's sums count their support.
 */
export function figuresFromSums(
  term: Pick<TermData, 'term' | 'termStart' | 'figures'>,
  sums: readonly ScopeSums[],
  areas: readonly string[],
  measures: MeasuresFile,
  leaders?: { systemLeaders: readonly SystemLeader[]; areaOf: ReadonlyMap<string, string> },
): ScopeFigures[] {
  const added = new Map<string, ScopeSums>();
  for (const s of sums) added.set(s.scope, added.has(s.scope) ? addScopeSums(added.get(s.scope)!, s) : s);
  const ofScope = (scope: string) => added.get(scope) ?? sumsOf(NO_SCHOOLS, scope, measures, scope);
  const used = new Map(Object.entries(ofScope(AUTHORITY).supportByLeader ?? {}));
  const capacity = leaders && groupBy(capacityRowsOf(leaders.systemLeaders, leaders.areaOf, used), (row) => row.area);
  const figuresOf = (scope: string, area?: string): ScopeFigures => {
    const own = ofScope(scope);
    return {
      term: term.term,
      scope,
      termStart: term.termStart,
      categories: own.categories,
      goodOrBetter: own.goodOrBetter,
      measures: Object.fromEntries(
        measures.measures.map((m) => {
          const counted = own.measures[m.id] ?? measureSums(m, NO_SCHOOLS, area);
          const byYear = yearlyFromSums(counted);
          return [
            m.id,
            {
              definition: definitionOf(m),
              value: measureFromSums(m, counted, term, area) ?? null,
              ...(byYear.length > 0 ? { byYear } : {}),
            },
          ];
        }),
      ),
    };
  };
  return [
    figuresOf(AUTHORITY),
    ...areas.map((area) =>
      capacity ? { ...figuresOf(area, area), capacity: capacity.get(area) ?? [] } : figuresOf(area, area),
    ),
  ];
}

/**
 * A term's figures for the authority and for each of the areas given, counted from the term's data in one set (an
 * earlier term counted again); with its system leaders and support, each area's leaders' capacity too.
 */
export function countTermFigures(
  data: TermData,
  areas: readonly string[],
  measures: MeasuresFile,
  leaders?: { systemLeaders: readonly SystemLeader[]; support: readonly BrokeredSupport[] },
): ScopeFigures[] {
  return figuresFromSums(
    data,
    sumsOfSchools(data, measures, leaders?.support),
    areas,
    measures,
    leaders && { systemLeaders: leaders.systemLeaders, areaOf: new Map(data.schools.map((s) => [s.urn, s.district])) },
  );
}

/**
 * Whether a term's kept figures give what a report needs: every scope it shows, each measure as it is defined now,
 * counted at the term's start as the authority's settings give it now. If not, the term is counted again.
 */
export function figuresServe(
  kept: readonly ScopeFigures[],
  need: { termStart: string; areas: readonly string[]; measures: MeasuresFile },
): boolean {
  const scopes = new Map(kept.map((f) => [f.scope, f]));
  return [AUTHORITY, ...need.areas].every((scope) => {
    const figures = scopes.get(scope);
    return (
      figures !== undefined &&
      figures.termStart === need.termStart &&
      need.measures.measures.every((m) => figures.measures[m.id]?.definition === definitionOf(m))
    );
  });
}

/** One scope's figures term by term, in the order given (each term's own list holds that scope's). */
export function scopeOverTerms(terms: readonly (readonly ScopeFigures[])[], scope: string): ScopeFigures[] {
  return terms.map((figures) => {
    const found = figures.find((f) => f.scope === scope);
    if (!found) throw new Error(`the figures of ${figures[0]?.term ?? 'a term'} have none for ${scope}`);
    return found;
  });
}

/** A scope's measures term by term, as measureRows reads them. */
export const measureTerms = (figures: readonly ScopeFigures[]): MeasureTerm[] =>
  figures.map((f) => ({
    term: f.term,
    termStart: f.termStart,
    value: (measure: Measure) => f.measures[measure.id]?.value ?? undefined,
    byYear: (measure: Measure) => f.measures[measure.id]?.byYear,
  }));

/** The chart of a scope's schools in each category, term by term (an area's when it is given). */
export const categoriesTrend = (methodology: Methodology, figures: readonly ScopeFigures[], area?: string): Chart =>
  categoriesOverTerms(
    methodology,
    figures.map((f) => ({ term: f.term, categories: f.categories })),
    area,
  );

/** The chart of a scope's schools good or better at their latest inspection, term by term. */
export const goodOrBetterTrend = (figures: readonly ScopeFigures[]): Chart =>
  goodOrBetterOverTerms(figures.map((f) => ({ term: f.term, ...f.goodOrBetter })));
