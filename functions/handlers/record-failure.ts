/** A failed run is recorded, never swallowed: the state machine then ends in its Fail state. */
import { isTermId, SEASONS, termForScheduledRun, type Season } from '../core/term';
import { recordRun, releaseTermRun } from '../adapters/cycle-store';
import { failureInput, parseInput } from './inputs';

export async function handler(event: unknown) {
  const { state, error, startedAt, executionId } = parseInput(failureInput, event, 'record failure');
  const scheduled = state.season && (SEASONS as readonly string[]).includes(state.season) ? termForScheduledRun(state.season as Season, startedAt) : undefined;
  const term = state.intake?.term ?? state.term ?? scheduled;
  const cause = (error.Cause ?? '').slice(0, 2000);
  await recordRun({ term: term && isTermId(term) ? term : 'unknown', startedAt, status: 'failed', finishedAt: new Date().toISOString(), error: error.Error, cause });
  // The term is free for a rerun (only this execution's claim is released, never another's).
  if (executionId && term && isTermId(term)) await releaseTermRun(term, executionId);
  console.error(JSON.stringify({ stage: 'record failure', term, error: error.Error }));
  return { term, error: error.Error, cause };
}
