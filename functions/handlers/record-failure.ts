/** A failed run is recorded, never swallowed: the state machine then ends in its Fail state. */

import { recordRun, releaseTermRun } from '../adapters/cycle-store';
import { stageLog } from '../adapters/log';
import { isTermId, termOfExecution } from '../core/term';
import { failureInput, parseInput } from './inputs';

export async function handler(event: unknown, context?: unknown) {
  const { state, error, startedAt, executionId } = parseInput(failureInput, event, 'record failure');
  const term = state.intake?.term ?? termOfExecution(state, startedAt) ?? state.term;
  const cause = (error.Cause ?? '').slice(0, 2000);
  const stage = failedStage(state);
  await recordRun({
    term: term && isTermId(term) ? term : 'unknown',
    startedAt,
    ...(executionId ? { executionId } : {}),
    status: 'failed',
    finishedAt: new Date().toISOString(),
    stage,
    error: error.Error,
    cause,
  });
  // The term is free for a rerun (only this execution's claim is released, never another's).
  if (executionId && term && isTermId(term)) await releaseTermRun(term, executionId);
  stageLog('record failure', { term, executionId }, context).error('run failed', {
    failedStage: stage,
    error: error.Error,
  });
  return { term, stage, error: error.Error, cause };
}

/**
 * Each stage's result in the state, in the order the stages run (lib/termly-cycle-state-machine.ts), and whether
 * the stage runs in this state's path: the ECB is asked about warning notices only when it has questions, and to
 * confirm the changes only when they passed its limit.
 */
/** Whether the ECB had warning-notice questions this term (only then is it asked about them). */
const hasNoticeQuestions = (state: Record<string, unknown>) =>
  ((state.notices as { questions?: number } | undefined)?.questions ?? 0) > 0;

const RESULTS: readonly (readonly [string, string, ((state: Record<string, unknown>) => boolean)?])[] = [
  ['intake', 'Data intake'],
  ['assessed', 'Risk assessment'],
  ['riskAssessment', 'Propose support'],
  ['moderation', 'Ask the AAGs'],
  ['aagRound', 'Close the AAG round'],
  ['decisionsApplied', 'Apply AAG decisions'],
  ['agreed', 'Count the agreed categories'],
  ['noticesProposed', 'Propose warning notices'],
  ['notices', 'Count the warning notices'],
  ['ecbNotices', 'Ask the ECB about warning notices', hasNoticeQuestions],
  ['noticeDecisions', 'Apply ECB notice decisions', hasNoticeQuestions],
  ['brokering', 'AAG brokering'],
  ['taskGroups', 'Task-group monitoring'],
  ['ecb', 'Ask the ECB'],
  ['ses', 'Check SES can send'],
  ['notify', 'Notify category changes'],
  ['pagesWritten', 'School pages'],
  ['termFigures', "Count the term's figures"],
  ['areaReports', 'AAG area reports'],
  ['summary', 'Reporting'],
];

/**
 * The stage that failed: the first in the state's path whose result the state lacks (the state itself is never
 * recorded). Notify is the one that failed while it still had letters to send (its loop's continued invocation).
 */
export function failedStage(state: Record<string, unknown>): string {
  if ((state.notify as { next?: unknown } | undefined)?.next !== undefined && state.pagesWritten === undefined)
    return 'Notify category changes';
  return (
    RESULTS.find(([key, , runs]) => state[key] === undefined && (runs ? runs(state) : true))?.[1] ??
    "Check the term's outputs"
  );
}
