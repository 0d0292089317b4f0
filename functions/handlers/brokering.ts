/** AAG brokering: support and visits for every category C and D school. */
import { brokerSupport } from '../core/brokering';
import { DEFAULT_METHODOLOGY } from '../core/methodology';
import { loadAssessments, loadSchools, loadSystemLeaders, saveSupport } from '../adapters/cycle-store';
import { parseInput, stageInput } from './inputs';

export async function handler(event: unknown) {
  const { term } = parseInput(stageInput, event, 'brokering');
  const [schools, assessments, systemLeaders] = await Promise.all([loadSchools(term), loadAssessments(term), loadSystemLeaders(term)]);
  const support = brokerSupport({ term, schools, assessments, systemLeaders, methodology: DEFAULT_METHODOLOGY });
  await saveSupport(term, support);
  const result = { supported: support.length, brokered: support.filter((s) => s.provider).length, unmet: support.filter((s) => s.unmet.length > 0).length };
  console.log(JSON.stringify({ stage: 'brokering', term, ...result }));
  return result;
}
