/** The ECB's decisions on warning notices, read from its sheet and checked as the cycle will check them. */
import { basename } from 'node:path';
import { describeRejection, readRows } from '../sheets';
import { complianceDateTooSoon, type EcbNoticeAnswer, readEcbDecisions } from './warning-notices';

/**
 * The ECB's answer from its sheet, or the rows that cannot be used. With `dates`, a compliance date is checked as the
 * cycle will check it, against a notice given that day (`on`): one that leaves less than the days its actions need, or
 * a notice extended to a day not after it, is refused here, by row, rather than left for the cycle to refuse.
 */
export function ecbAnswerFromSheet(
  file: string,
  bytes: Uint8Array,
  by: string,
  dates?: { on: string; minimumComplianceDays?: number },
): { answer?: EcbNoticeAnswer; problems: string[] } {
  const { decisions, rejected } = readEcbDecisions(basename(file), readRows(basename(file), bytes));
  const problems = rejected.map(describeRejection);
  if (dates)
    for (const d of decisions.filter((d) => d.complianceDate)) {
      const tooSoon = complianceDateTooSoon({}, d, dates);
      if (tooSoon) problems.push(`${basename(file)}, URN ${d.urn}: ${tooSoon}`);
    }
  if (problems.length > 0) return { problems };
  return { answer: { outcome: 'decided', decisions, by }, problems: [] };
}
