/** Applies the AAGs' decisions: the agreed categories become the schools' categories for the term. */
import { z } from 'zod';
import { applyModeration, changesNeedConfirmation, roundAnswerSchema, type DistrictAnswer, type RoundAnswer } from '../core/assessment/moderation';
import { changeLimitSchema, readConfig } from '../adapters/config';
import { countCategories } from '../core/reporting/report';
import { closeModerationRound, loadAagDecisionsOf, loadAssessments, loadSchools, recordModerationOutcome, saveAgreedAssessments } from '../adapters/cycle-store';
import { loadMethodology } from '../adapters/methodology-file';
import { executionId, parseInput, startedAt, term } from './inputs';
import { stageLog } from '../adapters/log';
import { decisionEntries } from '../core/audit/trail';
import { appendToAuditTrail } from '../adapters/audit-trail';

const applyInput = z.object({ term, startedAt, executionId, moderation: roundAnswerSchema, confirmChanges: z.boolean().default(false) });

export async function handler(event: unknown, context?: unknown) {
  const input = parseInput(applyInput, event, 'apply AAG decisions');
  const log = stageLog('apply AAG decisions', input, context);
  const methodology = loadMethodology();
  const [proposals, schools] = await Promise.all([loadAssessments(input.term), loadSchools(input.term)]);
  const { answers, missing } = await decisionsOf(input.term, input.moderation, [...new Set(schools.map((s) => s.district))]);
  const outcome = applyModeration(proposals, schools, answers, methodology);
  outcome.problems.unshift(...missing);
  await saveAgreedAssessments(input.term, outcome.assessments);
  // Each district's outcome and the decisions not applied go on the round, for the report: the state carries counts.
  await recordModerationOutcome(input.term, outcome.districts, outcome.problems);
  await appendToAuditTrail(decisionEntries({ term: input.term, startedAt: input.startedAt, ...(input.executionId ? { executionId: input.executionId } : {}) }, outcome.assessments));
  const changes = outcome.assessments.filter((a) => a.changed).length;
  const limit = readConfig(changeLimitSchema);
  const check = changesNeedConfirmation(changes, outcome.assessments.length, { maxChangeShare: limit.MAX_CHANGE_SHARE, minChangesToHold: limit.MIN_CHANGES_TO_HOLD });
  const result = {
    categories: countCategories(methodology, outcome.assessments),
    changes,
    schools: outcome.assessments.length,
    // Letters wait for the ECB unless it confirmed the changes when it started the run.
    ecbConfirmationNeeded: check.needed && !input.confirmChanges,
    ...(check.reason ? { ecbQuestion: check.reason } : {}),
    overridden: outcome.assessments.filter((a) => a.moderation?.decision === 'override').length,
    districts: outcome.districts.length,
    decided: outcome.districts.filter((d) => d.outcome === 'decided').length,
    problems: outcome.problems.length,
  };
  log.info('AAG decisions applied', { changes: result.changes, overridden: result.overridden, decided: result.decided, districts: result.districts, problems: result.problems });
  return result;
}

/**
 * Each district's decisions, read from where its AAG put them (under its own district, which only that AAG may
 * write), for the districts the term's round counted before this stage closed it. Closing and reading the count
 * is one write, so decisions are either counted here or marked too late, never both.
 */
async function decisionsOf(term: string, round: RoundAnswer, districts: readonly string[]): Promise<{ answers: DistrictAnswer[]; missing: string[] }> {
  const answered = await closeModerationRound(term, new Date().toISOString());
  if (round.outcome === 'agreed automatically') {
    return { answers: districts.map((district) => ({ district, sent: { district, outcome: 'agreed automatically', decisions: [] } })), missing: [] };
  }
  const stored = new Map((await loadAagDecisionsOf(term, answered)).map((d) => [d.district, d]));
  const missing: string[] = [];
  const answers = answered.map((district): DistrictAnswer => {
    const decided = stored.get(district);
    if (!decided) {
      missing.push(`${district}: the AAG's answer was counted, but no decisions are stored for ${district} in ${term}; its proposals stand`);
      return { district, sent: { district, outcome: 'deadline passed', decisions: [] } };
    }
    return { district, sent: { district, outcome: 'decided', decisions: decided.decisions, submittedBy: decided.submittedBy, decidedAt: decided.decidedAt } };
  });
  return { answers, missing };
}
