/**
 * Counts the term's agreed categories, from the tally each batch added to the round, and checks the changes
 * against the ECB's limit: letters wait for the ECB unless it confirmed the changes when it started the run.
 */
import { z } from 'zod';
import { changeLimitSchema, readConfig } from '../adapters/config';
import { agreedTally } from '../adapters/cycle-store';
import { stageLog } from '../adapters/log';
import { loadMethodology } from '../adapters/methodology-file';
import { changesNeedConfirmation } from '../core/assessment/moderation';
import { executionId, parseInput, startedAt, term } from './inputs';

const countInput = z.object({
  term,
  startedAt,
  executionId,
  /** The batches the Map applied the decisions to: each must have added its counts. */
  batches: z.number().int().min(1),
  confirmChanges: z.boolean().default(false),
  /** What closing the round found (functions/handlers/close-aag-round.ts). */
  round: z.object({ districts: z.number(), decided: z.number(), problems: z.number() }),
});

export async function handler(event: unknown, context?: unknown) {
  const input = parseInput(countInput, event, 'count the agreed categories');
  const methodology = loadMethodology();
  const tally = await agreedTally(
    input.term,
    methodology.categories.map((c) => c.id),
  );
  if (!tally || tally.batches !== input.batches) {
    throw new Error(
      `${tally?.batches ?? 0} of the ${input.batches} batches of ${input.term} have counted their agreed categories: the term's changes cannot be checked against the ECB's limit until every batch has`,
    );
  }
  const limit = readConfig(changeLimitSchema);
  const check = changesNeedConfirmation(tally.changes, tally.schools, {
    maxChangeShare: limit.MAX_CHANGE_SHARE,
    minChangesToHold: limit.MIN_CHANGES_TO_HOLD,
  });
  const result = {
    categories: tally.categories,
    changes: tally.changes,
    schools: tally.schools,
    // Letters wait for the ECB unless it confirmed the changes when it started the run.
    ecbConfirmationNeeded: check.needed && !input.confirmChanges,
    ...(check.reason ? { ecbQuestion: check.reason } : {}),
    overridden: tally.overridden,
    undecided: tally.undecided,
    districts: input.round.districts,
    decided: input.round.decided,
    problems: input.round.problems,
  };
  stageLog('count the agreed categories', input, context).info('agreed categories counted', {
    changes: result.changes,
    overridden: result.overridden,
    schools: result.schools,
    ecbConfirmationNeeded: result.ecbConfirmationNeeded,
  });
  return result;
}
