/** Risk assessment: every open school placed in A-D with its reasons, compared with its previous category. */
import { assessSchool } from '../core/categorisation';
import { DEFAULT_METHODOLOGY } from '../core/methodology';
import { countCategories } from '../core/reports';
import { termStartDate } from '../core/term';
import { authoritySchema, readConfig } from '../adapters/config';
import { loadEvidence, loadSchools, previousCategory, saveAssessments } from '../adapters/cycle-store';
import { mapLimit } from '../adapters/dynamo';
import { parseInput, stageInput } from './inputs';

export async function handler(event: unknown) {
  const { term } = parseInput(stageInput, event, 'risk assessment');
  const config = readConfig(authoritySchema);
  const [schools, evidence] = await Promise.all([loadSchools(term), loadEvidence(term)]);
  const asOf = termStartDate(term, config.TERM_START_DATES);
  const forSchool = <T extends { urn: string }>(items: T[]) => {
    const map = new Map<string, T[]>();
    for (const item of items) map.set(item.urn, [...(map.get(item.urn) ?? []), item]);
    return map;
  };
  const inspections = forSchool(evidence.inspections);
  const intelligence = forSchool(evidence.intelligence);
  const reports = forSchool(evidence.taskGroupReports);
  const assessments = await mapLimit(schools, 16, async (school) =>
    assessSchool(
      { school, inspections: inspections.get(school.urn) ?? [], intelligence: intelligence.get(school.urn) ?? [], taskGroupReports: reports.get(school.urn) ?? [] },
      DEFAULT_METHODOLOGY,
      term,
      asOf,
      await previousCategory(school.urn, term),
    ),
  );
  await saveAssessments(term, assessments);
  const result = { schools: assessments.length, categories: countCategories(assessments), changes: assessments.filter((a) => a.changed).length };
  console.log(JSON.stringify({ stage: 'risk assessment', term, ...result }));
  return result;
}
