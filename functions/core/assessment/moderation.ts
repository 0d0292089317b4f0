/**
 * AAG moderation. Each district's Area Analysis Group receives the proposed categories of its schools (a sheet
 * with a Decision column filled in as "agree"), agrees them or overrides one with a rationale, and returns the
 * sheet. Both the proposal and the decision are kept. If a district's AAG has not decided by the deadline, its
 * proposals stand, and the report says so.
 */
import { z } from 'zod';
import {
  oneOfCell,
  optionalCell,
  optionalText,
  optionalUrnCell,
  optionalWholeNumberCell,
  requiredText,
  urnCell,
} from '../cells';
import { groupBy } from '../collections';
import { toCsv } from '../csv';
import { canonicalLeaderId, LEADER_ID_FORM } from '../support/leader-ids';
import { writeXlsx } from '../xlsx';
import { decidingReasons, groupReasons } from './categorisation';
/**
 * What became of a district's AAG round: decided, the deadline passed, or agreed automatically (a local run), with its
 * counts.
 */
export interface DistrictModeration {
  district: string;
  outcome: 'decided' | 'deadline passed' | 'agreed automatically';
  agreed: number;
  overridden: number;
  /** Proposals no AAG decided by the deadline: they stand, undecided. */
  undecided: number;
}

import { type Row, readSheet, type SheetSpec } from '../sheets';
import type { Assessment, Moderation, RejectedRow, School, SupportChoice } from '../types';
import { inThisScheme, type Methodology } from './methodology';

export interface SchoolDecision {
  urn: string;
  decision: 'agree' | 'override';
  category?: string;
  rationale?: string;
  decidedBy?: string;
  /** The AAG's own choice of support school (its URN), in place of the brokering's proposal. */
  supportSchool?: string;
  /** The AAG's own choice of system leader (their id on the system leaders sheet), in place of the proposal. */
  systemLeader?: string;
  /** The days of school-to-school support the AAG agrees this term, in place of the default for the category. */
  days?: number;
  /** How the AAG agrees the support is funded, in place of the default. */
  fundedBy?: string;
}

const schoolDecisionSchema = z.object({
  urn: z.string(),
  decision: z.enum(['agree', 'override']),
  category: z.string().optional(),
  rationale: z.string().optional(),
  decidedBy: z.string().optional(),
  supportSchool: z.string().optional(),
  systemLeader: z.string().optional(),
  days: z.number().int().min(0).optional(),
  fundedBy: z.string().optional(),
});

/** A district's answer as the apply stage uses it: the AAG's decisions, or what stands without them. */
export interface DistrictResult {
  district: string;
  outcome: 'decided' | 'deadline passed' | 'agreed automatically';
  decidedAt?: string;
  submittedBy?: string;
  decisions: SchoolDecision[];
}

/**
 * An AAG's decisions as it puts them in, under its own district and the term (the aag-decisions table, whose
 * partition key is the district, so an AAG's access can be limited to its own). They never travel through the
 * state machine: only that they are there does.
 */
export const storedDecisionsSchema = z.object({
  district: z.string().min(1),
  term: z.string().min(1),
  decidedAt: z.string().min(1),
  /** The identity that put them in (on AWS, the caller's IAM ARN). */
  submittedBy: z.string().min(1),
  decisions: z.array(schoolDecisionSchema),
  /** Set once the cycle has been told: then, or 'too late' when the deadline had passed. */
  receivedAt: z.string().optional(),
  received: z.enum(['in time', 'too late']).optional(),
  /** Set when a rerun of the term asks the AAG again: the decisions are passed to that run too. */
  offeredAt: z.string().optional(),
});
export type StoredDecisions = z.infer<typeof storedDecisionsSchema>;

/** Whether stored decisions are still to be passed to the cycle: never passed on, or offered again since. */
export const awaitsPassingOn = (stored: StoredDecisions): boolean =>
  !stored.receivedAt || (stored.offeredAt !== undefined && stored.offeredAt > stored.receivedAt);

/**
 * What comes back on the round's task token, never any decisions: that every district's AAG decided (the last
 * one's answer ends the wait), or, locally with --agree, that every proposal is agreed. Without an answer by the
 * deadline, the state machine passes on that the deadline passed.
 */
export const roundAnswerSchema = z.object({
  outcome: z.enum(['decided', 'deadline passed', 'agreed automatically']),
  districts: z.number().int().min(0).optional(),
});
export type RoundAnswer = z.infer<typeof roundAnswerSchema>;

export const everyAagDecided = (districts: number): RoundAnswer => ({ outcome: 'decided', districts });

/** A district's answer with its decisions read from where the AAG stored them. */
export interface DistrictAnswer {
  district: string;
  sent: DistrictResult;
}

export const decisionsSheet: SheetSpec<SchoolDecision & { district: string }> = {
  name: 'aag-decisions',
  title: "An AAG's decisions on the proposed categories and brokering",
  columns: {
    district: {
      header: 'AAG area',
      aliases: ['District', 'Area'],
      required: true,
      description: "The AAG's area (the GIAS district unless the authority's aag-areas sheet says otherwise)",
      example: 'Ashdown',
    },
    urn: { header: 'URN', required: true, description: "The school's URN", example: '125100' },
    school: {
      header: 'School',
      required: false,
      description: "The school's name (for reading; not used)",
      example: 'Kenbury Primary School',
    },
    phase: {
      header: 'Phase',
      required: false,
      description: "The school's phase (for reading; not used)",
      example: 'primary',
    },
    governance: {
      header: 'Governance',
      required: false,
      description: 'Maintained or academy (for reading; not used)',
      example: 'maintained',
    },
    trust: { header: 'Trust', required: false, description: "An academy's trust (for reading; not used)", example: '' },
    previous: {
      header: 'Previous category',
      required: false,
      description: "The school's category last term (for reading; not used)",
      example: 'B',
    },
    proposed: {
      header: 'Proposed category',
      required: false,
      description: 'What the risk assessment proposed (for reading; not used)',
      example: 'C',
    },
    change: {
      header: 'Change',
      required: false,
      description: 'Whether the proposal changes the category: yes or no (for reading; not used)',
      example: 'yes',
    },
    reasons: { header: 'Reasons', required: false, description: 'Why (for reading; not used)', example: '' },
    proposedSupportSchool: {
      header: 'Proposed support school',
      required: false,
      description:
        'The school the brokering proposes to provide school-to-school support, with its URN (for reading; not used)',
      example: 'Kenbury Primary School (125100)',
    },
    proposedLeader: {
      header: 'Proposed system leader',
      required: false,
      description: 'The system leader or LIO the brokering proposes, with their id (for reading; not used)',
      example: 'Amelia Hall, NLE (nle:amelia-hall:140239)',
    },
    visits: {
      header: 'Visits this term',
      required: false,
      description: 'The adviser visits the proposed category brings this term (for reading; not used)',
      example: '1',
    },
    earlyWarning: {
      header: 'Early warning',
      required: false,
      description:
        'For a school not yet in a category of concern whose data is turning: "at risk: review", with the evidence (for reading; not used)',
      example: '',
    },
    decision: {
      header: 'Decision',
      required: true,
      description: 'agree, or override (the category)',
      example: 'agree',
    },
    category: {
      header: 'Agreed category',
      required: false,
      description: 'For an override: the category the AAG agrees instead',
      example: '',
    },
    supportSchool: {
      header: 'Support school (URN)',
      required: false,
      description: 'To choose a different support school from the one proposed: its URN (blank: as brokered)',
      example: '',
    },
    systemLeader: {
      header: 'System leader (id)',
      required: false,
      description:
        'To choose a different system leader or LIO: their id as the proposals show it, designation:name:home school URN (or la), e.g. lle:ben-obrien:140239; case, accents and apostrophes do not matter (blank: as brokered)',
      example: '',
    },
    days: {
      header: 'Days a term',
      aliases: ['Days'],
      required: false,
      description:
        "To agree other days of school-to-school support this term than the category's default (blank: the default)",
      example: '',
    },
    fundedBy: {
      header: 'Funded by',
      aliases: ['Funding'],
      required: false,
      description:
        'To record other funding than the default: a grant or programme, or the school itself (blank: the default)',
      example: '',
    },
    rationale: {
      header: 'Rationale',
      required: false,
      description: 'For an override or a choice of support: why (kept with the decision and shown in the report)',
      example: '',
    },
    decidedBy: {
      header: 'Decided by',
      required: false,
      description: 'Who recorded the decision',
      example: 'Ashdown AAG, 10 Sep 2026',
    },
  },
  row: z
    .object({
      district: requiredText('a district'),
      urn: urnCell,
      school: z.string(),
      phase: z.string(),
      governance: z.string(),
      trust: z.string(),
      previous: z.string(),
      proposed: z.string(),
      change: z.string(),
      reasons: z.string(),
      proposedSupportSchool: z.string(),
      proposedLeader: z.string(),
      visits: z.string(),
      earlyWarning: z.string(),
      decision: oneOfCell(['agree', 'override'] as const, { agreed: 'agree', overridden: 'override', yes: 'agree' }),
      category: z.string(),
      supportSchool: optionalUrnCell,
      systemLeader: optionalCell(
        z.string().transform((typed, ctx) => {
          const id = canonicalLeaderId(typed);
          if (!LEADER_ID_FORM.test(id)) {
            ctx.addIssue({
              code: 'custom',
              message:
                "a system leader's id as the proposals show it: designation:name:home school URN (or la), e.g. lle:ben-obrien:140239",
            });
            return z.NEVER;
          }
          return id;
        }),
      ),
      days: optionalWholeNumberCell,
      fundedBy: optionalText,
      rationale: z.string(),
      decidedBy: z.string(),
    })
    .superRefine((row, ctx) => {
      if (row.decision === 'override' && row.category === '')
        ctx.addIssue({ code: 'custom', path: ['category'], message: 'the category the AAG agrees, for an override' });
      if (row.decision === 'override' && row.rationale === '')
        ctx.addIssue({ code: 'custom', path: ['rationale'], message: 'the reason for the override' });
      if (
        row.decision === 'agree' &&
        row.rationale === '' &&
        (row.supportSchool || row.systemLeader || row.days !== undefined || row.fundedBy)
      )
        ctx.addIssue({ code: 'custom', path: ['rationale'], message: 'the reason for choosing the support' });
    })
    .transform((row) => ({
      district: row.district,
      urn: row.urn,
      decision: row.decision,
      ...(row.decision === 'override' ? { category: row.category } : {}),
      ...(row.rationale ? { rationale: row.rationale } : {}),
      ...(row.supportSchool ? { supportSchool: row.supportSchool } : {}),
      ...(row.systemLeader ? { systemLeader: row.systemLeader } : {}),
      ...(row.days !== undefined ? { days: row.days } : {}),
      ...(row.fundedBy ? { fundedBy: row.fundedBy } : {}),
      ...(row.decidedBy ? { decidedBy: row.decidedBy } : {}),
    })),
  unique: { key: (d) => d.urn, column: 'urn', expected: 'one decision per school' },
};

type DecisionsColumn = keyof typeof decisionsSheet.columns;

/** The headers of the AAG's sheet, in order. */
export const DECISIONS_HEADERS = Object.values(decisionsSheet.columns).map((c) => c.header);

/** A row of the AAG's sheet from its cells by column, so that no value lands under another column's header. */
export function decisionsRow(
  cells: Partial<Record<DecisionsColumn, string | number | undefined>>,
): (string | number | undefined)[] {
  return (Object.keys(decisionsSheet.columns) as DecisionsColumn[]).map((column) => cells[column] ?? '');
}

/** Reads an AAG decisions sheet, checking each category against the methodology. */
export function readDecisions(
  file: string,
  rows: Iterable<Row>,
  methodology: Methodology,
): { decisions: (SchoolDecision & { district: string })[]; rejected: RejectedRow[] } {
  const result = readSheet(decisionsSheet, file, rows);
  const ids = methodology.categories.map((c) => c.id);
  const rejected = [...result.rejected];
  const decisions = result.accepted.flatMap(({ line, value }) => {
    if (value.category === undefined) return [value];
    // A category of the scheme this methodology replaced is read as it names it (its `mapsFrom`).
    const category = inThisScheme(methodology, value.category);
    if (!ids.includes(category)) {
      rejected.push({
        file,
        row: line,
        column: 'Agreed category',
        value: value.category,
        expected: `one of ${ids.join(', ')}`,
      });
      return [];
    }
    return [{ ...value, category }];
  });
  return { decisions, rejected };
}

/**
 * A school's proposal as its AAG is shown it, on its sheet and on its page in the portal: one reading of the proposal,
 * so that the two say the same.
 */
export interface ProposalLine {
  urn: string;
  school: string;
  phase: string;
  governance: 'academy' | 'maintained';
  trust?: string;
  previous?: string;
  proposed: string;
  /** The proposal changes the school's category from last term's. */
  change: boolean;
  reasons: { text: string; evidence: string }[];
  /** The support school the brokering proposes, as "name (URN)", or that none is available. */
  proposedSupportSchool: string;
  /** The system leader or LIO it proposes, as "name, designation (id)", or that none is available. */
  proposedLeader: string;
  visits?: number;
  earlyWarning?: string;
}

/** The proposals of a district's schools as its AAG is shown them, in name order. */
export function proposalLines(
  district: string,
  proposals: readonly Assessment[],
  schools: readonly School[],
): ProposalLine[] {
  const bySchool = new Map(schools.map((s) => [s.urn, s]));
  return proposals
    .filter((a) => bySchool.get(a.urn)?.district === district)
    .sort((a, b) => (bySchool.get(a.urn)?.name ?? '').localeCompare(bySchool.get(b.urn)?.name ?? ''))
    .map((a): ProposalLine => {
      const school = bySchool.get(a.urn);
      const proposed = a.proposedCategory ?? a.category;
      const support = a.proposedSupport;
      return {
        urn: a.urn,
        school: school?.name ?? '',
        phase: school?.phase ?? '',
        governance: school?.isAcademy ? 'academy' : 'maintained',
        ...(school?.trustName ? { trust: school.trustName } : {}),
        ...(a.previousCategory !== undefined ? { previous: a.previousCategory } : {}),
        proposed,
        change: a.previousCategory !== undefined && a.previousCategory !== proposed,
        reasons: groupReasons(decidingReasons(a)).map((r) => ({ text: r.text, evidence: r.evidence })),
        proposedSupportSchool: support?.provider
          ? `${support.provider.name} (${support.provider.urn})`
          : support?.unmet.some((u) => u.includes('school-to-school'))
            ? 'none available: referred to the TSC board'
            : '',
        proposedLeader: support?.leader
          ? `${support.leader.name}, ${support.leader.designation} (${support.leader.id})`
          : support && support.visitsThisTerm > 0
            ? 'none available: referred to the TSC board'
            : '',
        ...(support && support.visitsThisTerm > 0 ? { visits: support.visitsThisTerm } : {}),
        ...(a.earlyWarning?.summary ? { earlyWarning: a.earlyWarning.summary } : {}),
      };
    });
}

/**
 * The sheet each district's AAG receives: its schools' proposed categories and the support the brokering
 * proposes with them, each marked "agree" to start with. Rows are in name order.
 */
export function proposalRows(
  district: string,
  proposals: readonly Assessment[],
  schools: readonly School[],
): (string | number | undefined)[][] {
  return proposalLines(district, proposals, schools).map((line) =>
    decisionsRow({
      district,
      urn: line.urn,
      school: line.school || undefined,
      phase: line.phase || undefined,
      governance: line.governance,
      trust: line.trust,
      previous: line.previous,
      proposed: line.proposed,
      change: line.change ? 'yes' : 'no',
      reasons: line.reasons.map((r) => `${r.text} (${r.evidence})`).join('; '),
      proposedSupportSchool: line.proposedSupportSchool,
      proposedLeader: line.proposedLeader,
      visits: line.visits ?? '',
      earlyWarning: line.earlyWarning,
      decision: 'agree',
    }),
  );
}

export function proposalsCsv(district: string, proposals: readonly Assessment[], schools: readonly School[]): string {
  return toCsv(DECISIONS_HEADERS, proposalRows(district, proposals, schools));
}

/** The same sheet as a workbook: the header stays in view, and the Decision column offers agree or override. */
export function proposalsXlsx(
  district: string,
  proposals: readonly Assessment[],
  schools: readonly School[],
): Uint8Array {
  const decisionColumn = Object.keys(decisionsSheet.columns).indexOf('decision');
  return writeXlsx({
    name: `${district} proposals`,
    headers: DECISIONS_HEADERS,
    rows: proposalRows(district, proposals, schools),
    choices: [{ column: decisionColumn, values: ['agree', 'override'] }],
  });
}

/** Who confirms a term whose changes passed the limit; its task token sits beside the AAGs', under this name. */
export const ECB = 'Education Challenge Board';

/** The ECB's limit on how much one term may change before any letter goes without its confirmation. */
export interface ChangeLimit {
  /** The share of schools whose category may change in one term without the ECB's confirmation (0.15 = 15%). */
  readonly maxChangeShare: number;
  /** Below this many changes the share is not checked (a small authority's first term moves a few schools). */
  readonly minChangesToHold: number;
}

/**
 * Whether the term's changes need the ECB to confirm them before any letter goes: a wrong Ofsted file or a rule
 * gone astray moves many schools at once, and a letter once sent cannot be taken back.
 */
export function changesNeedConfirmation(
  changes: number,
  schools: number,
  limit: ChangeLimit,
): { needed: boolean; share: number; reason?: string } {
  const share = schools === 0 ? 0 : changes / schools;
  const needed = changes >= limit.minChangesToHold && share > limit.maxChangeShare;
  return {
    needed,
    share,
    ...(needed
      ? {
          reason: `${changes} of ${schools} schools (${Math.round(share * 100)}%) would change category this term, more than the ECB's limit of ${Math.round(limit.maxChangeShare * 100)}%: no letter is sent until the ECB confirms the changes`,
        }
      : {}),
  };
}

export const slugOf = (district: string) =>
  district
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** A decision the round accepted: an AAG's decision about a school of its own district, with its district's answer. */
export interface AcceptedDecision extends SchoolDecision {
  district: string;
  decidedAt?: string;
  submittedBy?: string;
}

/** What a district's AAG did by the time the round closed, without its decisions. */
export interface DistrictOutcome {
  district: string;
  outcome: DistrictResult['outcome'];
  decidedAt?: string;
  submittedBy?: string;
  /**
   * Who agreed the proposals of this district that no decision written onto them says otherwise about
   * (leaveAgreesToOutcomes).
   */
  agreedBy?: string;
}

/**
 * The term's round as it closed: each answered district's outcome, and what stands for every other district
 * (its deadline passed, or, locally with --agree, every proposal agreed). A batch of schools needs only this and
 * the decisions about its own schools.
 */
export interface ClosedRound {
  outcomes: DistrictOutcome[];
  otherwise: 'deadline passed' | 'agreed automatically';
}

/**
 * Checks the answers the round counted, once for the whole term, before any batch applies them: a decision
 * counts for the district whose token it came back on, only about a school of that district (`districtOf` holds
 * the districts of the schools the decisions name), and an override only to a category of the methodology. The
 * last decision about a school is the one that counts.
 */
export function checkDecisions(
  answers: readonly DistrictAnswer[],
  districtOf: ReadonlyMap<string, string>,
  methodology: Methodology,
): { outcomes: DistrictOutcome[]; accepted: AcceptedDecision[]; problems: string[] } {
  const problems: string[] = [];
  const accepted = new Map<string, AcceptedDecision>();
  const outcomes = answers.map(({ district, sent }): DistrictOutcome => {
    if (sent.district !== district)
      problems.push(
        `${district}: the answer sent with the ${district} AAG's token names ${sent.district}; it is taken as ${district}'s`,
      );
    for (const decision of sent.decisions) {
      const theirs = districtOf.get(decision.urn);
      if (theirs !== district) {
        problems.push(
          `${district}: URN ${decision.urn} is not a school of this district${theirs ? ` (it is ${theirs}'s)` : ''}; the decision put in for the ${district} AAG${sent.submittedBy ? ` by ${sent.submittedBy}` : ''}${decision.decidedBy ? ` (decided by ${decision.decidedBy})` : ''} was refused`,
        );
        continue;
      }
      if (
        decision.decision === 'override' &&
        (!decision.category || !methodology.categories.some((c) => c.id === decision.category))
      ) {
        problems.push(
          `${district}: URN ${decision.urn}: '${decision.category ?? ''}' is not a category of ${methodology.id}; the proposal stands`,
        );
        continue;
      }
      accepted.set(decision.urn, { ...decision, district, ...answeredAt(sent) });
    }
    return { district, outcome: sent.outcome, ...answeredAt(sent) };
  });
  return { outcomes, accepted: [...accepted.values()], problems };
}

/**
 * A decision that agrees the proposal as it stands: the proposed category and the proposed support, no choice of its
 * own.
 */
const plainAgree = (d: SchoolDecision) => d.decision === 'agree' && !choosesSupport(d);

/**
 * Whether a decision chooses any of the support itself: the support school, the system leader, the days or the funding.
 */
const choosesSupport = (d: SchoolDecision) =>
  Boolean(d.supportSchool || d.systemLeader || d.days !== undefined || d.fundedBy);

/**
 * The accepted decisions that must be written onto their proposals, and each district's outcome with who agreed the
 * rest. An AAG's sheet comes back with a row for every school, most of them agreeing; a plain agree changes
 * nothing its district's outcome does not say but the name it was agreed by, so the name most of a district's plain
 * agrees give goes on its outcome (`agreedBy`) and only the other decisions are written: overrides, choices of
 * support, and agrees by another name. agreeCategories agrees the same categories either way.
 */
export function leaveAgreesToOutcomes(
  outcomes: readonly DistrictOutcome[],
  accepted: readonly AcceptedDecision[],
): { outcomes: DistrictOutcome[]; toWrite: AcceptedDecision[] } {
  const agreedBy = new Map<string, string | undefined>();
  for (const [district, agrees] of groupBy(accepted.filter(plainAgree), (d) => d.district)) {
    const names = new Map<string | undefined, number>();
    for (const d of agrees) names.set(d.decidedBy, (names.get(d.decidedBy) ?? 0) + 1);
    agreedBy.set(district, [...names].sort((a, b) => b[1] - a[1])[0]![0]);
  }
  return {
    outcomes: outcomes.map((o) =>
      agreedBy.get(o.district) !== undefined ? { ...o, agreedBy: agreedBy.get(o.district)! } : o,
    ),
    toWrite: accepted.filter(
      (d) => !(plainAgree(d) && agreedBy.has(d.district) && d.decidedBy === agreedBy.get(d.district)),
    ),
  };
}

const answeredAt = (result: { decidedAt?: string; submittedBy?: string }) => ({
  ...(result.decidedAt ? { decidedAt: result.decidedAt } : {}),
  ...(result.submittedBy ? { submittedBy: result.submittedBy } : {}),
});

/**
 * The agreed categories of a batch's proposals: a school's agreed category is its AAG's override or its proposal;
 * the proposal is kept beside it, and `changed` is judged on the agreed category. `decisions` are the accepted
 * decisions about these schools, by URN; `districtOf` holds each school's district.
 */
export function agreeCategories(
  proposals: readonly Assessment[],
  decisions: ReadonlyMap<string, AcceptedDecision>,
  districtOf: ReadonlyMap<string, string>,
  round: ClosedRound,
): Assessment[] {
  const outcomeOf = new Map(round.outcomes.map((o) => [o.district, o]));
  return proposals.map((proposal): Assessment => {
    const proposed = proposal.proposedCategory ?? proposal.category;
    const district = districtOf.get(proposal.urn) ?? '';
    const found = decisions.get(proposal.urn);
    const result = outcomeOf.get(district) ?? { district, outcome: round.otherwise };
    let moderation: Moderation;
    let category = proposed;
    if (found?.decision === 'override' && found.category) {
      category = found.category;
      moderation = {
        decision: 'override',
        by: found.decidedBy ?? `${district} AAG`,
        rationale: found.rationale,
        decidedAt: found.decidedAt,
        ...submitted(found),
      };
    } else if (result.outcome === 'decided') {
      // A decision written onto the proposal names its own; the rest were agreed by the name on the district's outcome.
      moderation = {
        decision: 'agree',
        by: (found ? found.decidedBy : result.agreedBy) ?? `${district} AAG`,
        decidedAt: result.decidedAt,
        ...submitted(result),
      };
    } else if (result.outcome === 'agreed automatically') {
      moderation = { decision: 'agree', by: 'agreed automatically (local run)' };
    } else {
      moderation = { decision: 'undecided', by: UNDECIDED };
    }
    const chose = found && choosesSupport(found) ? found : undefined;
    const supportChoice: SupportChoice | undefined = chose
      ? {
          ...(chose.supportSchool ? { providerUrn: chose.supportSchool } : {}),
          ...(chose.systemLeader ? { leaderId: chose.systemLeader } : {}),
          ...(chose.days !== undefined ? { days: chose.days } : {}),
          ...(chose.fundedBy ? { fundedBy: chose.fundedBy } : {}),
          ...(chose.rationale ? { rationale: chose.rationale } : {}),
          by: chose.decidedBy ?? `${district} AAG`,
          ...(chose.decidedAt ? { decidedAt: chose.decidedAt } : {}),
        }
      : undefined;
    return {
      ...proposal,
      proposedCategory: proposed,
      category,
      moderation,
      ...(supportChoice ? { supportChoice } : {}),
      changed: proposal.previousCategory !== undefined && proposal.previousCategory !== category,
    };
  });
}

/**
 * How each district's AAG dealt with its proposals, for the report: its outcome, and its schools agreed, overridden and
 * undecided.
 */
export function districtModeration(
  round: ClosedRound,
  schools: readonly School[],
  assessments: readonly Assessment[],
): DistrictModeration[] {
  const districtOf = new Map(schools.map((s) => [s.urn, s.district]));
  const outcomeOf = new Map(round.outcomes.map((o) => [o.district, o.outcome]));
  const assessmentsIn = groupBy(assessments, (a) => districtOf.get(a.urn));
  return [...new Set(schools.map((s) => s.district))].sort().map((district): DistrictModeration => {
    const inDistrict = assessmentsIn.get(district) ?? [];
    const overridden = inDistrict.filter((a) => a.moderation?.decision === 'override').length;
    const undecided = inDistrict.filter((a) => a.moderation?.decision === 'undecided').length;
    return {
      district,
      outcome: outcomeOf.get(district) ?? round.otherwise,
      agreed: inDistrict.length - overridden - undecided,
      overridden,
      undecided,
    };
  });
}

/** How the record names a proposal no AAG decided by its deadline. */
export const UNDECIDED = 'no AAG decision by the deadline: the proposal stands';

/** Who stands in for an AAG that did not decide, where the run has the ECB's confirmation (confirmChanges). */
export const ECB_CONFIRMED = "the Education Challenge Board (it confirmed the term's changes)";

/** The undecided proposals of a batch confirmed by the ECB in the AAG's place: the run's confirmChanges. */
export function confirmUndecided(assessments: readonly Assessment[]): Assessment[] {
  return assessments.map((a) =>
    a.moderation?.decision === 'undecided' && !a.moderation.confirmedBy
      ? { ...a, moderation: { ...a.moderation, confirmedBy: ECB_CONFIRMED } }
      : a,
  );
}

/**
 * Whether a school's change of category is one its letters wait for: a proposal no AAG decided, that the ECB has not
 * confirmed, under a methodology that holds such letters.
 */
export function lettersWaitForDecision(
  assessment: Pick<Assessment, 'moderation'>,
  methodology: Pick<Methodology, 'undecidedProposals'>,
): boolean {
  return (
    assessment.moderation?.decision === 'undecided' &&
    !assessment.moderation.confirmedBy &&
    methodology.undecidedProposals.letters === 'hold'
  );
}

/** What a decision says in words, for the assessments' CSV and a school's page. */
export function decisionInWords(moderation: Moderation | undefined): string {
  if (!moderation) return '';
  if (moderation.decision === 'undecided')
    return `none by the deadline${moderation.confirmedBy ? `; confirmed by ${moderation.confirmedBy}` : ''}`;
  return moderation.decision;
}

const submitted = (result: { submittedBy?: string }) => (result.submittedBy ? { submittedBy: result.submittedBy } : {});
