/**
 * Asks the Education Challenge Board to decide the term's warning notices. Step Functions waits on the task token
 * this handler stores until the ECB's decisions come (npm run ecb-decisions puts in its sheet, answering the token
 * with them) or its deadline passes, when the questions stay open and are asked again next term.
 */
import { z } from 'zod';
import { saveModerationRequest } from '../adapters/cycle-store';
import { stageLog } from '../adapters/log';
import { termFiles } from '../adapters/term-files';
import { ECB_NOTICES } from '../core/intervention/warning-notices';
import { ECB_QUESTIONS_FILE } from './count-notices';
import { executionId, parseInput, startedAt, term } from './inputs';

const askInput = z.object({
  term,
  startedAt,
  executionId,
  questions: z.number().int().min(1),
  taskToken: z.string().min(1),
});

export async function handler(event: unknown, context?: unknown) {
  const input = parseInput(askInput, event, 'ask the ECB about warning notices');
  const note = [
    `${input.term}: the Education Challenge Board is asked ${input.questions} ${input.questions === 1 ? 'question' : 'questions'} about formal warning notices.`,
    '',
    `The questions, with each school's evidence, are in ${ECB_QUESTIONS_FILE} beside this note. For each row the ECB fills in`,
    'Decision (issue or do not issue; refer or do not refer an academy; escalate, extend or withdraw a notice not',
    'complied with; withdraw or keep in force), Rationale, and for issue or extend the Compliance date. A row left',
    'blank is asked again next term.',
    '',
    'To answer (the sheet is checked first; any row that cannot be used is named with its column and value):',
    `  npm run ecb-decisions -- --term ${input.term} --decisions <the filled-in sheet> --stage <stage>`,
  ].join('\n');
  const location = await termFiles().writeReport(
    input.term,
    'ecb/how-to-answer.txt',
    `${note}\n`,
    'text/plain; charset=utf-8',
  );
  await saveModerationRequest({
    term: input.term,
    district: ECB_NOTICES,
    taskToken: input.taskToken,
    ...(input.executionId ? { executionId: input.executionId } : {}),
    requestedAt: new Date().toISOString(),
    proposals: location,
  });
  stageLog('ask the ECB about warning notices', input, context).info('ECB asked', { questions: input.questions });
  return { asked: ECB_NOTICES, questions: input.questions };
}
