/** Applies the AAGs' decisions: the agreed categories become the schools' categories for the term. */
import { z } from 'zod';
import { applyModeration, tokenResultSchema } from '../core/moderation';
import { countCategories } from '../core/reports';
import { loadAssessments, loadSchools, saveAgreedAssessments } from '../adapters/cycle-store';
import { loadMethodology } from '../adapters/methodology-file';
import { parseInput, startedAt, term } from './inputs';

const applyInput = z.object({ term, startedAt, moderation: z.array(tokenResultSchema) });

export async function handler(event: unknown) {
  const input = parseInput(applyInput, event, 'apply AAG decisions');
  const methodology = loadMethodology();
  const [proposals, schools] = await Promise.all([loadAssessments(input.term), loadSchools(input.term)]);
  const outcome = applyModeration(proposals, schools, input.moderation, methodology);
  await saveAgreedAssessments(input.term, outcome.assessments);
  const result = {
    categories: countCategories(methodology, outcome.assessments),
    changes: outcome.assessments.filter((a) => a.changed).length,
    overridden: outcome.assessments.filter((a) => a.moderation?.decision === 'override').length,
    districts: outcome.districts,
    problems: outcome.problems,
  };
  console.log(JSON.stringify({ stage: 'apply AAG decisions', term: input.term, changes: result.changes, overridden: result.overridden, problems: result.problems.length }));
  return result;
}
