/**
 * Closes the term's round of AAG moderation and checks its decisions, once for the whole term, before the batches
 * apply them: each counted district's decisions are read from where its AAG put them, checked (a school of its own
 * district, a category of the methodology), and those that say more than their district's outcome (overrides, choices
 * of support, agrees by another name) are written onto the proposals they are about; the plain agrees, most of a
 * sheet, stand through the outcome. The round records each district's outcome and the decisions that could not be
 * applied; the state carries counts.
 */
import { z } from 'zod';
import {
  acceptDecisions,
  closeModerationRound,
  districtsOf,
  loadAagDecisionsOf,
  recordClosedRound,
} from '../adapters/cycle-store';
import { stageLog } from '../adapters/log';
import { loadMethodology } from '../adapters/methodology-file';
import {
  checkDecisions,
  type DistrictAnswer,
  leaveAgreesToOutcomes,
  roundAnswerSchema,
} from '../core/assessment/moderation';
import { executionId, parseInput, startedAt, term } from './inputs';

const closeInput = z.object({ term, startedAt, executionId, moderation: roundAnswerSchema });

export async function handler(event: unknown, context?: unknown) {
  const input = parseInput(closeInput, event, 'close the AAG round');
  const log = stageLog('close the AAG round', input, context);
  const methodology = loadMethodology();
  // Closing and reading the districts counted is one write, so decisions are either counted here or marked too late,
  // never both.
  const round = await closeModerationRound(input.term, new Date().toISOString());
  const automatic = input.moderation.outcome === 'agreed automatically';
  const { answers, missing } = automatic ? { answers: [], missing: [] } : await answersOf(input.term, round.answered);
  const named = await districtsOf(
    input.term,
    answers.flatMap((a) => a.sent.decisions.map((d) => d.urn)),
  );
  const checked = checkDecisions(answers, named, methodology);
  const { outcomes, toWrite } = leaveAgreesToOutcomes(checked.outcomes, checked.accepted);
  const unassessed = await acceptDecisions(input.term, toWrite);
  const problems = [
    ...missing,
    ...checked.problems,
    ...unassessed.map(
      (d) =>
        `${d.district}: URN ${d.urn} has no proposed category this term (it is not an open school of the register); the decision put in for the ${d.district} AAG was not applied`,
    ),
  ];
  await recordClosedRound(
    input.term,
    { outcomes, otherwise: automatic ? 'agreed automatically' : 'deadline passed' },
    problems,
  );
  const result = {
    districts: round.districts,
    decided: automatic ? round.districts : checked.outcomes.filter((o) => o.outcome === 'decided').length,
    accepted: checked.accepted.length - unassessed.length,
    problems: problems.length,
  };
  log.info('AAG round closed', { ...result, written: toWrite.length - unassessed.length });
  return result;
}

/**
 * Each counted district's answer, its decisions read from where its AAG put them (under its own district, which
 * only that AAG may write).
 */
async function answersOf(
  term: string,
  answered: readonly string[],
): Promise<{ answers: DistrictAnswer[]; missing: string[] }> {
  const stored = new Map((await loadAagDecisionsOf(term, answered)).map((d) => [d.district, d]));
  const missing: string[] = [];
  const answers = answered.map((district): DistrictAnswer => {
    const decided = stored.get(district);
    if (!decided) {
      missing.push(
        `${district}: the AAG's answer was counted, but no decisions are stored for ${district} in ${term}; its proposals stand`,
      );
      return { district, sent: { district, outcome: 'deadline passed', decisions: [] } };
    }
    return {
      district,
      sent: {
        district,
        outcome: 'decided',
        decisions: decided.decisions,
        submittedBy: decided.submittedBy,
        decidedAt: decided.decidedAt,
      },
    };
  });
  return { answers, missing };
}
