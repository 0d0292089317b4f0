/**
 * Formal warning notices (section 60 of the Education and Inspections Act 2006), as the ECB runs them. Each term
 * the cycle carries every school's notice forward and asks the ECB one question about each that needs its
 * decision:
 *   - issue a warning notice: a maintained school in a category the policy names, whose task group found the
 *     impact of support insufficient in its last reports (two terms by default);
 *   - refer the academy to the DfE: the same for an academy, which the authority cannot send a notice to: the
 *     DfE's regional team acts on academies, and is sent the evidence instead;
 *   - not complied: escalate: a notice whose compliance date has passed without the task group finding enough
 *     improvement; the next step (an Interim Executive Board, suspending the delegated budget) is the ECB's;
 *   - withdraw the notice: a notice whose compliance date has passed and whose task group now finds the impact
 *     adequate or strong.
 * The ECB answers (issue or not, escalate, extend, withdraw or keep in force, each with its rationale); a question
 * it leaves unanswered is asked again the next term. Pure: the notices and decisions in, the notices out.
 */

import { z } from 'zod';
import { decidingReasons, groupReasons } from '../assessment/categorisation';
import { oneOfCell, optionalCell, optionalDateCell, urnCell } from '../cells';
import { groupByUrn } from '../collections';
import { toCsv } from '../csv';
import { addDays, formatDate, ukDate } from '../dates';
import { type Row, readSheet, type SheetSpec } from '../sheets';
import { compareTerms, describeTerm, nextTerm } from '../term';
import type { Assessment, Intelligence, RejectedRow, School, TaskGroupReport } from '../types';

import type { WarningNoticePolicy } from './notice-policy';

export { type WarningNoticePolicy, warningNoticePolicySchema } from './notice-policy';

export const NOTICE_QUESTIONS = [
  'issue a warning notice',
  'refer the academy to the DfE',
  'not complied: escalate',
  'withdraw the notice',
] as const;
export type NoticeQuestion = (typeof NOTICE_QUESTIONS)[number];

export const NOTICE_DECISIONS = [
  'issue',
  'do not issue',
  'refer',
  'do not refer',
  'escalate',
  'extend',
  'withdraw',
  'keep in force',
] as const;
export type NoticeDecision = (typeof NOTICE_DECISIONS)[number];

/** The answers that fit each question. */
export const ANSWERS: Record<NoticeQuestion, readonly NoticeDecision[]> = {
  'issue a warning notice': ['issue', 'do not issue'],
  'refer the academy to the DfE': ['refer', 'do not refer'],
  'not complied: escalate': ['escalate', 'extend', 'withdraw'],
  'withdraw the notice': ['withdraw', 'keep in force'],
};

export type NoticeStatus =
  | 'proposed'
  | 'not issued'
  | 'issued'
  | 'not complied'
  | 'escalated'
  | 'withdrawn'
  | 'referred'
  | 'not referred';

/** Statuses after which nothing more happens to a notice; a new one may be proposed on later evidence. */
const CLOSED: readonly NoticeStatus[] = ['not issued', 'withdrawn', 'referred', 'not referred'];

export interface NoticeEvent {
  term: string;
  /** The day it happened (ISO). */
  on: string;
  what: string;
  by: string;
  rationale?: string;
}

export interface WarningNotice {
  term: string;
  urn: string;
  district: string;
  /** A notice to a maintained school, or the evidence sent to the DfE about an academy. */
  kind: 'warning notice' | 'DfE referral';
  status: NoticeStatus;
  /** What the ECB is asked about this notice this term; none when nothing is due. */
  question?: NoticeQuestion;
  /** The concerns the notice sets out: the evidence the proposal rests on. */
  concerns: string[];
  /** The action the notice requires, from the policy in force when it was proposed. */
  actionRequired: string[];
  /** The policy that proposed it. */
  policy: string;
  proposedIn: string;
  issuedOn?: string;
  complianceDate?: string;
  /** The term it was closed in (not issued, withdrawn, referred), after which a new notice may be proposed. */
  closedIn?: string;
  /** The ECB's decision this term, which the letters follow. */
  decided?: { decision: NoticeDecision; on: string; by: string; rationale: string };
  history: NoticeEvent[];
}

export interface ProposalInput {
  readonly term: string;
  /** The first day of the term (ISO). */
  readonly termStart: string;
  /** The run's date (ISO): a compliance date before it has passed, and what the cycle records happens on it. */
  readonly today?: string;
  readonly schools: readonly School[];
  /** The term's agreed categories. */
  readonly assessments: readonly Assessment[];
  /** Every task-group report the cycle holds for the term (last term's and any earlier ones given). */
  readonly reports: readonly TaskGroupReport[];
  /** Last term's notices. */
  readonly previous: readonly WarningNotice[];
  /** This term's notices as an earlier run of the term left them: those the ECB has decided are kept as they are. */
  readonly decidedThisTerm?: readonly WarningNotice[];
  /** The methodology's policy; without one, notices are carried and judged but none is newly proposed. */
  readonly policy?: WarningNoticePolicy;
}

const THE_CYCLE = 'the cycle, by the warning-notice policy';

function reportsOf(reports: readonly TaskGroupReport[], urn: string, after?: string): TaskGroupReport[] {
  const latestByTerm = new Map<string, TaskGroupReport>();
  for (const r of reports)
    if (r.urn === urn && (after === undefined || compareTerms(r.term, after) >= 0)) latestByTerm.set(r.term, r);
  return [...latestByTerm.values()].sort((a, b) => compareTerms(b.term, a.term));
}

const reportLine = (r: TaskGroupReport) =>
  `The task group found the impact of support ${r.impact} in the ${describeTerm(r.term)}${r.summary ? `: ${r.summary}` : ''}`;

/** Why a school would be proposed a notice this term, or nothing if it would not. */
function grounds(
  school: School,
  assessment: Assessment | undefined,
  reports: readonly TaskGroupReport[],
  policy: WarningNoticePolicy,
  since?: string,
): string[] | undefined {
  if (!assessment || !policy.propose.categories.includes(assessment.category)) return undefined;
  const latest = reportsOf(reports, school.urn, since).slice(0, policy.propose.insufficientImpactTerms);
  if (latest.length < policy.propose.insufficientImpactTerms || latest.some((r) => r.impact !== 'insufficient'))
    return undefined;
  return [
    ...groupReasons(decidingReasons(assessment)).map((r) => `${r.text} (${r.evidence})`),
    ...[...latest].reverse().map(reportLine),
  ];
}

/**
 * The term's notices: last term's carried forward, each with this term's question, and new proposals. The
 * compliance of a notice whose date has passed is judged from the task group's latest report since it was issued.
 */
export function proposeWarningNotices(input: ProposalInput): WarningNotice[] {
  const { term, policy } = input;
  const schools = new Map(input.schools.map((s) => [s.urn, s]));
  const assessments = new Map(input.assessments.map((a) => [a.urn, a]));
  // Each school's own reports, found once: not the whole term's reports searched for every school.
  const reportsByUrn = groupByUrn(input.reports);
  const reportsFor = (urn: string) => reportsByUrn.get(urn) ?? [];
  const notices = new Map<string, WarningNotice>();
  for (const before of input.previous) {
    if (!schools.has(before.urn)) continue;
    const carried: WarningNotice = { ...before, term, history: [...before.history] };
    delete carried.decided;
    delete carried.question;
    if (before.status === 'proposed') carried.question = before.question;
    else if (before.status === 'not complied') carried.question = 'not complied: escalate';
    else if (
      (before.status === 'issued' || before.status === 'escalated') &&
      before.complianceDate &&
      before.complianceDate < (input.today ?? input.termStart)
    ) {
      const latest = reportsOf(reportsFor(before.urn), before.urn, before.proposedIn)[0];
      const improved = latest
        ? latest.impact !== 'insufficient'
        : !(policy?.propose.categories ?? []).includes(assessments.get(before.urn)?.category ?? '');
      if (improved) carried.question = 'withdraw the notice';
      else if (before.status === 'issued') {
        carried.status = 'not complied';
        carried.question = 'not complied: escalate';
        carried.history.push({
          term,
          on: input.today ?? input.termStart,
          what: `not complied with by ${formatDate(before.complianceDate)}: flagged to the ECB for the next step`,
          by: THE_CYCLE,
          ...(latest ? { rationale: reportLine(latest) } : {}),
        });
      }
      if (improved)
        carried.history.push({
          term,
          on: input.today ?? input.termStart,
          what: 'the compliance date has passed and the task group finds improvement: the ECB is asked to withdraw the notice',
          by: THE_CYCLE,
          ...(latest ? { rationale: reportLine(latest) } : {}),
        });
    }
    notices.set(before.urn, carried);
  }
  for (const school of policy ? input.schools : []) {
    const existing = notices.get(school.urn);
    if (existing && !CLOSED.includes(existing.status)) continue;
    // After a notice is closed, only task-group reports from later terms can ground a new one.
    const found = grounds(
      school,
      assessments.get(school.urn),
      reportsFor(school.urn),
      policy!,
      existing?.closedIn ? nextTerm(existing.closedIn) : undefined,
    );
    if (!found) continue;
    const kind = school.isAcademy ? 'DfE referral' : 'warning notice';
    const question: NoticeQuestion = school.isAcademy ? 'refer the academy to the DfE' : 'issue a warning notice';
    notices.set(school.urn, {
      term,
      urn: school.urn,
      district: school.district,
      kind,
      status: 'proposed',
      question,
      concerns: found,
      actionRequired: [...policy!.actionRequired],
      policy: policy!.id,
      proposedIn: term,
      history: [
        ...(existing?.history ?? []),
        {
          term,
          on: input.today ?? input.termStart,
          what: `proposed: ${question}`,
          by: THE_CYCLE,
          rationale: `in category ${assessments.get(school.urn)!.category}, and the task group found the impact of support insufficient in its last ${policy!.propose.insufficientImpactTerms} reports`,
        },
      ],
    });
  }
  // A rerun of the term keeps what the ECB already decided in it (and so the letters that followed).
  for (const decided of input.decidedThisTerm ?? [])
    if (decided.decided && decided.term === term) notices.set(decided.urn, decided);
  return [...notices.values()].sort((a, b) => a.urn.localeCompare(b.urn));
}

/** One of the ECB's decisions on a notice, as its sheet (or its answer to the task token) gives it. */
export const ecbNoticeDecisionSchema = z.object({
  urn: z.string().regex(/^\d{6,7}$/),
  decision: z.enum(NOTICE_DECISIONS),
  /** For issue or extend: the compliance date (ISO); for issue, the policy's default if not given. */
  complianceDate: z.iso.date().optional(),
  rationale: z.string().min(1),
  decidedBy: z.string().min(1).optional(),
});
export type EcbNoticeDecision = z.infer<typeof ecbNoticeDecisionSchema>;

/**
 * The ECB's answer: its decisions, and who put them in. It is stored with the term's request to the ECB (the
 * moderation table), never carried through the state machine.
 */
export const ecbNoticeAnswerSchema = z.object({
  outcome: z.literal('decided'),
  decisions: z.array(ecbNoticeDecisionSchema),
  by: z.string().min(1),
});
export type EcbNoticeAnswer = z.infer<typeof ecbNoticeAnswerSchema>;

/** What the ECB's answer to the task token carries: that it decided, and how many decisions are stored. */
export const ecbNoticeTokenSchema = z.object({ outcome: z.literal('decided'), decisions: z.number().int().min(0) });
export type EcbNoticeToken = z.infer<typeof ecbNoticeTokenSchema>;

const OUTCOME: Record<NoticeDecision, { status?: NoticeStatus; what: string }> = {
  issue: { status: 'issued', what: 'the ECB issued the warning notice' },
  'do not issue': { status: 'not issued', what: 'the ECB decided not to issue a warning notice' },
  refer: { status: 'referred', what: "the ECB referred the academy to the DfE's regional team, with the evidence" },
  'do not refer': { status: 'not referred', what: 'the ECB decided not to refer the academy to the DfE' },
  escalate: {
    status: 'escalated',
    what: 'the ECB escalated the notice: the next step is an Interim Executive Board or suspending the delegated budget',
  },
  extend: { status: 'issued', what: 'the ECB extended the compliance date' },
  withdraw: { status: 'withdrawn', what: 'the ECB withdrew the warning notice' },
  'keep in force': { what: 'the ECB kept the warning notice in force' },
};

/**
 * The ECB's decisions applied to the term's notices, on the day its letters are dated. A decision on a school with
 * no question this term, or one that does not fit the question, is not applied and is named as a problem.
 */
export function applyEcbNoticeDecisions(
  notices: readonly WarningNotice[],
  decisions: readonly EcbNoticeDecision[],
  context: { on: string; by: string; complianceDays: number; minimumComplianceDays?: number },
): { notices: WarningNotice[]; problems: string[] } {
  const byUrn = new Map(decisions.map((d) => [d.urn, d]));
  const problems: string[] = [];
  const asked = new Set(notices.filter((n) => n.question || n.decided).map((n) => n.urn));
  for (const d of decisions)
    if (!asked.has(d.urn))
      problems.push(
        `URN ${d.urn}: the ECB decided "${d.decision}", but it was asked nothing about this school this term; not applied`,
      );
  const result = notices.map((notice): WarningNotice => {
    const d = byUrn.get(notice.urn);
    if (d && notice.decided) {
      // Decided already in an earlier run of the term: the same decision again changes nothing.
      if (d.decision !== notice.decided.decision)
        problems.push(
          `URN ${notice.urn}: the ECB already decided "${notice.decided.decision}" this term; "${d.decision}" is not applied`,
        );
      return notice;
    }
    if (!d || !notice.question) return notice;
    if (!ANSWERS[notice.question].includes(d.decision)) {
      problems.push(
        `URN ${notice.urn}: "${d.decision}" does not answer "${notice.question}" (expected ${ANSWERS[notice.question].join(' or ')}); the question stays open`,
      );
      return notice;
    }
    if (d.decision === 'extend' && !d.complianceDate) {
      problems.push(`URN ${notice.urn}: "extend" needs the new compliance date; the question stays open`);
      return notice;
    }
    const tooSoon = complianceDateTooSoon(notice, d, context);
    if (tooSoon) {
      problems.push(`URN ${notice.urn}: ${tooSoon}; the question stays open`);
      return notice;
    }
    const by = d.decidedBy ?? context.by;
    const next: WarningNotice = {
      ...notice,
      history: [...notice.history],
      decided: { decision: d.decision, on: context.on, by, rationale: d.rationale },
    };
    delete next.question;
    const outcome = OUTCOME[d.decision];
    if (outcome.status) next.status = outcome.status;
    if (d.decision === 'issue') {
      next.issuedOn = context.on;
      next.complianceDate = d.complianceDate ?? addDays(context.on, context.complianceDays);
    }
    if (d.decision === 'extend' || (d.decision === 'keep in force' && d.complianceDate))
      next.complianceDate = d.complianceDate;
    if (next.status !== notice.status && CLOSED.includes(next.status)) next.closedIn = notice.term;
    const dated =
      next.complianceDate && (d.decision === 'issue' || d.decision === 'extend' || d.decision === 'keep in force')
        ? `; compliance date ${formatDate(next.complianceDate)}`
        : '';
    next.history.push({
      term: notice.term,
      on: context.on,
      what: `${outcome.what}${dated}`,
      by,
      rationale: d.rationale,
    });
    return next;
  });
  return { notices: result, problems };
}

/**
 * Why a compliance date the ECB gives cannot stand, if it cannot: a notice given today must leave the governing body
 * the days its actions need (the policy's minimumComplianceDays) before it must comply; an extension must be later
 * than the date it extends, and after today.
 */
export function complianceDateTooSoon(
  notice: Pick<WarningNotice, 'complianceDate'>,
  decision: Pick<EcbNoticeDecision, 'decision' | 'complianceDate'>,
  context: { on: string; minimumComplianceDays?: number },
): string | undefined {
  const date = decision.complianceDate;
  if (!date) return undefined;
  if (decision.decision === 'issue') {
    const earliest = addDays(context.on, context.minimumComplianceDays ?? 1);
    if (date >= earliest) return undefined;
    if (!context.minimumComplianceDays)
      return `the compliance date ${formatDate(date)} is not after the notice's own date (${formatDate(context.on)})`;
    return `the compliance date ${formatDate(date)} leaves less than the ${context.minimumComplianceDays} days the notice's actions need after its date (${formatDate(context.on)}): the earliest it can be is ${formatDate(earliest)}`;
  }
  if (decision.decision === 'extend' || decision.decision === 'keep in force') {
    if (notice.complianceDate && date <= notice.complianceDate)
      return `the new compliance date ${formatDate(date)} is not later than the date it replaces (${formatDate(notice.complianceDate)})`;
    if (date <= context.on)
      return `the new compliance date ${formatDate(date)} is not after the day the ECB decides (${formatDate(context.on)})`;
  }
  return undefined;
}

/**
 * The notices as the authority's intelligence records them, so that the methodology's rules and the statutory flags
 * see the cycle's own notices as they see the sheet's: in force ("issued") from its date, and "not complied" from
 * its compliance date once it was not complied with; a withdrawn notice from the day it was withdrawn.
 */
export function noticesAsIntelligence(notices: readonly WarningNotice[]): Intelligence[] {
  const records: Intelligence[] = [];
  for (const n of notices) {
    if (n.kind !== 'warning notice' || !n.issuedOn) continue;
    const withdrawn = n.history.filter((e) => e.what.startsWith('the ECB withdrew')).at(-1);
    const notComplied = n.history.find((e) => e.what.startsWith('not complied'));
    if (notComplied && n.complianceDate)
      records.push({
        urn: n.urn,
        type: 'warning notice',
        date: n.complianceDate,
        status: 'not complied',
        summary: `Warning notice of ${formatDate(n.issuedOn)} not complied with by ${formatDate(n.complianceDate)}`,
      });
    if (n.status === 'withdrawn' && withdrawn)
      records.push({
        urn: n.urn,
        type: 'warning notice',
        date: withdrawn.on,
        status: 'withdrawn',
        summary: `Warning notice of ${formatDate(n.issuedOn)} withdrawn by the ECB`,
      });
    // Still in force: the latest record says so (the rule that places a school reads the latest).
    else
      records.push({
        urn: n.urn,
        type: 'warning notice',
        date: notComplied ? notComplied.on : n.issuedOn,
        status: 'issued',
        summary: `Warning notice issued by the ECB on ${formatDate(n.issuedOn)}${n.complianceDate ? `, to comply by ${formatDate(n.complianceDate)}` : ''}`,
      });
  }
  return records;
}

// ---------------------------------------------------------------- the ECB's sheet

export const ecbDecisionsSheet: SheetSpec<EcbNoticeDecision | { urn: string; undecided: true }> = {
  name: 'ecb-decisions',
  title: "The ECB's decisions on warning notices",
  columns: {
    urn: { header: 'URN', required: true, description: "The school's URN", example: '125100' },
    school: {
      header: 'School',
      required: false,
      description: "The school's name (for reading; not used)",
      example: 'Kenbury Primary School',
    },
    district: {
      header: 'AAG area',
      required: false,
      description: "The school's AAG area (for reading; not used)",
      example: 'Ashdown',
    },
    governance: {
      header: 'Governance',
      required: false,
      description: 'Maintained or academy (for reading; not used)',
      example: 'maintained',
    },
    question: {
      header: 'Question',
      required: false,
      description: 'What the ECB is asked (for reading; not used)',
      example: 'issue a warning notice',
    },
    concerns: {
      header: 'Concerns',
      required: false,
      multiline: true,
      description: 'The evidence (for reading; not used)',
      example: '',
    },
    issued: {
      header: 'Issued',
      required: false,
      description: 'When the notice was issued (for reading; not used)',
      example: '',
    },
    decision: {
      header: 'Decision',
      required: false,
      description:
        'issue or do not issue; refer or do not refer (an academy); escalate, extend or withdraw (not complied with); withdraw or keep in force. Blank: not decided yet (asked again next term)',
      example: 'issue',
    },
    complianceDate: {
      header: 'Compliance date',
      required: false,
      description:
        "For issue: the date by which the school must comply (blank: the policy's default); for extend: the new date",
      example: '16/10/2026',
    },
    rationale: {
      header: 'Rationale',
      required: false,
      multiline: true,
      description: "The ECB's reason for its decision (needed with every decision)",
      example: 'Two terms of insufficient impact; the governors have not secured the actions agreed',
    },
    decidedBy: {
      header: 'Decided by',
      required: false,
      description: 'Who recorded the decision',
      example: 'ECB, 15 Sep 2026',
    },
  },
  row: z
    .object({
      urn: urnCell,
      school: z.string(),
      district: z.string(),
      governance: z.string(),
      question: z.string(),
      concerns: z.string(),
      issued: z.string(),
      decision: optionalCell<NoticeDecision>(
        oneOfCell(NOTICE_DECISIONS, {
          issued: 'issue',
          'not issued': 'do not issue',
          referred: 'refer',
          escalated: 'escalate',
          extended: 'extend',
          withdrawn: 'withdraw',
          keep: 'keep in force',
        }),
      ),
      complianceDate: optionalDateCell,
      rationale: z.string(),
      decidedBy: z.string(),
    })
    .superRefine((row, ctx) => {
      if (row.decision && row.rationale === '')
        ctx.addIssue({ code: 'custom', path: ['rationale'], message: "the ECB's reason for its decision" });
      if (row.decision === 'extend' && !row.complianceDate)
        ctx.addIssue({ code: 'custom', path: ['complianceDate'], message: 'the new compliance date, to extend' });
    })
    .transform((row) =>
      row.decision
        ? {
            urn: row.urn,
            decision: row.decision,
            ...(row.complianceDate ? { complianceDate: row.complianceDate } : {}),
            rationale: row.rationale,
            ...(row.decidedBy ? { decidedBy: row.decidedBy } : {}),
          }
        : { urn: row.urn, undecided: true as const },
    ),
  unique: { key: (d) => d.urn, column: 'urn', expected: 'one decision per school' },
};

type EcbColumn = keyof typeof ecbDecisionsSheet.columns;
export const ECB_DECISIONS_HEADERS = Object.values(ecbDecisionsSheet.columns).map((c) => c.header);

export function ecbDecisionsRow(
  cells: Partial<Record<EcbColumn, string | number | undefined>>,
): (string | number | undefined)[] {
  return (Object.keys(ecbDecisionsSheet.columns) as EcbColumn[]).map((column) => cells[column] ?? '');
}

/** Reads the ECB's sheet: its decisions (rows left blank are not decided) and every row that cannot be used. */
export function readEcbDecisions(
  file: string,
  rows: Iterable<Row>,
): { decisions: EcbNoticeDecision[]; rejected: RejectedRow[] } {
  const result = readSheet(ecbDecisionsSheet, file, rows);
  return {
    decisions: result.accepted.flatMap(({ value }) => ('undecided' in value ? [] : [value])),
    rejected: result.rejected,
  };
}

/**
 * The sheet the ECB receives: each notice it is asked about this term, with the evidence and a proposed compliance
 * date.
 */
export function ecbQuestionsCsv(
  notices: readonly WarningNotice[],
  schools: readonly School[],
  context: { letterDate: string; complianceDays: number },
): string {
  const bySchool = new Map(schools.map((s) => [s.urn, s]));
  const rows = notices
    .filter((n) => n.question)
    .map((n) => {
      const school = bySchool.get(n.urn);
      return ecbDecisionsRow({
        urn: n.urn,
        school: school?.name,
        district: n.district,
        governance: school?.isAcademy ? 'academy' : 'maintained',
        question: n.question,
        concerns: n.concerns.join('; '),
        issued: n.issuedOn ? formatDate(n.issuedOn) : '',
        complianceDate:
          n.question === 'issue a warning notice' ? ukDate(addDays(context.letterDate, context.complianceDays)) : '',
      });
    });
  return toCsv(ECB_DECISIONS_HEADERS, rows);
}

/** Notices in force (issued, not complied with, or escalated) and every notice the ECB is asked about. */
export const openNotices = (notices: readonly WarningNotice[]) =>
  notices.filter((n) => !CLOSED.includes(n.status) || n.question || n.decided);

/**
 * The ECB's district key in the moderation table for its warning-notice question (beside the AAGs' and its change
 * confirmation).
 */
export const ECB_NOTICES = 'Education Challenge Board: warning notices';
