/**
 * Corrections. A letter once sent cannot be taken back, but it can be corrected: when a rerun of a term changes the
 * category that letters of the term have already announced (a corrected methodology file, a late AAG decision), the
 * school's headteacher, chair of governors and trust board chair are each written to again, saying what we wrote,
 * what is now so, and why. A correction waits for the ECB like any change (it goes once the ECB confirms the term's
 * changes), and the report lists every one. Pure: the letters' records and the term's categories in, corrections out.
 */
import { decidingReasons, groupReasons } from '../assessment/categorisation';
import { categoryDefinition, inThisScheme, type Methodology } from '../assessment/methodology';
import { formatDate } from '../dates';
import { html } from '../html';
import type { BrokeredSupport } from '../support/brokering';
import type { TaskGroup } from '../support/task-groups';
import { describeTerm } from '../term';
import type { Assessment, Contact, ContactRole, School } from '../types';
import {
  type Authority,
  addressHash,
  categoryLetterFrame,
  type Letter,
  letterKeyPrefix,
  letterPage,
  letterText,
  whatFollows,
} from './letters';

/** A letter of the term as its record keeps it: its key (which names what it announced) and when it was sent. */
export interface SentLetter {
  letterKey: string;
  urn: string;
  role: string;
  status: string;
  sentAt?: string;
}

/** What a letter announced, read from its key: a change of category (from, to), or a correction to one. */
export interface Announcement {
  urn: string;
  role: string;
  kind: 'change' | 'correction';
  from: string;
  to: string;
  /** When it was sent. */
  sentAt: string;
}

/**
 * What a sent letter announced: a change letter's key is `<term>#<urn>#<from>-><to>#<role>[#<address>]`, a
 * correction's `<term>#<urn>#correction#<said>-><now>#<role>#<address>`; a warning notice's says nothing of a category.
 */
export function announcementOf(letter: SentLetter): Announcement | undefined {
  if (letter.status !== 'sent' || !letter.sentAt) return undefined;
  const parts = letter.letterKey.split('#');
  const correction = parts[2] === 'correction';
  const change = /^(.*)->(.*)$/.exec(parts[correction ? 3 : 2] ?? '');
  if (!change) return undefined;
  return {
    urn: letter.urn,
    role: letter.role,
    kind: correction ? 'correction' : 'change',
    from: change[1]!,
    to: change[2]!,
    sentAt: letter.sentAt,
  };
}

/** A school whose letters announced a category that is no longer its category this term. */
export interface Correction {
  urn: string;
  /** What the letters said, and when they were sent. */
  said: { from: string; to: string; on: string };
  /** The school's category now, and the category it had the term before. */
  now: string;
  previous?: string;
  /** The roles that were told, who are told again. */
  roles: ContactRole[];
}

/**
 * Each school whose latest announcement this term (a change letter, or a correction) names another category than the
 * one it now has. `before`: only what was sent before this run began, so that every invocation of a run finds the
 * same corrections, whatever it has sent itself.
 */
export function correctionsDue(
  assessments: readonly Assessment[],
  sent: readonly SentLetter[],
  methodology: Methodology,
  before?: string,
): Map<string, Correction> {
  const latest = latestAnnouncements(sent, before);
  const due = new Map<string, Correction>();
  for (const assessment of assessments) {
    const said = latest.get(assessment.urn);
    if (!said) continue;
    const announced = said.at(-1)!;
    if (inThisScheme(methodology, announced.to) === assessment.category) continue;
    const roles = [...new Set(said.map((a) => a.role.replace(/-/g, ' ')))].filter((r): r is ContactRole =>
      ['headteacher', 'chair of governors', 'trust board chair'].includes(r),
    );
    due.set(assessment.urn, {
      urn: assessment.urn,
      said: { from: announced.from, to: announced.to, on: announced.sentAt.slice(0, 10) },
      now: assessment.category,
      ...(assessment.previousCategory ? { previous: assessment.previousCategory } : {}),
      roles,
    });
  }
  return due;
}

/** Each school's announcements (of those sent before `before`, if given), in the order they were sent. */
function announcementsBySchool(sent: readonly SentLetter[], before?: string): Map<string, Announcement[]> {
  const bySchool = new Map<string, Announcement[]>();
  for (const letter of sent) {
    if (before && (!letter.sentAt || letter.sentAt >= before)) continue;
    const a = announcementOf(letter);
    if (a) bySchool.set(a.urn, [...(bySchool.get(a.urn) ?? []), a]);
  }
  for (const all of bySchool.values()) all.sort((x, y) => (x.sentAt < y.sentAt ? -1 : x.sentAt > y.sentAt ? 1 : 0));
  return bySchool;
}

/**
 * Each school's latest announcement of the term: the letters that said it (one for each role told), the last of them
 * sent last. A correction and the letter it corrects are never the latest together: a correction is sent after.
 */
export function latestAnnouncements(sent: readonly SentLetter[], before?: string): Map<string, Announcement[]> {
  const latest = new Map<string, Announcement[]>();
  for (const [urn, sorted] of announcementsBySchool(sent, before)) {
    const last = sorted.at(-1)!;
    latest.set(
      urn,
      sorted.filter((a) => a.kind === last.kind && a.from === last.from && a.to === last.to),
    );
  }
  return latest;
}

/** A correction's key: the term, the school, what was said and what is now so, the role and the address. */
export const correctionKey = (term: string, urn: string, said: string, now: string, role: string, email: string) =>
  `${letterKeyPrefix(term, urn)}correction#${said}->${now}#${role.replace(/\s+/g, '-')}#${addressHash(email)}`;

export interface CorrectionInput {
  readonly date: string;
  readonly correction: Correction;
  readonly assessment: Assessment;
  readonly school: School;
  readonly contacts: readonly Contact[];
  readonly authority: Authority;
  readonly methodology: Methodology;
  readonly support?: BrokeredSupport;
  readonly taskGroup?: TaskGroup;
}

/**
 * The correction letters of one school: to each role that was told, at its address now (a new headteacher is told
 * what the school was told), each saying what we wrote and when, what is now so and why, and what follows.
 */
export function correctionLetters(input: CorrectionInput): { letters: Letter[]; missing: ContactRole[] } {
  const { correction, assessment, school, authority, methodology, date } = input;
  const term = describeTerm(assessment.term);
  const now = correction.now;
  const definition = categoryDefinition(methodology, now);
  const wasChange = `from ${correction.said.from} to ${correction.said.to}`;
  const nowIs =
    correction.previous === undefined
      ? `is ${now}`
      : correction.previous === now
        ? `is ${now}, unchanged from last term`
        : `has changed from ${correction.previous} to ${now}`;
  const why = groupReasons(decidingReasons(assessment));
  const follows = whatFollows(now, school, methodology, input.support, input.taskGroup);
  const subject = `${school.name}: a correction to our letter of ${formatDate(correction.said.on)} on the school's improvement category`;
  const paragraphs = [
    `On ${formatDate(correction.said.on)} we wrote that, following our risk assessment for the ${term}, the school's category had changed ${wasChange}. That was not right, and we are sorry for the confusion it will have caused.`,
    `The risk assessment for the term has since been run again, under the Education Challenge Board's methodology ${methodology.title} (${methodology.id}), and its outcome agreed. The school's category for the ${term} ${nowIs}. ${definition.label} means ${definition.meaning}.`,
  ];
  const contactLine = `If you have questions about this correction, please contact the ${authority.contactName} at ${authority.replyToAddress} or on ${authority.contactPhone}. If you think the category is wrong, you may write to us within 20 school days of this letter, saying which evidence you disagree with and why.`;
  const recipients = correction.roles.flatMap((role) =>
    input.contacts.filter((c) => c.urn === school.urn && c.role === role).slice(0, 1),
  );
  const missing = correction.roles.filter((role) => !recipients.some((r) => r.role === role));
  const letters = recipients.map((contact): Letter => {
    const frame = categoryLetterFrame(
      authority,
      date,
      school,
      contact,
      recipients.filter((r) => r !== contact),
    );
    const text = letterText(frame, [
      `Correction to our letter of ${formatDate(correction.said.on)}`,
      '',
      ...paragraphs.flatMap((p) => [p, '']),
      'Why the school is in this category:',
      ...why.map((r) => `- ${r.text} (${r.evidence})`),
      '',
      'What happens next:',
      ...follows.map((f) => `- ${f}`),
      '',
      contactLine,
      '',
    ]);
    const page = letterPage(
      { subject, ...frame },
      html`<h1 style="font-size: 1.2em">Correction to our letter of ${formatDate(correction.said.on)}</h1>
${paragraphs.map((p) => html`<p>${p}</p>`)}
<h2 style="font-size: 1.1em">Why the school is in this category</h2>
<ul>${why.map((r) => html`<li>${r.text} <span style="color:#505a5f">(${r.evidence})</span></li>`)}</ul>
<h2 style="font-size: 1.1em">What happens next</h2>
<ul>${follows.map((f) => html`<li>${f}</li>`)}</ul>
<p>${contactLine}</p>`,
    );
    const key = correctionKey(assessment.term, school.urn, correction.said.to, now, contact.role, contact.email);
    return {
      key,
      legacyKey: key,
      term: assessment.term,
      urn: school.urn,
      date,
      role: contact.role,
      to: { name: contact.name, email: contact.email },
      from: `${authority.name} <${authority.senderAddress}>`,
      replyTo: authority.replyToAddress,
      subject,
      text,
      html: page.value,
    };
  });
  return { letters, missing };
}

/** A correction as the report lists it: what the letters said and when, what is now so, and whether it has gone. */
export interface CorrectionRow {
  urn: string;
  said: { from: string; to: string; on: string };
  now: string;
  /** Sent, on the day given; or held until the ECB confirms the term's changes. */
  status: { sent: string } | 'held for the ECB';
}

/**
 * Every correction of the term: each correction sent (what it corrected, and when it went), and each still due (a
 * school whose latest letters announced another category than its own: held for the ECB).
 */
export function correctionsOfTerm(
  assessments: readonly Assessment[],
  sent: readonly SentLetter[],
  methodology: Methodology,
): CorrectionRow[] {
  const rows: CorrectionRow[] = [];
  for (const [urn, sorted] of announcementsBySchool(sent)) {
    const seen = new Set<string>();
    sorted.forEach((a, i) => {
      if (a.kind !== 'correction' || seen.has(`${a.from}->${a.to}`)) return;
      seen.add(`${a.from}->${a.to}`);
      const corrected = sorted
        .slice(0, i)
        .reverse()
        .find((b) => b.to === a.from);
      rows.push({
        urn,
        said: { from: corrected?.from ?? a.from, to: a.from, on: (corrected?.sentAt ?? a.sentAt).slice(0, 10) },
        now: a.to,
        status: { sent: a.sentAt.slice(0, 10) },
      });
    });
  }
  for (const due of correctionsDue(assessments, sent, methodology).values())
    rows.push({ urn: due.urn, said: due.said, now: due.now, status: 'held for the ECB' });
  return rows.sort((a, b) => a.urn.localeCompare(b.urn));
}
