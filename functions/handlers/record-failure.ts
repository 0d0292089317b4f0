/** A failed run is recorded, never swallowed: the state machine then ends in its Fail state. */
import { isTermId, termOfExecution } from '../core/term';
import { recordRun, releaseTermRun } from '../adapters/cycle-store';
import { failureInput, parseInput } from './inputs';
import { stageLog } from '../adapters/log';

export async function handler(event: unknown, context?: unknown) {
  const { state, error, startedAt, executionId } = parseInput(failureInput, event, 'record failure');
  const term = state.intake?.term ?? termOfExecution(state, startedAt) ?? state.term;
  const cause = (error.Cause ?? '').slice(0, 2000);
  await recordRun({ term: term && isTermId(term) ? term : 'unknown', startedAt, status: 'failed', finishedAt: new Date().toISOString(), error: error.Error, cause });
  // The term is free for a rerun (only this execution's claim is released, never another's).
  if (executionId && term && isTermId(term)) await releaseTermRun(term, executionId);
  stageLog('record failure', { term, executionId }, context).error('run failed', { error: error.Error });
  return { term, error: error.Error, cause };
}
