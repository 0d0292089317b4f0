/**
 * Asks every district's AAG, at once, to moderate its schools' proposed categories: writes each district's
 * proposals sheet, records each district's request, and opens the term's round on the one task token Step
 * Functions waits on. The round is answered when the last district's decisions are passed on by the
 * aag-decisions-received function, or its deadline passes and the proposals of the districts that did not decide
 * stand. Decisions an AAG already put in for this term (a rerun) are offered to this run at once.
 */
import { z } from 'zod';
import {
  loadAssessments,
  loadSchools,
  type ModerationRecord,
  openModerationRound,
  reofferAagDecisions,
  saveModerationRequests,
} from '../adapters/cycle-store';
import { mapLimit } from '../adapters/dynamo';
import { stageLog } from '../adapters/log';
import { termFiles } from '../adapters/term-files';
import { proposalsCsv, proposalsXlsx, slugOf } from '../core/assessment/moderation';
import { groupBy, groupByUrn } from '../core/collections';
import { executionId, parseInput, startedAt, term } from './inputs';

const moderationInput = z.object({ term, startedAt, executionId, taskToken: z.string().min(1) });

/** Sheets written at once: enough to keep S3 busy, few enough for the function's sockets. */
const SHEETS_AT_ONCE = 16;

export async function handler(event: unknown, context?: unknown) {
  const input = parseInput(moderationInput, event, 'AAG moderation');
  const [proposals, schools] = await Promise.all([loadAssessments(input.term), loadSchools(input.term)]);
  const proposalsOf = groupByUrn(proposals);
  const schoolsByDistrict = groupBy(schools, (s) => s.district);
  const districts = [...schoolsByDistrict.keys()].sort();
  const requestedAt = new Date().toISOString();
  const requests = await mapLimit(districts, SHEETS_AT_ONCE, async (district): Promise<ModerationRecord> => {
    const own = schoolsByDistrict.get(district)!;
    const theirProposals = own.flatMap((s) => proposalsOf.get(s.urn) ?? []);
    const proposalsFile = `proposals/${slugOf(district)}.csv`;
    // The same sheet as a CSV and as a workbook: the AAG returns either.
    const [location] = await Promise.all([
      termFiles().writeReport(
        input.term,
        proposalsFile,
        proposalsCsv(district, theirProposals, own),
        'text/csv; charset=utf-8',
      ),
      termFiles().writeReport(
        input.term,
        proposalsFile.replace(/\.csv$/, '.xlsx'),
        proposalsXlsx(district, theirProposals, own),
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ),
    ]);
    return {
      term: input.term,
      district,
      ...(input.executionId ? { executionId: input.executionId } : {}),
      requestedAt,
      proposals: location,
    };
  });
  await saveModerationRequests(requests);
  // The round opens before stored decisions are offered again, so that each is counted in it.
  await openModerationRound({
    term: input.term,
    taskToken: input.taskToken,
    ...(input.executionId ? { executionId: input.executionId } : {}),
    requestedAt,
    districts: districts.length,
  });
  const offered = await mapLimit(districts, SHEETS_AT_ONCE, (district) =>
    reofferAagDecisions(input.term, district, requestedAt),
  );
  const decidedAlready = offered.filter(Boolean).length;
  stageLog('AAG moderation', input, context).info('AAGs asked', { districts: districts.length, decidedAlready });
  return { districts: districts.length, decidedAlready };
}
