/**
 * A term's figures as its report counted them, for every later term's trends: its schools in each category, its
 * schools good or better, and each of the ECB's measures, for the authority and for each AAG area (the area's
 * schools as that term's register placed them). They are kept once a term is reported, so a later report reads a
 * few small items for each earlier term instead of reading that term's schools, assessments, inspections and
 * performance figures again: reporting's work grows with its own term's schools, not with every term the store
 * holds. Each measure is kept with its definition, so a measure the ECB adds or redefines is computed afresh.
 */
import { computeMeasure, measureByYear, termDataByArea, type Measure, type MeasuresFile, type MeasureTerm, type MeasureValue, type TermData, type YearlyFigure } from '../measures/measures';
import { categoriesOverTerms, goodOrBetterOf, goodOrBetterOverTerms, type Chart } from './charts';
import type { Methodology } from '../assessment/methodology';
import { capacityRows, type CapacityRow } from './report';
import { groupBy } from '../collections';
import type { SystemLeader } from '../types';
import type { BrokeredSupport } from '../support/brokering';

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

function figuresOf(data: TermData, scope: string, measures: MeasuresFile, area?: string): ScopeFigures {
  const categories: Record<string, number> = {};
  for (const a of data.assessments) categories[a.category] = (categories[a.category] ?? 0) + 1;
  return {
    term: data.term,
    scope,
    termStart: data.termStart,
    categories,
    goodOrBetter: goodOrBetterOf(data.inspections),
    measures: Object.fromEntries(
      measures.measures.map((m) => {
        const byYear = measureByYear(m, data, area);
        return [m.id, { definition: definitionOf(m), value: computeMeasure(m, data, area) ?? null, ...(byYear.length > 0 ? { byYear } : {}) }];
      }),
    ),
  };
}

/**
 * A term's figures for the authority and for each of the areas given, counted from the term's data; with its
 * system leaders and support, each area's leaders' capacity too.
 */
export function countTermFigures(data: TermData, areas: readonly string[], measures: MeasuresFile, leaders?: { systemLeaders: readonly SystemLeader[]; support: readonly BrokeredSupport[] }): ScopeFigures[] {
  const byArea = termDataByArea(data, areas);
  const capacity = leaders && groupBy(capacityRows(leaders.systemLeaders, data.schools, leaders.support), (row) => row.area);
  return [
    figuresOf(data, AUTHORITY, measures),
    ...areas.map((area) => {
      const figures = figuresOf(byArea.get(area)!, area, measures, area);
      return capacity ? { ...figures, capacity: capacity.get(area) ?? [] } : figures;
    }),
  ];
}

/**
 * Whether a term's kept figures give what a report needs: every scope it shows, each measure as it is defined now,
 * counted at the term's start as the authority's settings give it now. If not, the term is counted again.
 */
export function figuresServe(kept: readonly ScopeFigures[], need: { termStart: string; areas: readonly string[]; measures: MeasuresFile }): boolean {
  const scopes = new Map(kept.map((f) => [f.scope, f]));
  return [AUTHORITY, ...need.areas].every((scope) => {
    const figures = scopes.get(scope);
    return figures !== undefined && figures.termStart === need.termStart && need.measures.measures.every((m) => figures.measures[m.id]?.definition === definitionOf(m));
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
  figures.map((f) => ({ term: f.term, termStart: f.termStart, value: (measure: Measure) => f.measures[measure.id]?.value ?? undefined, byYear: (measure: Measure) => f.measures[measure.id]?.byYear }));

/** The chart of a scope's schools in each category, term by term (an area's when it is given). */
export const categoriesTrend = (methodology: Methodology, figures: readonly ScopeFigures[], area?: string): Chart =>
  categoriesOverTerms(methodology, figures.map((f) => ({ term: f.term, categories: f.categories })), area);

/** The chart of a scope's schools good or better at their latest inspection, term by term. */
export const goodOrBetterTrend = (figures: readonly ScopeFigures[]): Chart => goodOrBetterOverTerms(figures.map((f) => ({ term: f.term, ...f.goodOrBetter })));
