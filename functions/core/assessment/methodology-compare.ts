/**
 * What-if: a proposed methodology against the current one, on the same term's evidence. Lists every school whose
 * category would change, with both sets of reasons: what the Education Challenge Board needs before it adopts it.
 */

import type { TermIntake } from '../intake';
import { countCategories } from '../reporting/report';
import type { Category, School } from '../types';
import { categorise, decidingReasons, groupReasons } from './categorisation';
import { inThisScheme, type Methodology } from './methodology';

export interface CategoryDifference {
  school: Pick<School, 'urn' | 'name' | 'district'>;
  current: { category: Category; reasons: string[] };
  proposed: { category: Category; reasons: string[] };
}

export interface MethodologyComparison {
  current: { id: string; counts: Record<Category, number> };
  proposed: { id: string; counts: Record<Category, number> };
  differences: CategoryDifference[];
}

export function compareMethodologies(
  intake: TermIntake,
  current: Methodology,
  proposed: Methodology,
  asOf: string,
): MethodologyComparison {
  const of = <T extends { urn: string }>(items: readonly T[], urn: string) => items.filter((i) => i.urn === urn);
  const results = intake.schools.map((school) => {
    const evidence = {
      school,
      inspections: of(intake.inspections, school.urn),
      intelligence: of(intake.intelligence, school.urn),
      taskGroupReports: of(intake.taskGroupReports, school.urn),
      performance: of(intake.performance, school.urn),
    };
    const now = categorise(evidence, current, asOf);
    const then = categorise(evidence, proposed, asOf);
    const describe = (r: ReturnType<typeof categorise>) =>
      groupReasons(decidingReasons(r)).map((g) => `${g.text} (${g.evidence})`);
    return { school, now, then, describe };
  });
  return {
    current: {
      id: current.id,
      counts: countCategories(
        current,
        results.map((r) => r.now),
      ),
    },
    proposed: {
      id: proposed.id,
      counts: countCategories(
        proposed,
        results.map((r) => r.then),
      ),
    },
    differences: results
      // Under a different scheme, the current category is read as the proposed one names it (its `mapsFrom`).
      .filter((r) => inThisScheme(proposed, r.now.category) !== r.then.category)
      .sort((a, b) => a.school.district.localeCompare(b.school.district) || a.school.name.localeCompare(b.school.name))
      .map((r) => ({
        school: { urn: r.school.urn, name: r.school.name, district: r.school.district },
        current: { category: r.now.category, reasons: r.describe(r.now) },
        proposed: { category: r.then.category, reasons: r.describe(r.then) },
      })),
  };
}
