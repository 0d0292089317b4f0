/**
 * Asks the Education Challenge Board to confirm a term whose changes passed its limit, before any letter goes.
 * Step Functions waits on the task token this handler stores until the ECB answers (SendTaskSuccess with
 * {"letters": "send"} or {"letters": "hold"}) or its deadline passes, when the letters are held.
 */
import { z } from 'zod';
import { saveModerationRequest } from '../adapters/cycle-store';
import { stageLog } from '../adapters/log';
import { termFiles } from '../adapters/term-files';
import { ECB } from '../core/assessment/moderation';
import { executionId, parseInput, startedAt, term } from './inputs';

const ecbInput = z.object({ term, startedAt, executionId, question: z.string().min(1), taskToken: z.string().min(1) });

export async function handler(event: unknown, context?: unknown) {
  const input = parseInput(ecbInput, event, 'ask the ECB');
  const note = [
    `${input.term}: ${input.question}.`,
    '',
    'The agreed categories are in assessments.csv and the proposals sheets; the report says what changed and why.',
    'If the changes are right, the ECB confirms them and the letters go; if not (a wrong file, a rule gone astray),',
    'it holds them: fix the cause and run the term again. Without an answer by the deadline the letters are held.',
    '',
    'To answer (the task token is in the moderation table, under this term and "Education Challenge Board"):',
    '  aws stepfunctions send-task-success --task-token <token> --task-output \'{"letters":"send","by":"ECB, <date>"}\'',
    '  aws stepfunctions send-task-success --task-token <token> --task-output \'{"letters":"hold","by":"ECB, <date>"}\'',
  ].join('\n');
  const location = await termFiles().writeReport(
    input.term,
    'ecb-confirmation.txt',
    `${note}\n`,
    'text/plain; charset=utf-8',
  );
  await saveModerationRequest({
    term: input.term,
    district: ECB,
    taskToken: input.taskToken,
    requestedAt: new Date().toISOString(),
    proposals: location,
    question: input.question,
  });
  stageLog('ask the ECB', input, context).info('ECB asked', { question: 'changes above the limit' });
  return { asked: ECB, note: location };
}
