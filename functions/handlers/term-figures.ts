/**
 * Counting the term's figures, before any report is written: its schools in each category, those good or better
 * and each of the ECB's measures, for the authority and each AAG area (and each area's system leaders' capacity),
 * kept in the term-figures table (functions/core/reporting/term-figures.ts). They are added up from the sums each
 * batch of schools counted as its lines were gathered (this run's), with the term's figures for measures from
 * elsewhere and its system leaders: none of the term's schools, assessments, inspections or performance is read.
 * Every earlier term's kept figures are checked for what this term's reports show (each area, each measure as
 * defined now); a term whose figures do not serve (the ECB redefined a measure) is read whole and counted again.
 */

import { authoritySchema, readConfig } from '../adapters/config';
import {
  districtsOf,
  loadAssessments,
  loadBatchSums,
  loadEvidence,
  loadMeasureFigures,
  loadSchools,
  loadSystemLeaders,
  loadTermFigures,
  saveTermFigures,
  termsRun,
} from '../adapters/cycle-store';
import { stageLog } from '../adapters/log';
import { loadMeasures } from '../adapters/measures-file';
import type { TermData } from '../core/measures/measures';
import { AUTHORITY, countTermFigures, figuresFromSums, figuresServe } from '../core/reporting/term-figures';
import { termStartDate, termsBefore } from '../core/term';
import { parseInput, stageInput } from './inputs';

/**
 * What an earlier term's figures are counted from again: its schools, their categories, inspections and performance,
 * and the measures' own figures.
 */
async function termData(term: string, termStart: string): Promise<TermData> {
  const [schools, assessments, evidence] = await Promise.all([
    loadSchools(term),
    loadAssessments(term),
    loadEvidence(term, { kinds: ['inspection', 'performance', 'measure-figure'] }),
  ]);
  return {
    term,
    termStart,
    schools,
    assessments,
    inspections: evidence.inspections,
    performance: evidence.performance,
    figures: evidence.measureFigures,
  };
}

export async function handler(event: unknown, context?: unknown) {
  const { term, startedAt, executionId } = parseInput(stageInput, event, 'term figures');
  const config = readConfig(authoritySchema);
  const measures = loadMeasures();
  const startOf = (t: string) => termStartDate(t, config.TERM_START_DATES);
  const [sums, figures, earlierTerms, systemLeaders] = await Promise.all([
    loadBatchSums(term, startedAt),
    loadMeasureFigures(term),
    termsRun(),
    loadSystemLeaders(term),
  ]);
  // Every area with a school this term has its sums from some batch.
  const areas = [...new Set(sums.map((s) => s.scope))].filter((scope) => scope !== AUTHORITY).sort();
  // Each area's system leaders (those based at its schools) with their capacity, for the area's report.
  const areaOf = await districtsOf(
    term,
    systemLeaders.flatMap((l) => (l.homeSchoolUrn ? [l.homeSchoolUrn] : [])),
  );
  await saveTermFigures(
    term,
    figuresFromSums({ term, termStart: startOf(term), figures }, sums, areas, measures, { systemLeaders, areaOf }),
  );
  let countedAgain = 0;
  const earlier = termsBefore(earlierTerms, term);
  await Promise.all(
    earlier.map(async (t) => {
      if (figuresServe(await loadTermFigures(t), { termStart: startOf(t), areas, measures })) return;
      countedAgain += 1;
      await saveTermFigures(t, countTermFigures(await termData(t, startOf(t)), areas, measures));
    }),
  );
  const result = {
    areas: areas.length,
    batches: sums.filter((s) => s.scope === AUTHORITY).length,
    earlierTerms: earlier.length,
    earlierTermsCountedAgain: countedAgain,
  };
  stageLog('term figures', { term, executionId }, context).info("the term's figures counted and kept", { ...result });
  return result;
}
