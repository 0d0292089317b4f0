/**
 * Passes an AAG's decisions on to the cycle waiting for them. The AAG puts its decisions in under its own
 * district (npm run moderate; its IAM access reaches no other district's items); the table's stream invokes this
 * function, which answers that district's task token with only the fact that it decided, when and who put them in.
 * The decisions themselves stay in the table, where the apply stage reads them.
 */
import { z } from 'zod';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { awaitsPassingOn, storedDecisionsSchema, tokenAnswerFor } from '../core/assessment/moderation';
import { loadModerationRequest, markAagDecisionsReceived, recordModerationAnswer } from '../adapters/cycle-store';
import { answerTask } from '../adapters/task-tokens';
import { parseInput } from './inputs';
import { stageLog } from '../adapters/log';

const streamEvent = z.object({
  Records: z.array(z.object({ eventName: z.string(), dynamodb: z.object({ NewImage: z.record(z.string(), z.unknown()).optional() }) })),
});

export type DecisionsPassedOn = { district: string; term: string; outcome: 'passed on' | 'too late' | 'not asked yet' | 'already passed on' } | { outcome: 'unreadable'; problem: string };

export async function handler(event: unknown, context?: unknown): Promise<DecisionsPassedOn[]> {
  const { Records } = parseInput(streamEvent, event, 'AAG decisions received');
  const log = stageLog('AAG decisions received', {}, context);
  const results: DecisionsPassedOn[] = [];
  for (const record of Records) {
    if (!record.dynamodb.NewImage) continue;
    const parsed = storedDecisionsSchema.safeParse(unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>));
    if (!parsed.success) {
      // Never thrown: a record that cannot be read would hold up the stream's later records for ever.
      const problem = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ');
      log.error('AAG decisions unreadable', { outcome: 'unreadable', problem });
      results.push({ outcome: 'unreadable', problem });
      continue;
    }
    const stored = parsed.data;
    const where = { district: stored.district, term: stored.term };
    if (!awaitsPassingOn(stored)) {
      results.push({ ...where, outcome: 'already passed on' });
      continue;
    }
    const request = await loadModerationRequest(stored.term, stored.district);
    if (!request) {
      // Kept: when the cycle reaches this district's moderation it offers them again (reofferAagDecisions).
      log.info('AAG decisions kept until the cycle asks', { ...where, outcome: 'not asked yet' });
      results.push({ ...where, outcome: 'not asked yet' });
      continue;
    }
    const now = new Date().toISOString();
    const answered = await answerTask(request.taskToken, tokenAnswerFor(stored));
    const received = answered === 'answered' ? 'in time' : 'too late';
    await markAagDecisionsReceived(stored.term, stored.district, received, now);
    await recordModerationAnswer(stored.term, stored.district, answered === 'answered' ? 'decisions passed on' : 'decisions arrived after the cycle stopped waiting', now);
    log.info('AAG decisions passed on', { ...where, executionId: request.executionId, decisions: stored.decisions.length, outcome: received });
    results.push({ ...where, outcome: answered === 'answered' ? 'passed on' : 'too late' });
  }
  return results;
}
