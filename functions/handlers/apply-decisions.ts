/** Applies the AAGs' decisions: the agreed categories become the schools' categories for the term. */
import { z } from 'zod';
import { applyModeration, changesNeedConfirmation, tokenResultSchema, type DistrictAnswer, type TokenResult } from '../core/assessment/moderation';
import { changeLimitSchema, readConfig } from '../adapters/config';
import { countCategories } from '../core/reporting/report';
import { loadAagDecisions, loadAssessments, loadSchools, saveAgreedAssessments } from '../adapters/cycle-store';
import { loadMethodology } from '../adapters/methodology-file';
import { executionId, parseInput, startedAt, term } from './inputs';
import { stageLog } from '../adapters/log';
import { decisionEntries } from '../core/audit/trail';
import { appendToAuditTrail } from '../adapters/audit-trail';

const applyInput = z.object({ term, startedAt, executionId, moderation: z.array(tokenResultSchema), confirmChanges: z.boolean().default(false) });

export async function handler(event: unknown, context?: unknown) {
  const input = parseInput(applyInput, event, 'apply AAG decisions');
  const log = stageLog('apply AAG decisions', input, context);
  const methodology = loadMethodology();
  const [proposals, schools] = await Promise.all([loadAssessments(input.term), loadSchools(input.term)]);
  const { answers, missing } = await decisionsOf(input.term, input.moderation);
  const outcome = applyModeration(proposals, schools, answers, methodology);
  outcome.problems.unshift(...missing);
  await saveAgreedAssessments(input.term, outcome.assessments);
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
    districts: outcome.districts,
    problems: outcome.problems,
  };
  log.info('AAG decisions applied', { changes: result.changes, overridden: result.overridden, problems: result.problems.length });
  return result;
}

/**
 * Each district's decisions, read from where its AAG put them: under the district whose task token was answered
 * (the map's item), never one the answer names, so an AAG's decisions count for its own district only.
 */
async function decisionsOf(term: string, moderation: readonly TokenResult[]): Promise<{ answers: DistrictAnswer[]; missing: string[] }> {
  const missing: string[] = [];
  const answers = await Promise.all(
    moderation.map(async ({ district, sent }): Promise<DistrictAnswer> => {
      if (sent.outcome !== 'decided') return { district, sent: { ...sent, decisions: [] } };
      const stored = await loadAagDecisions(term, district);
      if (!stored) {
        missing.push(`${district}: the AAG's answer came back, but no decisions are stored for ${district} in ${term}; its proposals stand`);
        return { district, sent: { district, outcome: 'deadline passed', decisions: [] } };
      }
      return { district, sent: { ...sent, decisions: stored.decisions, submittedBy: stored.submittedBy, decidedAt: stored.decidedAt } };
    }),
  );
  return { answers, missing };
}
