/**
 * With every batch's warning notices carried and proposed: the term's notices counted and, where the ECB has
 * questions to answer (a notice to issue, an academy to refer, a notice not complied with or to withdraw), its
 * sheet written to the reports (ecb/warning-notices.csv) for the next state to send. It reads the term's notices,
 * not its schools: its work grows with the notices, and only the schools the ECB is asked about are read.
 */
import { z } from 'zod';
import { loadWarningNotices, schoolsOf } from '../adapters/cycle-store';
import { stageLog } from '../adapters/log';
import { loadMethodology } from '../adapters/methodology-file';
import { termFiles } from '../adapters/term-files';
import { ecbQuestionsCsv } from '../core/intervention/warning-notices';
import { executionId, parseInput, startedAt, term } from './inputs';

const countInput = z.object({ term, startedAt, executionId, letterDate: z.iso.date() });

export const ECB_QUESTIONS_FILE = 'ecb/warning-notices.csv';

export async function handler(event: unknown, context?: unknown) {
  const input = parseInput(countInput, event, 'count the warning notices');
  const methodology = loadMethodology();
  const notices = await loadWarningNotices(input.term);
  const asked = notices.filter((n) => n.question);
  if (asked.length > 0) {
    const schools = await schoolsOf(
      input.term,
      asked.map((n) => n.urn),
    );
    await termFiles().writeReport(
      input.term,
      ECB_QUESTIONS_FILE,
      ecbQuestionsCsv(asked, schools, {
        letterDate: input.letterDate,
        complianceDays: methodology.warningNotices?.complianceDays ?? 30,
      }),
      'text/csv; charset=utf-8',
    );
  }
  const result = {
    questions: asked.length,
    proposed: notices.filter((n) => n.status === 'proposed').length,
    notComplied: notices.filter((n) => n.status === 'not complied').length,
    inForce: notices.filter(
      (n) => n.kind === 'warning notice' && ['issued', 'not complied', 'escalated'].includes(n.status),
    ).length,
    ...(asked.length > 0 ? { sheet: ECB_QUESTIONS_FILE } : {}),
  };
  stageLog('count the warning notices', input, context).info('warning notices counted', result);
  return result;
}
