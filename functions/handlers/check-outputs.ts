/**
 * The check of the term's outputs, the cycle's last step: the reports, summary and CSVs the run wrote are read back
 * and checked against each other and the records (functions/core/reporting/consistency.ts). A broken invariant fails
 * the run, naming what and where, before any letter of the next term.
 */
import { z } from 'zod';
import { loadEvidence, loadModerationRound, loadProposalsAndDecisions, loadSchools } from '../adapters/cycle-store';
import { stageLog } from '../adapters/log';
import { loadMethodology } from '../adapters/methodology-file';
import { termLetterRecords } from '../adapters/sent-emails';
import { termFiles } from '../adapters/term-files';
import { areaReportPath } from '../core/reporting/area-lines';
import { outputInconsistencies } from '../core/reporting/consistency';
import type { CycleSummary } from '../core/reporting/report';
import { parseInput, stageInput } from './inputs';

const checkInput = stageInput.extend({ summary: z.record(z.string(), z.unknown()) });

/** The outputs disagree with each other or with the records: the run fails, saying each. */
export class TermOutputsInconsistent extends Error {
  override readonly name = 'TermOutputsInconsistent';
}

/** How many of the inconsistencies the failure names in full. */
const SHOWN = 20;

export async function handler(
  event: unknown,
  context?: unknown,
): Promise<CycleSummary & { checked: { areas: number; schools: number; letters: number } }> {
  const input = parseInput(checkInput, event, "check the term's outputs");
  const summary = input.summary as unknown as CycleSummary;
  const { term } = input;
  const files = termFiles();
  const methodology = loadMethodology();
  const [schools, { proposals: assessments, decisions }, evidence, round, sentLetters] = await Promise.all([
    loadSchools(term),
    loadProposalsAndDecisions(term, {}),
    loadEvidence(term, { kinds: ['inspection'] }),
    loadModerationRound(term),
    termLetterRecords(term),
  ]);
  const areas = [...new Set(schools.map((s) => s.district))].sort();
  const [reportHtml, measuresCsv, assessmentsCsv, ...areaPages] = await Promise.all([
    files.readReport(term, 'report.html'),
    files.readReport(term, 'measures.csv'),
    files.readReport(term, 'assessments.csv'),
    ...areas.map((area) => files.readReport(term, areaReportPath(area))),
  ]);
  const outcomes = new Map<string, string>((round?.districtOutcomes ?? []).map((o) => [o.district, o.outcome]));
  for (const area of areas) if (!outcomes.has(area)) outcomes.set(area, round?.otherwise ?? 'deadline passed');
  const found = outputInconsistencies({
    term,
    summary,
    reportHtml,
    areaReports: new Map(areas.map((area, i) => [area, areaPages[i]!])),
    measuresCsv,
    assessmentsCsv,
    schools,
    assessments,
    inspections: evidence.inspections,
    outcomes,
    decisionsWritten: new Set(decisions.keys()),
    sentLetters,
    methodology,
  });
  const log = stageLog("check the term's outputs", input, context);
  if (found.length > 0) {
    log.error("the term's outputs disagree", { inconsistencies: found.length });
    const said = found
      .slice(0, SHOWN)
      .map((f) => `${f.where}: ${f.what}`)
      .join('; ');
    throw new TermOutputsInconsistent(
      `${found.length} ${found.length === 1 ? 'thing the outputs say does' : 'things the outputs say do'} not agree with the records or with each other: ${said}${found.length > SHOWN ? `; and ${found.length - SHOWN} more` : ''}. The run is recorded as failed: correct the cause and run the term again (letters already sent are not sent twice).`,
    );
  }
  const checked = { areas: areas.length, schools: assessments.length, letters: sentLetters.length };
  log.info("the term's outputs agree", checked);
  return { ...summary, checked };
}
