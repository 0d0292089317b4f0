/**
 * Applies the AAGs' decisions to one batch of the term's schools (an iteration of the state machine's Map): the
 * agreed categories (the proposals, or the AAGs' overrides) become the schools' categories for the term. The
 * round was closed and its decisions checked before (functions/handlers/close-aag-round.ts); the batch's counts go
 * onto the round's tally, once, for the step that counts them.
 */
import { z } from 'zod';
import { appendToAuditTrail } from '../adapters/audit-trail';
import {
  loadClosedRound,
  loadProposalsAndDecisions,
  loadSchools,
  saveAgreedAssessments,
  tallyAgreedBatch,
} from '../adapters/cycle-store';
import { stageLog } from '../adapters/log';
import { loadMethodology } from '../adapters/methodology-file';
import { agreeCategories, confirmUndecided } from '../core/assessment/moderation';
import { decisionEntries } from '../core/audit/trail';
import { countCategories } from '../core/reporting/report';
import { auditRun, batchInput, parseInput } from './inputs';

/** A batch, and whether the ECB confirmed the term's changes in the run's input (confirmChanges). */
const applyInput = batchInput.extend({ confirmChanges: z.boolean().default(false) });

export async function handler(event: unknown, context?: unknown) {
  const input = parseInput(applyInput, event, 'apply AAG decisions');
  const methodology = loadMethodology();
  const [round, schools, { proposals, decisions }] = await Promise.all([
    loadClosedRound(input.term),
    loadSchools(input.term, input.batch),
    loadProposalsAndDecisions(input.term, input.batch),
  ]);
  if (!round)
    throw new Error(
      `the ${input.term} round of AAG moderation has not been closed: the AAGs' decisions cannot be applied before it is`,
    );
  const decided = agreeCategories(proposals, decisions, new Map(schools.map((s) => [s.urn, s.district])), round);
  // What no AAG decided by its deadline stands undecided; the ECB's confirmation of the term's changes confirms it.
  const agreed = input.confirmChanges ? confirmUndecided(decided) : decided;
  await saveAgreedAssessments(input.term, agreed, input.batch, decisions);
  await appendToAuditTrail(decisionEntries(auditRun(input), agreed));
  const counts = {
    schools: agreed.length,
    changes: agreed.filter((a) => a.changed).length,
    overridden: agreed.filter((a) => a.moderation?.decision === 'override').length,
    undecided: agreed.filter((a) => a.moderation?.decision === 'undecided').length,
    categories: countCategories(methodology, agreed),
  };
  // Counted last, once every write is made: a retry after this point finds the batch counted and adds nothing.
  const counted = await tallyAgreedBatch(input.term, input.batch, counts);
  const result = {
    schools: counts.schools,
    changes: counts.changes,
    overridden: counts.overridden,
    undecided: counts.undecided,
    countedBefore: !counted,
  };
  stageLog('apply AAG decisions', input, context).info('AAG decisions applied to a batch of schools', result);
  return result;
}
