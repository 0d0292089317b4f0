/**
 * The ECB's decisions on the term's warning notices, recorded: each notice issued (with its compliance date), not
 * issued, referred to the DfE, escalated, extended, kept in force or withdrawn. The decisions are read from where
 * npm run ecb-decisions stored them with the cycle's request (the token carries only how many); decisions that
 * cannot be applied are recorded there too, and the state carries their count. The notify stage writes the letters
 * the decisions bring. Without an answer by the deadline nothing changes, and the questions are asked again next term.
 */
import { z } from 'zod';
import { appendToAuditTrail } from '../adapters/audit-trail';
import {
  loadEcbNoticeAnswer,
  loadWarningNotices,
  recordEcbNoticeProblems,
  saveWarningNotices,
} from '../adapters/cycle-store';
import { stageLog } from '../adapters/log';
import { loadMethodology } from '../adapters/methodology-file';
import { noticeEntries } from '../core/audit/trail';
import { applyEcbNoticeDecisions, ecbNoticeTokenSchema } from '../core/intervention/warning-notices';
import { auditRun, executionId, parseInput, startedAt, term, today } from './inputs';

const applyInput = z.object({
  term,
  startedAt,
  executionId,
  today,
  letterDate: z.iso.date(),
  answer: z.union([ecbNoticeTokenSchema, z.object({ outcome: z.literal('deadline passed') })]),
});

export async function handler(event: unknown, context?: unknown) {
  const input = parseInput(applyInput, event, 'apply ECB notice decisions');
  const log = stageLog('apply ECB notice decisions', input, context);
  if (input.answer.outcome !== 'decided') {
    log.info('no decisions from the ECB by its deadline', { outcome: 'deadline passed' });
    return { outcome: 'deadline passed', decided: 0, problems: 0 };
  }
  const answer = await loadEcbNoticeAnswer(input.term);
  if (!answer || answer.decisions.length !== input.answer.decisions) {
    throw new Error(
      `the ECB answered that it made ${input.answer.decisions} decisions on ${input.term}'s warning notices, but ${answer ? answer.decisions.length : 'none'} are stored with the cycle's request`,
    );
  }
  const methodology = loadMethodology();
  const notices = await loadWarningNotices(input.term);
  const outcome = applyEcbNoticeDecisions(notices, answer.decisions, {
    on: input.letterDate,
    by: answer.by,
    complianceDays: methodology.warningNotices?.complianceDays ?? 30,
    minimumComplianceDays: methodology.warningNotices?.minimumComplianceDays,
  });
  await saveWarningNotices(input.term, outcome.notices);
  await appendToAuditTrail(noticeEntries(auditRun(input), outcome.notices));
  await recordEcbNoticeProblems(input.term, outcome.problems);
  const count = (decision: string) => outcome.notices.filter((n) => n.decided?.decision === decision).length;
  const result = {
    outcome: 'decided',
    decided: outcome.notices.filter((n) => n.decided).length,
    issued: count('issue'),
    referred: count('refer'),
    escalated: count('escalate'),
    withdrawn: count('withdraw'),
    problems: outcome.problems.length,
  };
  log.info('ECB notice decisions applied', result);
  return result;
}
