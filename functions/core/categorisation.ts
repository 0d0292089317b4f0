/**
 * Risk assessment: every open school is placed in category A, B, C or D. Each rule that applies gives a reason
 * citing its evidence; the worst category among them wins (shared/DOMAIN.md, seed 002).
 */
import { formatDate, monthsBetween } from './dates';
import type { Methodology } from './methodology';
import {
  CATEGORY_SEVERITY,
  OFSTED_GRADE_NAME,
  type Assessment,
  type Category,
  type Inspection,
  type Intelligence,
  type Reason,
  type School,
  type TaskGroupReport,
} from './types';

export interface SchoolEvidence {
  readonly school: School;
  readonly inspections: readonly Inspection[];
  readonly intelligence: readonly Intelligence[];
  readonly taskGroupReports: readonly TaskGroupReport[];
}

export function worstCategory(categories: readonly Category[]): Category {
  return categories.reduce<Category>((worst, c) => (CATEGORY_SEVERITY[c] > CATEGORY_SEVERITY[worst] ? c : worst), 'A');
}

export function latestInspection(inspections: readonly Inspection[]): Inspection | undefined {
  return [...inspections].sort((a, b) => (a.startDate < b.startDate ? 1 : a.startDate > b.startDate ? -1 : 0))[0];
}

/** The latest entry of a kind of intelligence, which is the one that stands (a withdrawn notice replaces the issued one). */
function latestOf(intelligence: readonly Intelligence[], type: Intelligence['type']): Intelligence | undefined {
  return intelligence
    .filter((i) => i.type === type)
    .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))[0];
}

function inspectionLabel(inspection: Inspection): string {
  const kind = inspection.era === 'report-card' ? 'Ofsted report card' : 'Ofsted inspection';
  const inherited = inspection.inheritedFromUrn ? ` (predecessor school, URN ${inspection.inheritedFromUrn})` : '';
  return `${kind}, ${formatDate(inspection.startDate)}${inherited}`;
}

function inspectionReasons(inspection: Inspection): Reason[] {
  const label = inspectionLabel(inspection);
  const reasons: Reason[] = [];
  const add = (category: Category, rule: string, text: string, evidence: string) => reasons.push({ category, rule, text, evidence: `${label}: ${evidence}` });

  if (inspection.categoryOfConcern) {
    add('D', 'ofsted-category-of-concern', 'Ofsted placed the school in a category of concern', inspection.categoryOfConcern);
  }
  if (inspection.era === 'single-word' && inspection.overallEffectiveness !== undefined) {
    const grade = inspection.overallEffectiveness;
    const name = OFSTED_GRADE_NAME[grade];
    if (grade === 4) add('D', 'ofsted-inadequate', 'Ofsted judged the school inadequate', `overall effectiveness ${name}`);
    else if (grade === 3) add('C', 'ofsted-requires-improvement', 'Ofsted judged that the school requires improvement', `overall effectiveness ${name}`);
    else add('A', 'ofsted-good-or-outstanding', `Ofsted judged the school ${name}`, `overall effectiveness ${name}`);
  }
  if (inspection.era === 'key-judgements') {
    const worst = Math.max(...inspection.keyJudgements.map((k) => k.grade));
    for (const judgement of inspection.keyJudgements) {
      const text = `${judgement.area} ${OFSTED_GRADE_NAME[judgement.grade]}`;
      if (judgement.grade === 4) add('D', 'ofsted-key-judgement-inadequate', 'Ofsted judged a key area inadequate', text);
      else if (judgement.grade === 3) add('C', 'ofsted-key-judgement-requires-improvement', 'Ofsted judged that a key area requires improvement', text);
    }
    if (worst <= 2) add('A', 'ofsted-key-judgements-good', 'Ofsted judged every key area good or outstanding', 'all key judgements good or outstanding');
  }
  if (inspection.safeguardingEffective === false) {
    add('D', 'ofsted-safeguarding-ineffective', 'Ofsted found safeguarding was not effective', 'safeguarding not effective');
  }
  if (inspection.era === 'report-card') {
    for (const area of inspection.reportCard) {
      if (area.grade === 'urgent improvement') add('D', 'report-card-urgent-improvement', 'Ofsted found an area needing urgent improvement', `${area.area.toLowerCase()} - urgent improvement`);
      else if (area.grade === 'needs attention') add('C', 'report-card-needs-attention', 'Ofsted found an area that needs attention', `${area.area.toLowerCase()} - needs attention`);
    }
    if (inspection.safeguardingMet === false) add('D', 'report-card-safeguarding-not-met', 'Ofsted found safeguarding standards were not met', 'safeguarding standards not met');
    if (!reasons.some((r) => r.category !== 'A') && inspection.reportCard.length > 0) {
      add('A', 'report-card-expected-or-above', 'Ofsted graded every area at the expected standard or above', 'expected standard or above in every area');
    }
  }
  return reasons;
}

/** Categorises one school from its evidence. `asOf` is the first day of the term being assessed. */
export function categorise(evidence: SchoolEvidence, methodology: Methodology, asOf: string): { category: Category; reasons: Reason[] } {
  const reasons: Reason[] = [];
  const inspection = latestInspection(evidence.inspections);
  if (inspection) {
    reasons.push(...inspectionReasons(inspection));
  } else {
    reasons.push({ category: 'A', rule: 'no-inspection-yet', text: 'The school has not been inspected yet; it is placed on its other evidence', evidence: 'no Ofsted inspection on record' });
  }

  const notice = latestOf(evidence.intelligence, 'warning notice');
  if (notice && notice.status === 'issued') {
    reasons.push({ category: 'D', rule: 'formal-warning-notice', text: 'The school is in receipt of a formal warning notice', evidence: `formal warning notice issued ${formatDate(notice.date)}` });
  }
  for (const concern of evidence.intelligence.filter((i) => i.type === 'concern' && i.status === 'open')) {
    reasons.push({ category: 'C', rule: 'open-concern', text: 'The school has been identified as causing concern', evidence: `concern raised at Schools Causing Concern, ${formatDate(concern.date)}` });
  }
  const trustView = latestOf(evidence.intelligence, 'trust view');
  if (trustView && trustView.status === 'concern') {
    reasons.push({ category: 'C', rule: 'trust-concern', text: "The school's trust has raised a concern about it", evidence: `trust's view, ${formatDate(trustView.date)}` });
  }
  for (const report of evidence.taskGroupReports.filter((r) => r.impact === 'insufficient')) {
    reasons.push({ category: 'C', rule: 'task-group-insufficient-impact', text: 'The task group found the impact of support insufficient', evidence: `task-group report, ${report.term}: impact insufficient` });
  }

  const head = latestOf(evidence.intelligence, 'new headteacher');
  if (head && head.status !== 'closed' && head.date <= asOf && monthsBetween(head.date, asOf) < methodology.newHeadteacherMonths) {
    reasons.push({ category: 'B', rule: 'new-headteacher', text: 'The school has a new headteacher', evidence: `new headteacher since ${formatDate(head.date)}` });
  }
  const interim = latestOf(evidence.intelligence, 'interim headteacher');
  if (interim && interim.status === 'open') {
    reasons.push({ category: 'B', rule: 'interim-headteacher', text: 'The school is led by an interim headteacher', evidence: `interim headteacher since ${formatDate(interim.date)}` });
  }
  const staffing = latestOf(evidence.intelligence, 'staffing');
  if (staffing && staffing.status === 'open') {
    reasons.push({ category: 'B', rule: 'temporary-staffing', text: 'The school has temporary staffing problems', evidence: `temporary staffing problems reported ${formatDate(staffing.date)}` });
  }

  const category = worstCategory(reasons.map((r) => r.category));
  reasons.sort((a, b) => CATEGORY_SEVERITY[b.category] - CATEGORY_SEVERITY[a.category]);
  return { category, reasons };
}

/** The full assessment of a school for a term, compared with its previous category. */
export function assessSchool(
  evidence: SchoolEvidence,
  methodology: Methodology,
  term: string,
  asOf: string,
  previous: { category: Category; term: string } | undefined,
): Assessment {
  const { category, reasons } = categorise(evidence, methodology, asOf);
  return {
    term,
    urn: evidence.school.urn,
    category,
    reasons,
    previousCategory: previous?.category,
    previousTerm: previous?.term,
    changed: previous !== undefined && previous.category !== category,
    methodologyId: methodology.id,
  };
}

/** The reasons that decide the category (those of the category itself), for letters and reports. */
export function decidingReasons(assessment: Pick<Assessment, 'category' | 'reasons'>): Reason[] {
  return assessment.reasons.filter((r) => r.category === assessment.category);
}

/**
 * Reasons as a person reads them: those with the same reading and the same source are put together,
 * e.g. "Ofsted found an area that needs attention (Ofsted report card, 9 Oct 2026: achievement - needs attention;
 * curriculum and teaching - needs attention)".
 */
export function groupReasons(reasons: readonly Reason[]): { text: string; evidence: string }[] {
  const groups: { text: string; source: string; details: string[] }[] = [];
  for (const reason of reasons) {
    const split = reason.evidence.indexOf(': ');
    const source = split > 0 ? reason.evidence.slice(0, split) : reason.evidence;
    const detail = split > 0 ? reason.evidence.slice(split + 2) : '';
    const group = groups.find((g) => g.text === reason.text && g.source === source && detail !== '' && g.details.length > 0);
    if (group) group.details.push(detail);
    else groups.push({ text: reason.text, source, details: detail ? [detail] : [] });
  }
  return groups.map((g) => ({ text: g.text, evidence: g.details.length > 0 ? `${g.source}: ${g.details.join('; ')}` : g.source }));
}
