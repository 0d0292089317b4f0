/**
 * The audit trail: who decided what, when, and on what evidence. Every proposal, AAG decision (a category agreed or
 * overridden, a support school chosen), the ECB's confirmation, each school's brokering, each letter and what became
 * of it, and the methodology in force, as one entry each. Entries are only ever added (the table grants the stage
 * functions PutItem and nothing else); an entry's id is fixed by what it records, so a retried function adds it
 * once, and a rerun of a term adds its own.
 */

import { decidingReasons, groupReasons } from '../assessment/categorisation';
import { formatDate } from '../dates';
import type { WarningNotice } from '../intervention/warning-notices';
import { listInWords } from '../letters/letters';
import type { BrokeredSupport } from '../support/brokering';
import { describeTerm, termSortKey } from '../term';
import type { Assessment } from '../types';

export const AUDIT_KINDS = [
  'methodology in force',
  'proposal',
  'AAG decision',
  'AAG choice of support',
  'ECB decision',
  'brokering',
  'letter',
  'letter outcome',
  'warning notice',
  'warning notice letter',
  'letter correction',
  'personal data',
  'portal action',
  'portal refusal',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

export interface AuditEntry {
  /**
   * A school's URN, or `term:<term>` for what concerns the whole term (the methodology in force, the ECB's decision).
   */
  subject: string;
  /**
   * The term, the kind and the time, so that a school's entries read in the cycle's order; unique within the subject.
   */
  entryId: string;
  term: string;
  kind: AuditKind;
  /** When it was recorded (ISO time). */
  at: string;
  /**
   * The day it happened, as the run dates what it decides (its `today`), or the letter its date: the date a reader is
   * shown. Where the record was made on another day (a term replayed on its own date), both are shown.
   */
  on?: string;
  /** Who decided or did it. */
  by: string;
  /** What was decided or done. */
  what: string;
  /** On what evidence, or why. */
  evidence?: string;
  /** The run of the cycle that recorded it. */
  executionId?: string;
}

/**
 * The run that records entries: its term, when it started (the time of what it decides itself), its date and its id.
 */
export interface AuditRun {
  term: string;
  startedAt: string;
  /** The run's date: the day of what it decides itself. */
  today?: string;
  executionId?: string;
}

export const termSubject = (term: string) => `term:${term}`;

/** Who acted in the portal, as the audit trail names them: their name and address, and the identity provider's id. */
export const personOnRecord = (person: { id: string; name: string; email?: string }) =>
  `${person.name}${person.email ? ` <${person.email}>` : ''} (signed in to the portal as ${person.id})`;

/**
 * An action in the portal (a draft saved, decisions submitted) or one it refused (another area's page, a decision after
 * the deadline), under the signed-in person's identity. The subject is where it happened (`portal:<area key>`,
 * `portal:officer`, `portal:ecb`), so that an area's trail reads as its AAG acted; `id` makes the entry unique.
 */
export function portalAuditEntry(input: {
  where: string;
  term?: string;
  person: { id: string; name: string; email?: string };
  what: string;
  refused?: string;
  at: string;
  id: string;
}): AuditEntry {
  const kind: AuditKind = input.refused ? 'portal refusal' : 'portal action';
  return {
    subject: `portal:${input.where}`,
    entryId: `${input.at}#${input.id}`,
    term: input.term ?? '',
    kind,
    at: input.at,
    on: input.at.slice(0, 10),
    by: personOnRecord(input.person),
    what: input.what,
    ...(input.refused ? { evidence: `refused: ${input.refused}` } : {}),
  };
}

function entry(
  run: AuditRun,
  subject: string,
  kind: AuditKind,
  at: string,
  by: string,
  what: string,
  evidence?: string,
  detail = '',
  on = run.today ?? at.slice(0, 10),
): AuditEntry {
  return {
    subject,
    // Within a term, in the order the cycle works (proposal, decision, brokering, letters), then by time.
    entryId: `${termSortKey(run.term)}#${String(AUDIT_KINDS.indexOf(kind)).padStart(2, '0')}#${at}${detail ? `#${detail}` : ''}`,
    term: run.term,
    kind,
    at,
    on,
    by,
    what,
    ...(evidence ? { evidence } : {}),
    ...(run.executionId ? { executionId: run.executionId } : {}),
  };
}

const reasonsOf = (a: Assessment) =>
  groupReasons(decidingReasons(a))
    .map((r) => `${r.text} (${r.evidence})`)
    .join('; ');

/** The methodology a term was assessed under. */
export function methodologyEntry(
  run: AuditRun,
  methodology: { id: string; title: string; effectiveFrom: string },
): AuditEntry {
  return entry(
    run,
    termSubject(run.term),
    'methodology in force',
    run.startedAt,
    'the Education Challenge Board (its methodology file, as deployed)',
    `${methodology.title} (${methodology.id}, effective ${methodology.effectiveFrom})`,
  );
}

/** Each school's proposed category, with the reasons the methodology gave. */
export function proposalEntries(run: AuditRun, methodologyId: string, proposals: readonly Assessment[]): AuditEntry[] {
  return proposals.map((a) => {
    const proposed = a.proposedCategory ?? a.category;
    const change =
      a.previousCategory === undefined
        ? 'no previous category'
        : a.previousCategory === proposed
          ? `unchanged from ${a.previousCategory}`
          : `from ${a.previousCategory}`;
    return entry(
      run,
      a.urn,
      'proposal',
      run.startedAt,
      `the risk assessment, under methodology ${methodologyId}`,
      `proposed category ${proposed} (${change})`,
      reasonsOf({ ...a, category: proposed }),
    );
  });
}

/** Each AAG decision on a school's category, and each choice of support an AAG made. */
export function decisionEntries(run: AuditRun, agreed: readonly Assessment[]): AuditEntry[] {
  return agreed.flatMap((a) => {
    const m = a.moderation;
    if (!m) return [];
    const by =
      m.decision === 'undecided'
        ? (m.confirmedBy ?? "the cycle, at the AAG's deadline")
        : `${m.by}${m.submittedBy ? ` (put in by ${m.submittedBy})` : ''}`;
    const at = m.decidedAt ?? run.startedAt;
    const what =
      m.decision === 'override'
        ? `overrode the proposed category ${a.proposedCategory} with ${a.category}`
        : m.decision === 'undecided'
          ? `no AAG decision by its deadline: the proposed category ${a.category} stands${m.confirmedBy ? ", confirmed by the ECB in the AAG's place" : ', undecided'}`
          : `agreed category ${a.category}`;
    const entries = [
      entry(
        run,
        a.urn,
        'AAG decision',
        at,
        by,
        what,
        m.rationale,
        '',
        m.decidedAt ? m.decidedAt.slice(0, 10) : (run.today ?? at.slice(0, 10)),
      ),
    ];
    const c = a.supportChoice;
    if (c) {
      const chose = listInWords(
        [
          c.providerUrn ? `support school URN ${c.providerUrn}` : '',
          c.leaderId ? `system leader ${c.leaderId}` : '',
          c.days !== undefined ? `${c.days} days of support this term` : '',
          c.fundedBy ? `funding by ${c.fundedBy}` : '',
        ].filter(Boolean),
      );
      entries.push(
        entry(
          run,
          a.urn,
          'AAG choice of support',
          c.decidedAt ?? at,
          c.by,
          `chose ${chose}`,
          c.rationale,
          '',
          (c.decidedAt ?? m.decidedAt)?.slice(0, 10) ?? run.today ?? at.slice(0, 10),
        ),
      );
    }
    return entries;
  });
}

/** The ECB's answer on a term whose changes passed its limit. */
export function ecbEntry(
  run: AuditRun,
  decision: { confirmed: boolean; at: string; by: string; reason?: string },
): AuditEntry {
  return entry(
    run,
    termSubject(run.term),
    'ECB decision',
    decision.at,
    decision.by,
    decision.confirmed
      ? "confirmed the term's changes: the letters may go"
      : "did not confirm the term's changes: the letters are held",
    decision.reason,
  );
}

/** Each school's brokered support and visits. */
export function brokeringEntries(run: AuditRun, support: readonly BrokeredSupport[]): AuditEntry[] {
  return support.map((s) => {
    const provider = s.provider
      ? `support school ${s.provider.name} (URN ${s.provider.urn}, ${s.chosenByAag?.provider ? 'chosen by the AAG' : s.kept?.provider ? 'kept from last term' : `found in the ${s.provider.matchedWithin}`})`
      : s.brokered
        ? 'no support school'
        : '';
    const leader = s.leader
      ? `${s.leader.designation} ${s.leader.name}${s.kept?.leader ? ' (kept from last term)' : ''}`
      : s.visitsThisTerm > 0
        ? 'no system leader'
        : '';
    const funding = s.agreed
      ? `${s.agreed.days} days of support, funded by ${s.agreed.fundedBy} (£${s.agreed.cost.toLocaleString('en-GB')})${s.agreed.byAag ? ', as the AAG agreed' : ''}`
      : '';
    const what = [
      provider,
      leader,
      `${s.visitsThisTerm} adviser ${s.visitsThisTerm === 1 ? 'visit' : 'visits'} this term`,
      funding,
    ]
      .filter(Boolean)
      .join('; ');
    const evidence = [
      ...(s.changedBecause ?? []),
      ...(s.choiceRefused ?? []).map((r) => `the AAG's choice could not stand: ${r}`),
      ...(s.changedAfterAgreed ?? []).map((c) => `changed after the AAG agreed it: ${c}`),
      ...s.unmet.map((u) => `referred to the TSC board: ${u}`),
    ].join('; ');
    return entry(
      run,
      s.urn,
      'brokering',
      run.startedAt,
      `the ${s.district} AAG's brokering`,
      what,
      evidence || undefined,
    );
  });
}

/** A letter sent (to a role, never an address), or what SES later said became of it. */
export function letterEntry(
  run: AuditRun,
  letter: {
    urn: string;
    role: string;
    change?: { from?: string; to: string };
    at: string;
    outcome?: string;
    messageId?: string;
    dated?: string;
  },
): AuditEntry {
  const about = `the letter to the ${letter.role}${letter.change ? ` on the change ${letter.change.from ? `from ${letter.change.from} ` : ''}to ${letter.change.to}` : ''}`;
  return letter.outcome
    ? entry(
        run,
        letter.urn,
        'letter outcome',
        letter.at,
        'Amazon SES',
        `${about}: ${letter.outcome}`,
        undefined,
        letter.role.replace(/\s+/g, '-'),
        letter.at.slice(0, 10),
      )
    : entry(
        run,
        letter.urn,
        'letter',
        letter.at,
        'the cycle, through Amazon SES',
        `sent ${about}${letter.dated ? `, dated ${formatDate(letter.dated)}` : ''}`,
        letter.messageId ? `SES message ${letter.messageId}` : undefined,
        letter.role.replace(/\s+/g, '-'),
        letter.dated ?? run.today ?? letter.at.slice(0, 10),
      );
}

/**
 * The term's events in each school's warning notice (proposed, not complied with, decided by the ECB), one entry
 * each, numbered by their place in the notice's history so that the stages that record them add each once.
 */
export function noticeEntries(run: AuditRun, notices: readonly WarningNotice[]): AuditEntry[] {
  return notices.flatMap((n) =>
    n.history.flatMap((event, i) =>
      event.term === run.term
        ? [
            entry(
              run,
              n.urn,
              'warning notice',
              run.startedAt,
              event.by,
              n.kind === 'DfE referral' ? `referral to the DfE: ${event.what}` : event.what,
              event.rationale,
              String(i).padStart(2, '0'),
            ),
          ]
        : [],
    ),
  );
}

/** A warning notice's letter sent (to a role, never an address). */
export function noticeLetterEntry(
  run: AuditRun,
  letter: { urn: string; role: string; event: string; at: string; messageId?: string; dated?: string },
): AuditEntry {
  return entry(
    run,
    letter.urn,
    'warning notice letter',
    letter.at,
    'the cycle, through Amazon SES',
    `sent the letter of the warning notice ${letter.event} to ${letter.role === 'Ofsted' ? 'Ofsted' : `the ${letter.role}`}${letter.dated ? `, dated ${formatDate(letter.dated)}` : ''}`,
    letter.messageId ? `SES message ${letter.messageId}` : undefined,
    letter.role.replace(/\s+/g, '-'),
    letter.dated ?? run.today ?? letter.at.slice(0, 10),
  );
}

/**
 * A correction to the term's letters about a school: sent to a role (never an address), or held for the ECB. Either
 * way on the school's record, beside the letter it corrects.
 */
export function correctionEntry(
  run: AuditRun,
  correction: {
    urn: string;
    role?: string;
    said: { from: string; to: string; on: string };
    now: string;
    at: string;
    held?: boolean;
    messageId?: string;
    dated?: string;
  },
): AuditEntry {
  const what = `the letters of ${formatDate(correction.said.on)} said the category changed from ${correction.said.from} to ${correction.said.to}; it is ${correction.now}: ${correction.held ? "a correction is held until the ECB confirms the term's changes" : `sent the correction to the ${correction.role}${correction.dated ? `, dated ${formatDate(correction.dated)}` : ''}`}`;
  return entry(
    run,
    correction.urn,
    'letter correction',
    correction.at,
    correction.held ? 'the cycle' : 'the cycle, through Amazon SES',
    what,
    correction.messageId ? `SES message ${correction.messageId}` : undefined,
    (correction.role ?? 'held').replace(/\s+/g, '-'),
    correction.dated ?? run.today ?? correction.at.slice(0, 10),
  );
}

/** The day an entry is about, and the day it was recorded where that differs: "3 Sep 2026 (recorded 7 Dec 2026)". */
export function entryDate(e: Pick<AuditEntry, 'at' | 'on'>): string {
  const recorded = e.at.slice(0, 10);
  const on = e.on ?? recorded;
  return on === recorded ? formatDate(on) : `${formatDate(on)} (recorded ${formatDate(recorded)})`;
}

/** A school's timeline as `npm run history` prints it: term by term, oldest first. */
export function historyLines(entries: readonly AuditEntry[]): string[] {
  const sorted = [...entries].sort((a, b) => (a.entryId < b.entryId ? -1 : a.entryId > b.entryId ? 1 : 0));
  const lines: string[] = [];
  let term = '';
  for (const e of sorted) {
    if (e.term !== term) {
      term = e.term;
      lines.push(
        '',
        describeTerm(term).replace(/^./, (c) => c.toUpperCase()),
      );
    }
    lines.push(
      `  ${entryDate(e).padEnd(11)}  ${e.kind}: ${e.what}`,
      `               by ${e.by}${e.evidence ? `; ${e.evidence}` : ''}`,
    );
  }
  return lines.slice(1);
}
