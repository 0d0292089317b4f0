/**
 * "Good or better": one definition, used for every figure that says it (the report's term in figures, its charts,
 * the ECB's measures, the area reports, measures.csv), so that no two of them can differ.
 *
 * A school's standing is what its latest graded inspection or report card found, in that era's terms: good or
 * outstanding overall (single-word judgements); every key judgement good or outstanding (key judgements without an
 * overall grade); every report-card area at the expected standard or above with safeguarding met (report cards); and
 * never good or better while in a category of concern. An ungraded inspection since does not change it: Ofsted gives
 * no grade at one. A school with no graded inspection or report card (its own or its predecessor's), or whose latest
 * gave no grade that could be read, has no standing and is not counted.
 */

import type { Inspection } from '../types';
import { latestInspection } from './categorisation';

/** The definition in words, as the report and docs/officer.md state it. */
export const GOOD_OR_BETTER_DEFINITION =
  'A school is counted good or better when its latest graded inspection or report card found it good or outstanding (single-word judgements), every key judgement good or outstanding (key judgements without an overall grade), or every area at the expected standard or above with safeguarding met (report cards), and it is not in a category of concern; an ungraded inspection since does not change that. Schools with no graded inspection or report card, or whose latest gave no grade that could be read, are not counted.';

/** How one inspection reads against "good or better", in its own era's terms; an ungraded one gives no grade. */
export type OfstedBand = 'good or better' | 'below good' | 'no grade given';

const EXPECTED_OR_ABOVE = new Set(['exceptional', 'strong standard', 'expected standard']);

export function ofstedBand(inspection: Inspection): OfstedBand {
  if (inspection.categoryOfConcern) return 'below good';
  switch (inspection.era) {
    case 'single-word':
      return inspection.overallEffectiveness === undefined
        ? 'no grade given'
        : inspection.overallEffectiveness <= 2
          ? 'good or better'
          : 'below good';
    case 'key-judgements':
      return inspection.keyJudgements.length === 0
        ? 'no grade given'
        : inspection.keyJudgements.every((j) => j.grade <= 2)
          ? 'good or better'
          : 'below good';
    case 'report-card':
      return inspection.reportCard.length === 0
        ? 'no grade given'
        : inspection.reportCard.every((a) => EXPECTED_OR_ABOVE.has(a.grade)) && inspection.safeguardingMet !== false
          ? 'good or better'
          : 'below good';
    case 'ungraded':
      return 'no grade given';
  }
}

/** A school's standing from its inspections: its latest graded inspection or report card, and how it reads. */
export function standingOf(
  inspections: readonly Inspection[],
): { inspection: Inspection; band: 'good or better' | 'below good' } | undefined {
  const judging = latestInspection(inspections);
  if (!judging) return undefined;
  const band = ofstedBand(judging);
  return band === 'no grade given' ? undefined : { inspection: judging, band };
}

/** Each school's inspections, by URN. */
function bySchool(inspections: readonly Inspection[]): Map<string, Inspection[]> {
  const of = new Map<string, Inspection[]>();
  for (const i of inspections) of.set(i.urn, [...(of.get(i.urn) ?? []), i]);
  return of;
}

/** Each school's standing, by URN: only the schools that have one. */
export function standings(inspections: readonly Inspection[]): Map<string, NonNullable<ReturnType<typeof standingOf>>> {
  const result = new Map<string, NonNullable<ReturnType<typeof standingOf>>>();
  for (const [urn, own] of bySchool(inspections)) {
    const standing = standingOf(own);
    if (standing) result.set(urn, standing);
  }
  return result;
}

/** Of the schools with a standing, how many are good or better: the figure every report gives. */
export function goodOrBetterOf(inspections: readonly Inspection[]): { good: number; inspected: number } {
  const all = [...standings(inspections).values()];
  return { good: all.filter((s) => s.band === 'good or better').length, inspected: all.length };
}
