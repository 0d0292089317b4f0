/** A failed run is recorded, never swallowed: the state machine then ends in its Fail state. */
import { isTermId, SEASONS, termForScheduledRun, type Season } from '../core/term';
import { recordRun } from '../adapters/cycle-store';
import { failureInput, parseInput } from './inputs';

export async function handler(event: unknown) {
  const { state, error, startedAt } = parseInput(failureInput, event, 'record failure');
  const scheduled = state.season && (SEASONS as readonly string[]).includes(state.season) ? termForScheduledRun(state.season as Season, startedAt) : undefined;
  const term = state.intake?.term ?? state.term ?? scheduled;
  const cause = (error.Cause ?? '').slice(0, 2000);
  await recordRun({ term: term && isTermId(term) ? term : 'unknown', startedAt, status: 'failed', finishedAt: new Date().toISOString(), error: error.Error, cause });
  console.error(JSON.stringify({ stage: 'record failure', term, error: error.Error }));
  return { term, error: error.Error, cause };
}
