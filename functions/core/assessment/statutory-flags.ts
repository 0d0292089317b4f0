/**
 * The statutory and national flags the ECB sees beside a school's category, computed from its inspection history
 * (its own, or its predecessor's carried over) and the authority's record of warning notices:
 *
 * - eligible for intervention: the latest inspection placed the school in a category of concern (special measures,
 *   serious weaknesses or requires significant improvement), or it did not comply with a warning notice ("Support
 *   and intervention in schools", DfE, November 2024).
 * - coasting: under the regulations as amended from 17 November 2025, leadership and governance 'needs attention'
 *   at a report-card inspection, after concern at the inspection before it (below good). A coasting school is
 *   eligible for intervention too; the flag says so.
 * - stuck: below good (for a report card: leadership and governance 'needs attention' or worse, or a category of
 *   concern) at two inspections running: the DfE's RISE teams work with such schools.
 *
 * Each is evidence. Whether it moves a category is the methodology's decision (its `statutory-flag` condition).
 */
import { formatDate } from '../dates';
import type { FlagFinding, Inspection, Intelligence, StatutoryFlag } from '../types';

export { type FlagFinding, STATUTORY_FLAGS, type StatutoryFlag } from '../types';

/** Each flag in plain words, as a letter or a school's page says it (never as a category). */
export const FLAG_IN_WORDS: Record<StatutoryFlag, string> = {
  'eligible for intervention':
    "The school is eligible for intervention under the DfE's statutory guidance, Support and intervention in schools",
  coasting: 'The school is coasting under the regulations as amended from 17 November 2025',
  stuck: "The school is stuck: below good at two inspections running, so eligible for the DfE's RISE support",
};

/** A flag as a sentence: what it means, and what it rests on. */
export const describeFlag = (finding: FlagFinding): string => `${FLAG_IN_WORDS[finding.flag]} (${finding.evidence})`;

/** The coasting regulations as amended apply to inspections from this date. */
export const COASTING_AMENDED_FROM = '2025-11-17';

const isLeadership = (area: string) => /leadership/i.test(area);

/** Whether an inspection found the school below good, in its own era's terms. */
export function belowGood(inspection: Inspection): boolean {
  if (inspection.categoryOfConcern) return true;
  switch (inspection.era) {
    case 'single-word':
      return inspection.overallEffectiveness !== undefined && inspection.overallEffectiveness >= 3;
    case 'key-judgements':
      return inspection.keyJudgements.some((k) => k.grade >= 3);
    case 'report-card':
      return (
        inspection.safeguardingMet === false ||
        inspection.reportCard.some(
          (a) => isLeadership(a.area) && (a.grade === 'needs attention' || a.grade === 'urgent improvement'),
        )
      );
    case 'ungraded':
      return false;
  }
}

const when = (i: Inspection) => formatDate(i.startDate);

/** The flags that hold for a school, from its inspections (newest judging ones first) and its warning notices. */
export function statutoryFlags(
  inspections: readonly Inspection[],
  intelligence: readonly Intelligence[],
): FlagFinding[] {
  const graded = inspections.filter((i) => i.era !== 'ungraded').sort((a, b) => b.startDate.localeCompare(a.startDate));
  const [latest, before] = graded;
  const flags: FlagFinding[] = [];

  const notComplied = intelligence
    .filter((i) => i.type === 'warning notice' && /not complied/i.test(i.status))
    .sort((a, b) => b.date.localeCompare(a.date))[0];
  if (latest?.categoryOfConcern)
    flags.push({
      flag: 'eligible for intervention',
      evidence: `a category of concern at the inspection of ${when(latest)}: ${latest.categoryOfConcern}`,
    });
  else if (notComplied)
    flags.push({
      flag: 'eligible for intervention',
      evidence: `a formal warning notice not complied with (${formatDate(notComplied.date)})`,
    });

  const leadership = latest?.era === 'report-card' ? latest.reportCard.find((a) => isLeadership(a.area)) : undefined;
  if (
    latest &&
    before &&
    leadership?.grade === 'needs attention' &&
    latest.startDate >= COASTING_AMENDED_FROM &&
    belowGood(before)
  ) {
    flags.push({
      flag: 'coasting',
      evidence: `leadership and governance needs attention at the inspection of ${when(latest)}, after the inspection of ${when(before)} found the school below good; a coasting school is eligible for intervention`,
    });
  }

  if (latest && before && belowGood(latest) && belowGood(before)) {
    flags.push({
      flag: 'stuck',
      evidence: `below good at the inspections of ${when(latest)} and ${when(before)}: eligible for the DfE's RISE support`,
    });
  }
  return flags;
}
