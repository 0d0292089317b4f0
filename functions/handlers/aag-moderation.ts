/**
 * Asks one district's AAG to moderate its schools' proposed categories. Step Functions waits on the task token
 * this handler stores until `npm run moderate` returns the AAG's decisions (SendTaskSuccess), or the deadline
 * passes and the proposals stand.
 */
import { z } from 'zod';
import { proposalsCsv, slugOf } from '../core/moderation';
import { loadAssessments, loadSchools, saveModerationRequest } from '../adapters/cycle-store';
import { termFiles } from '../adapters/term-files';
import { parseInput, startedAt, term } from './inputs';

const moderationInput = z.object({ term, startedAt, district: z.string().min(1), taskToken: z.string().min(1) });

export async function handler(event: unknown) {
  const input = parseInput(moderationInput, event, 'AAG moderation');
  const [proposals, schools] = await Promise.all([loadAssessments(input.term), loadSchools(input.term)]);
  const proposalsFile = `proposals/${slugOf(input.district)}.csv`;
  const location = await termFiles().writeReport(input.term, proposalsFile, proposalsCsv(input.district, proposals, schools), 'text/csv; charset=utf-8');
  await saveModerationRequest({ term: input.term, district: input.district, taskToken: input.taskToken, requestedAt: new Date().toISOString(), proposals: location });
  console.log(JSON.stringify({ stage: 'AAG moderation', term: input.term, district: input.district, proposals: proposalsFile }));
  return { district: input.district, proposals: location };
}
