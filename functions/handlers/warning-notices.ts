/**
 * Warning notices, proposed: each school's notice carried into the term (a compliance date passed is judged from
 * the task group's reports), and new proposals by the methodology's warning-notice policy. Where the ECB has
 * questions to answer, its sheet is written to the reports (ecb/warning-notices.csv) for the next state to send.
 */
import { z } from 'zod';
import { ecbQuestionsCsv, proposeWarningNotices } from '../core/intervention/warning-notices';
import { noticeEntries } from '../core/audit/trail';
import { previousTerm, termStartDate } from '../core/term';
import { authoritySchema, readConfig } from '../adapters/config';
import { appendToAuditTrail } from '../adapters/audit-trail';
import { loadAssessments, loadEvidence, loadSchools, loadWarningNotices, saveWarningNotices } from '../adapters/cycle-store';
import { loadMethodology } from '../adapters/methodology-file';
import { termFiles } from '../adapters/term-files';
import { stageLog } from '../adapters/log';
import { executionId, parseInput, startedAt, term } from './inputs';

const proposeInput = z.object({ term, startedAt, executionId, letterDate: z.iso.date() });

export const ECB_QUESTIONS_FILE = 'ecb/warning-notices.csv';

export async function handler(event: unknown, context?: unknown) {
  const input = parseInput(proposeInput, event, 'propose warning notices');
  const config = readConfig(authoritySchema);
  const methodology = loadMethodology();
  const [schools, assessments, evidence, previous, earlierRun] = await Promise.all([loadSchools(input.term), loadAssessments(input.term), loadEvidence(input.term, { kinds: ['task-group-report'] }), loadWarningNotices(previousTerm(input.term)), loadWarningNotices(input.term)]);
  const notices = proposeWarningNotices({
    term: input.term,
    termStart: termStartDate(input.term, config.TERM_START_DATES),
    schools,
    assessments,
    reports: evidence.taskGroupReports,
    previous,
    decidedThisTerm: earlierRun,
    ...(methodology.warningNotices ? { policy: methodology.warningNotices } : {}),
  });
  await saveWarningNotices(input.term, notices);
  await appendToAuditTrail(noticeEntries({ term: input.term, startedAt: input.startedAt, ...(input.executionId ? { executionId: input.executionId } : {}) }, notices));
  const questions = notices.filter((n) => n.question).length;
  if (questions > 0) await termFiles().writeReport(input.term, ECB_QUESTIONS_FILE, ecbQuestionsCsv(notices, schools, { letterDate: input.letterDate, complianceDays: methodology.warningNotices?.complianceDays ?? 30 }), 'text/csv; charset=utf-8');
  const result = {
    questions,
    proposed: notices.filter((n) => n.status === 'proposed').length,
    notComplied: notices.filter((n) => n.status === 'not complied').length,
    inForce: notices.filter((n) => n.kind === 'warning notice' && ['issued', 'not complied', 'escalated'].includes(n.status)).length,
    ...(questions > 0 ? { sheet: ECB_QUESTIONS_FILE } : {}),
  };
  stageLog('propose warning notices', input, context).info('warning notices carried and proposed', result);
  return result;
}
