/**
 * An AAG member's decision on one school, as the portal's form gives it: read by the same rules as a row of the AAG's
 * sheet (decisionsSheet, readDecisions), so that a decision made in the browser and one made on the sheet are checked
 * alike and stored alike. Also the order and filters of the AAG's list of proposals.
 */
import type { Methodology } from './methodology';
import {
  DECISIONS_HEADERS,
  decisionsRow,
  decisionsSheet,
  type ProposalLine,
  readDecisions,
  type SchoolDecision,
} from './moderation';

/** The form's fields, as text, as the browser posts them. */
export interface DecisionForm {
  decision?: string;
  category?: string;
  rationale?: string;
  supportSchool?: string;
  systemLeader?: string;
  /** Days of school-to-school support this term, in place of the category's default. */
  days?: string;
  /** How the support is funded, in place of the default. */
  fundedBy?: string;
}

export const DECISION_FORM_FIELDS = [
  'decision',
  'category',
  'rationale',
  'supportSchool',
  'systemLeader',
  'days',
  'fundedBy',
] as const;
export type DecisionFormField = (typeof DECISION_FORM_FIELDS)[number];

export interface FormProblem {
  field: DecisionFormField;
  message: string;
}

/** The longest rationale kept: a paragraph or two, as on the sheet. */
export const MAX_RATIONALE = 2000;

/**
 * The decision a form makes about a school of the district, recorded as decided by `decidedBy`, or what is wrong with
 * it, field by field.
 */
export function decisionFromForm(
  district: string,
  urn: string,
  form: DecisionForm,
  decidedBy: string,
  methodology: Methodology,
): { decision: SchoolDecision; problems?: undefined } | { decision?: undefined; problems: FormProblem[] } {
  const rationale = (form.rationale ?? '').trim();
  if (rationale.length > MAX_RATIONALE)
    return { problems: [{ field: 'rationale', message: `Write the reason in at most ${MAX_RATIONALE} characters` }] };
  const decision = (form.decision ?? '').trim();
  const row = decisionsRow({
    district,
    urn,
    decision,
    category: decision === 'override' ? (form.category ?? '').trim() : '',
    rationale,
    supportSchool: (form.supportSchool ?? '').trim(),
    systemLeader: (form.systemLeader ?? '').trim(),
    days: (form.days ?? '').trim(),
    fundedBy: (form.fundedBy ?? '').trim(),
    decidedBy,
  });
  const { decisions, rejected } = readDecisions(
    'the form',
    [
      { line: 1, cells: DECISIONS_HEADERS },
      { line: 2, cells: row.map((c) => String(c ?? '')) },
    ],
    methodology,
  );
  if (rejected.length > 0)
    return {
      problems: rejected.map((r) => {
        const field = fieldOfHeader(r.column);
        return { field, message: messageFor(field, r.expected, methodology) };
      }),
    };
  const { district: _district, ...made } = decisions[0]!;
  return { decision: made };
}

const HEADER_FIELD = new Map<string, DecisionFormField>([
  [decisionsSheet.columns.decision!.header, 'decision'],
  [decisionsSheet.columns.category!.header, 'category'],
  [decisionsSheet.columns.rationale!.header, 'rationale'],
  [decisionsSheet.columns.supportSchool!.header, 'supportSchool'],
  [decisionsSheet.columns.systemLeader!.header, 'systemLeader'],
  [decisionsSheet.columns.days!.header, 'days'],
  [decisionsSheet.columns.fundedBy!.header, 'fundedBy'],
]);

const fieldOfHeader = (header: string): DecisionFormField => HEADER_FIELD.get(header) ?? 'decision';

/** The message beside a field, in the GOV.UK style: what to do, not what went wrong. */
function messageFor(field: DecisionFormField, expected: string, methodology: Methodology): string {
  switch (field) {
    case 'decision':
      return 'Select whether the AAG agrees the proposed category or overrides it';
    case 'category':
      return `Select the category the AAG agrees instead (${methodology.categories.map((c) => c.id).join(', ')})`;
    case 'rationale':
      return expected.includes('override')
        ? 'Enter why the AAG overrides the proposed category'
        : 'Enter why the AAG chooses this support';
    case 'supportSchool':
      return 'Select a support school from the list';
    case 'systemLeader':
      return 'Select a system leader from the list';
    case 'days':
      return 'Enter the days of support as a whole number, such as 6';
    case 'fundedBy':
      return 'Enter how the support is funded';
  }
}

/** A decision as the form holds it: what a sheet's row decided, to be saved as a draft the same way as the form's. */
export function formOfDecision(decision: SchoolDecision): DecisionForm {
  return {
    decision: decision.decision,
    ...(decision.category ? { category: decision.category } : {}),
    ...(decision.rationale ? { rationale: decision.rationale } : {}),
    ...(decision.supportSchool ? { supportSchool: decision.supportSchool } : {}),
    ...(decision.systemLeader ? { systemLeader: decision.systemLeader } : {}),
    ...(decision.days !== undefined ? { days: String(decision.days) } : {}),
    ...(decision.fundedBy ? { fundedBy: decision.fundedBy } : {}),
  };
}

/** The orders the AAG's list of proposals can be read in. */
export const PROPOSAL_ORDERS = ['changes-first', 'category', 'name'] as const;
export type ProposalOrder = (typeof PROPOSAL_ORDERS)[number];

export interface ProposalFilter {
  category?: string;
  phase?: string;
  /** Only the schools with an early warning. */
  earlyWarning?: boolean;
  /** Only the schools whose category the proposal changes. */
  changes?: boolean;
}

/** The district's proposals in the order asked for, filtered; ties in name order. */
export function orderProposals(
  lines: readonly ProposalLine[],
  order: ProposalOrder,
  filter: ProposalFilter,
  methodology: Pick<Methodology, 'categories'>,
): ProposalLine[] {
  const rank = new Map(methodology.categories.map((c, i) => [c.id, i]));
  const byName = (a: ProposalLine, b: ProposalLine) => a.school.localeCompare(b.school) || a.urn.localeCompare(b.urn);
  const compare: Record<ProposalOrder, (a: ProposalLine, b: ProposalLine) => number> = {
    'changes-first': (a, b) => Number(b.change) - Number(a.change) || byName(a, b),
    // The most serious category first (the methodology lists categories from A, the least).
    category: (a, b) => (rank.get(b.proposed) ?? -1) - (rank.get(a.proposed) ?? -1) || byName(a, b),
    name: byName,
  };
  return lines
    .filter(
      (l) =>
        (!filter.category || l.proposed === filter.category) &&
        (!filter.phase || l.phase === filter.phase) &&
        (!filter.earlyWarning || l.earlyWarning !== undefined) &&
        (!filter.changes || l.change),
    )
    .sort(compare[order]);
}
