/**
 * Asks one district's AAG to moderate its schools' proposed categories. Step Functions waits on the task token
 * this handler stores until the AAG's decisions are put in (`npm run moderate`) and passed on by the
 * aag-decisions-received function, or the deadline passes and the proposals stand. Decisions the AAG already
 * put in for this term (a rerun) are offered to this run at once.
 */
import { z } from 'zod';
import { proposalsCsv, proposalsXlsx, slugOf } from '../core/assessment/moderation';
import { loadAssessments, loadSchools, reofferAagDecisions, saveModerationRequest } from '../adapters/cycle-store';
import { termFiles } from '../adapters/term-files';
import { executionId, parseInput, startedAt, term } from './inputs';
import { stageLog } from '../adapters/log';

const moderationInput = z.object({ term, startedAt, executionId, district: z.string().min(1), taskToken: z.string().min(1) });

export async function handler(event: unknown, context?: unknown) {
  const input = parseInput(moderationInput, event, 'AAG moderation');
  const [proposals, schools] = await Promise.all([loadAssessments(input.term), loadSchools(input.term)]);
  const proposalsFile = `proposals/${slugOf(input.district)}.csv`;
  // The same sheet as a CSV and as a workbook: the AAG returns either.
  const [location] = await Promise.all([
    termFiles().writeReport(input.term, proposalsFile, proposalsCsv(input.district, proposals, schools), 'text/csv; charset=utf-8'),
    termFiles().writeReport(input.term, proposalsFile.replace(/\.csv$/, '.xlsx'), proposalsXlsx(input.district, proposals, schools), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
  ]);
  const requestedAt = new Date().toISOString();
  await saveModerationRequest({ term: input.term, district: input.district, taskToken: input.taskToken, ...(input.executionId ? { executionId: input.executionId } : {}), requestedAt, proposals: location });
  const decidedAlready = await reofferAagDecisions(input.term, input.district, requestedAt);
  stageLog('AAG moderation', input, context).info('AAG asked', { district: input.district, proposals: proposalsFile, decidedAlready });
  return { district: input.district, proposals: location, decidedAlready };
}
