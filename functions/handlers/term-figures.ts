/**
 * Counting the term's figures, before any report is written: its schools in each category, those good or better
 * and each of the ECB's measures, for the authority and each AAG area (and each area's system leaders' capacity),
 * kept in the term-figures table
 * (functions/core/reporting/term-figures.ts). Every earlier term's kept figures are checked for what this term's
 * reports show (each area, each measure as defined now); a term whose figures do not serve is read whole and
 * counted again. So the AAG areas' reports and the ECB's read every term's figures as kept, none of its data.
 */
import { termsBefore, termStartDate } from '../core/term';
import { authoritySchema, readConfig } from '../adapters/config';
import { loadAssessments, loadEvidence, loadSchools, loadSupport, loadSystemLeaders, loadTermFigures, saveTermFigures, termsRun } from '../adapters/cycle-store';
import { loadMeasures } from '../adapters/measures-file';
import { countTermFigures, figuresServe } from '../core/reporting/term-figures';
import type { TermData } from '../core/measures/measures';
import { parseInput, stageInput } from './inputs';
import { stageLog } from '../adapters/log';

/** What a term's figures are counted from: its schools, their categories, inspections and performance, and the measures' own figures. */
async function termData(term: string, termStart: string): Promise<TermData> {
  const [schools, assessments, evidence] = await Promise.all([loadSchools(term), loadAssessments(term), loadEvidence(term, { kinds: ['inspection', 'performance', 'measure-figure'] })]);
  return { term, termStart, schools, assessments, inspections: evidence.inspections, performance: evidence.performance, figures: evidence.measureFigures };
}

export async function handler(event: unknown, context?: unknown) {
  const { term, executionId } = parseInput(stageInput, event, 'term figures');
  const config = readConfig(authoritySchema);
  const measures = loadMeasures();
  const startOf = (t: string) => termStartDate(t, config.TERM_START_DATES);
  const [thisTerm, earlierTerms, systemLeaders, support] = await Promise.all([termData(term, startOf(term)), termsRun(), loadSystemLeaders(term), loadSupport(term)]);
  const areas = [...new Set(thisTerm.schools.map((s) => s.district))].sort();
  // This term's with each area's system leaders' capacity, for the area's report.
  await saveTermFigures(term, countTermFigures(thisTerm, areas, measures, { systemLeaders, support }));
  let countedAgain = 0;
  const earlier = termsBefore(earlierTerms, term);
  await Promise.all(
    earlier.map(async (t) => {
      if (figuresServe(await loadTermFigures(t), { termStart: startOf(t), areas, measures })) return;
      countedAgain += 1;
      await saveTermFigures(t, countTermFigures(await termData(t, startOf(t)), areas, measures));
    }),
  );
  const result = { areas: areas.length, earlierTerms: earlier.length, earlierTermsCountedAgain: countedAgain };
  stageLog('term figures', { term, executionId }, context).info("the term's figures counted and kept", { ...result });
  return result;
}
