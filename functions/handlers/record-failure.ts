/** A failed run is recorded, never swallowed: the state machine then ends in its Fail state. */
import { isTermId, termOfExecution } from '../core/term';
import { recordRun, releaseTermRun } from '../adapters/cycle-store';
import { failureInput, parseInput } from './inputs';
import { stageLog } from '../adapters/log';

export async function handler(event: unknown, context?: unknown) {
  const { state, error, startedAt, executionId } = parseInput(failureInput, event, 'record failure');
  const term = state.intake?.term ?? termOfExecution(state, startedAt) ?? state.term;
  const cause = (error.Cause ?? '').slice(0, 2000);
  const stage = failedStage(state);
  await recordRun({ term: term && isTermId(term) ? term : 'unknown', startedAt, status: 'failed', finishedAt: new Date().toISOString(), stage, error: error.Error, cause });
  // The term is free for a rerun (only this execution's claim is released, never another's).
  if (executionId && term && isTermId(term)) await releaseTermRun(term, executionId);
  stageLog('record failure', { term, executionId }, context).error('run failed', { failedStage: stage, error: error.Error });
  return { term, stage, error: error.Error, cause };
}

/** Each stage's result in the state, in the order the stages run (lib/termly-cycle-state-machine.ts). */
const RESULTS = [
  ['intake', 'Data intake'],
  ['riskAssessment', 'Risk assessment'],
  ['moderation', 'Ask the AAGs'],
  ['agreed', 'Apply AAG decisions'],
  ['brokering', 'AAG brokering'],
  ['taskGroups', 'Task-group monitoring'],
  ['ecb', 'Ask the ECB'],
  ['notify', 'Notify category changes'],
] as const;

/** The stage that failed: the first whose result the state lacks (the state itself is never recorded). */
export function failedStage(state: Record<string, unknown>): string {
  return RESULTS.find(([key]) => state[key] === undefined)?.[1] ?? 'Reporting';
}
