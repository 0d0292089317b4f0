/**
 * Consortium and network chairs (seed 002): a chair leads a school in a category that does not need support (A or B
 * in the default), and is told, through the AAG's report for the area, when a school of the consortium or network
 * becomes vulnerable (newly in a category that brings support).
 */
import type { Assessment, School } from '../types';

export interface ChairInConcern {
  urn: string;
  consortium: string;
  district: string;
  category: string;
}

export interface ConsortiumNews {
  consortium: string;
  /** The chair's school, if the consortia sheet names one. */
  chair?: { urn: string; name: string };
  /** Schools of the consortium newly in a category that brings support this term. */
  newlyVulnerable: Assessment[];
}

/** Chairs whose own school is in a category that brings support: the AAG reviews who chairs. */
export function chairsInConcern(
  schools: readonly School[],
  assessments: readonly Assessment[],
  bringsSupport: ReadonlySet<string>,
): ChairInConcern[] {
  const categoryOf = new Map(assessments.map((a) => [a.urn, a.category]));
  return (
    schools
      // Stryker disable next-line StringLiteral: a school with no category is in none that brings support, whatever stands in for it
      .filter((s) => s.chairsConsortium && s.consortium && bringsSupport.has(categoryOf.get(s.urn) ?? ''))
      .map((s) => ({ urn: s.urn, consortium: s.consortium!, district: s.district, category: categoryOf.get(s.urn)! }))
      .sort((a, b) => a.consortium.localeCompare(b.consortium))
  );
}

/**
 * For each consortium or network with a school newly in a category that brings support: its chair and those schools.
 */
export function newsForChairs(
  schools: readonly School[],
  assessments: readonly Assessment[],
  bringsSupport: ReadonlySet<string>,
): ConsortiumNews[] {
  const bySchool = new Map(schools.map((s) => [s.urn, s]));
  const news = new Map<string, ConsortiumNews>();
  for (const a of assessments) {
    const school = bySchool.get(a.urn);
    if (
      !school?.consortium ||
      !bringsSupport.has(a.category) ||
      (a.previousCategory !== undefined && bringsSupport.has(a.previousCategory))
    )
      continue;
    const entry = news.get(school.consortium) ?? { consortium: school.consortium, newlyVulnerable: [] };
    entry.newlyVulnerable.push(a);
    news.set(school.consortium, entry);
  }
  for (const s of schools) {
    const entry = s.chairsConsortium && s.consortium ? news.get(s.consortium) : undefined;
    if (entry && !entry.chair) entry.chair = { urn: s.urn, name: s.name };
  }
  return [...news.values()].sort((a, b) => a.consortium.localeCompare(b.consortium));
}
