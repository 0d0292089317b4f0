/**
 * A run that ended without reaching "Record failure": stopped by hand (StopExecution) or past the execution's
 * timeout. Step Functions tells EventBridge; this records the run as stopped or timed out and releases its claim
 * on the term, so that the term can be run again without waiting for the claim to lapse.
 */
import { z } from 'zod';
import { recordRun, releaseTermRun, termClaimedBy } from '../adapters/cycle-store';
import { stageLog } from '../adapters/log';
import { termOfExecution } from '../core/term';
import { parseInput } from './inputs';

export const executionStatusChange = z.object({
  source: z.literal('aws.states'),
  'detail-type': z.literal('Step Functions Execution Status Change'),
  detail: z.object({
    executionArn: z.string().min(1),
    status: z.enum(['ABORTED', 'TIMED_OUT']),
    startDate: z.number(),
    stopDate: z.number().nullable().optional(),
    /** The execution's input as JSON (absent when it was too large to send). */
    input: z.string().nullable().optional(),
  }),
});

const WHY = {
  ABORTED: {
    status: 'stopped',
    error: 'States.Aborted',
    cause: 'The execution was stopped (StopExecution) before it finished.',
  },
  TIMED_OUT: {
    status: 'timed out',
    error: 'States.Timeout',
    cause: "The execution ran past its timeout (the AAGs' and the ECB's deadlines and the stages' budgets).",
  },
} as const;

export async function handler(
  event: unknown,
  context?: unknown,
): Promise<{ term?: string; status: string; released: boolean }> {
  const { detail } = parseInput(executionStatusChange, event, 'run stopped');
  const startedAt = new Date(detail.startDate).toISOString();
  let input: { term?: unknown; season?: unknown } = {};
  try {
    input = detail.input ? (JSON.parse(detail.input) as typeof input) : {};
  } catch {
    input = {};
  }
  const term = termOfExecution(input, startedAt) ?? (await termClaimedBy(detail.executionArn));
  const why = WHY[detail.status];
  if (!term) {
    stageLog('run stopped', { executionId: detail.executionArn }, context).error('run stopped; its term is not known', {
      status: why.status,
    });
    return { status: why.status, released: false };
  }
  await recordRun({
    term,
    startedAt,
    executionId: detail.executionArn,
    status: why.status,
    finishedAt: new Date(detail.stopDate ?? Date.now()).toISOString(),
    error: why.error,
    cause: why.cause,
  });
  await releaseTermRun(term, detail.executionArn);
  stageLog('run stopped', { term, executionId: detail.executionArn }, context).info('run stopped; term released', {
    status: why.status,
  });
  return { term, status: why.status, released: true };
}
