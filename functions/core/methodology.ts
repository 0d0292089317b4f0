/**
 * The settings of the categorisation methodology that are values, not logic. The Education Challenge Board
 * owns the methodology; these defaults follow shared/DOMAIN.md ("Our default methodology").
 */
export interface Methodology {
  readonly id: string;
  readonly effectiveFrom: string;
  /** A headteacher in post for fewer months than this at the start of term counts as new (category B). */
  readonly newHeadteacherMonths: number;
  /** Visits from a system leader or LIO in one term, by category. */
  readonly visitsPerTerm: { readonly C: number; readonly D: number };
  /** How many schools one provider school is asked to support in a term. */
  readonly supportPerProviderSchool: number;
}

export const DEFAULT_METHODOLOGY: Methodology = {
  id: 'default-2026',
  effectiveFrom: '2025-11-10',
  newHeadteacherMonths: 12,
  // C: one visit per term; D: one visit per half term (two half terms in each term).
  visitsPerTerm: { C: 1, D: 2 },
  supportPerProviderSchool: 1,
};
