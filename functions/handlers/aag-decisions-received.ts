/**
 * Passes an AAG's decisions on to the cycle waiting for them. The AAG puts its decisions in under its own
 * district (npm run moderate; its IAM access reaches no other district's items); the table's stream invokes this
 * function, which counts the district's answer in the term's round of moderation while it is open. When the last
 * district's answer is counted, the round's task token is answered with only that every AAG decided; the
 * decisions themselves stay in the table, where the apply stage reads them for the districts the round counted.
 */

import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { z } from 'zod';
import {
  countAagAnswer,
  loadModerationRequest,
  markAagDecisionsReceived,
  recordModerationAnswer,
} from '../adapters/cycle-store';
import { stageLog } from '../adapters/log';
import { answerTask } from '../adapters/task-tokens';
import { awaitsPassingOn, everyAagDecided, storedDecisionsSchema } from '../core/assessment/moderation';
import { parseInput } from './inputs';

const streamEvent = z.object({
  Records: z.array(
    z.object({ eventName: z.string(), dynamodb: z.object({ NewImage: z.record(z.string(), z.unknown()).optional() }) }),
  ),
});

export type DecisionsPassedOn =
  | { district: string; term: string; outcome: 'passed on' | 'too late' | 'not asked yet' | 'already passed on' }
  | { outcome: 'unreadable'; problem: string };

export async function handler(event: unknown, context?: unknown): Promise<DecisionsPassedOn[]> {
  const { Records } = parseInput(streamEvent, event, 'AAG decisions received');
  const log = stageLog('AAG decisions received', {}, context);
  const results: DecisionsPassedOn[] = [];
  for (const record of Records) {
    if (!record.dynamodb.NewImage) continue;
    const parsed = storedDecisionsSchema.safeParse(
      unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>),
    );
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
      // Kept: when the cycle reaches this term's moderation it offers them again (reofferAagDecisions).
      log.info('AAG decisions kept until the cycle asks', { ...where, outcome: 'not asked yet' });
      results.push({ ...where, outcome: 'not asked yet' });
      continue;
    }
    const now = new Date().toISOString();
    const round = await countAagAnswer(stored.term, stored.district);
    const received = round ? 'in time' : 'too late';
    await markAagDecisionsReceived(stored.term, stored.district, received, now);
    await recordModerationAnswer(
      stored.term,
      stored.district,
      round ? 'decisions passed on' : 'decisions arrived after the cycle stopped waiting',
      now,
    );
    // The last district to answer ends the wait. Answering twice (a district counted again) is harmless: the
    // execution no longer waits on the token.
    if (round && round.answered >= round.districts) await answerTask(round.taskToken, everyAagDecided(round.districts));
    log.info('AAG decisions passed on', {
      ...where,
      executionId: round?.executionId ?? request.executionId,
      decisions: stored.decisions.length,
      outcome: received,
      ...(round ? { answered: round.answered, of: round.districts } : {}),
    });
    results.push({ ...where, outcome: round ? 'passed on' : 'too late' });
  }
  return results;
}
