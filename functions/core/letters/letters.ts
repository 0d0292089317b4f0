/**
 * Letters to a school's headteacher, chair of governors and (for an academy) trust board chair when its
 * category changes. Pure: an assessment and a contact in, the email's subject, HTML and text out.
 */
import { createHash } from 'node:crypto';
import { decidingReasons, groupReasons } from '../assessment/categorisation';
import { categoryDefinition, type Methodology, severity } from '../assessment/methodology';
import { describeFlag } from '../assessment/statutory-flags';
import { formatDate } from '../dates';
import { type Html, html } from '../html';
import type { BrokeredSupport } from '../support/brokering';
import type { TaskGroup } from '../support/task-groups';
import { describeTerm } from '../term';
import type { Assessment, Category, Contact, ContactRole, School } from '../types';

export interface Authority {
  readonly name: string;
  readonly senderAddress: string;
  readonly replyToAddress: string;
  readonly contactName: string;
  readonly contactPhone: string;
  /** The authority's colour for the letter heading, e.g. #1d70b8. */
  readonly brandColour?: string;
  /** Who signs the letters, and their role (e.g. Head of School Improvement); the team's name without them. */
  readonly signatoryName?: string;
  readonly signatoryRole?: string;
}

/** The designations of system leaders, in full. */
export const DESIGNATION_IN_FULL: Record<string, string> = {
  NLE: 'National Leader of Education',
  LLE: 'Local Leader of Education',
  SLE: 'Specialist Leader of Education',
  LIO: 'Learning Improvement Officer',
};

/** A designation spelled out the first time a letter uses it, and abbreviated after. */
function designationOnce(used: Set<string>): (designation: string) => string {
  return (designation) => {
    if (used.has(designation) || !DESIGNATION_IN_FULL[designation]) return designation;
    used.add(designation);
    return `${DESIGNATION_IN_FULL[designation]}, ${designation}`;
  };
}

/** A list as it is written: "a", "a and b", "a, b and c". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * The letter's key as an SES message tag's value (letters, digits, '-' and '_' only: base64url, unpadded), so that
 * what SES says it sent can be found against the letter's claim. `letterKeyOfTag` reads it back.
 */
export const letterTag = (key: string) => Buffer.from(key, 'utf8').toString('base64url');
export const letterKeyOfTag = (tag: string) => Buffer.from(tag, 'base64url').toString('utf8');
/** The message tag's name. */
export const LETTER_TAG = 'letter';

export interface Letter {
  /** Unique per term, school, change, recipient role and address: the key that stops a letter being sent twice. */
  readonly key: string;
  /** The key the same letter had before keys named the address (letters sent by earlier versions count as sent). */
  readonly legacyKey: string;
  readonly term: string;
  readonly urn: string;
  /** The date the letter bears (ISO). */
  readonly date: string;
  readonly role: LetterRole;
  readonly to: { name: string; email: string };
  readonly from: string;
  readonly replyTo: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Who a letter goes to: the school's own people, or (a warning notice's copies) the DfE's regional team and Ofsted. */
export type LetterRole = ContactRole | 'DfE regional team' | 'Ofsted';

/** How the authority signs: the signatory and role where configured, else its contact team. */
export function signatureOf(authority: Authority): string[] {
  return authority.signatoryName
    ? [authority.signatoryName, ...(authority.signatoryRole ? [authority.signatoryRole] : []), authority.name]
    : [authority.contactName, authority.name];
}

/** A short hash of an address, for a letter's key: the key never holds the address itself. */
export const addressHash = (email: string) =>
  createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 16);

/**
 * The file a letter is written to (held, or a dry run's) and an email saved locally: by school and recipient, and
 * for a warning notice's letters by what happened to the notice, so that a school's letters in one term never share a
 * name.
 */
export function letterFileName(letter: { urn: string; role: string; key?: string; letterKey?: string }): string {
  const key = letter.key ?? letter.letterKey ?? '';
  const kind = /#(warning-notice-[a-z]+)#/.exec(key)?.[1] ?? (/#correction#/.test(key) ? 'correction' : undefined);
  return `${letter.urn}-${kind ? `${kind}-` : ''}${letter.role.replaceAll(' ', '-')}.eml`;
}

export const LETTER_RECIPIENT_ROLES = (school: Pick<School, 'isAcademy'>): ContactRole[] =>
  school.isAcademy ? ['headteacher', 'chair of governors', 'trust board chair'] : ['headteacher', 'chair of governors'];

/**
 * A letter's identity: the term, the school, the change, the recipient's role and their address, so that a new
 * headteacher appointed between two runs of a term gets the letter their predecessor was sent. The address is
 * held as a short hash, never in the key itself.
 */
export function letterKey(
  term: string,
  urn: string,
  from: Category,
  to: Category,
  role: ContactRole,
  email: string,
): string {
  return `${legacyLetterKey(term, urn, from, to, role)}#${addressHash(email)}`;
}

/** The key letters had before it named the recipient's address: a letter claimed under it was sent to the role. */
export function legacyLetterKey(term: string, urn: string, from: Category, to: Category, role: ContactRole): string {
  return `${letterKeyPrefix(term, urn)}${from}->${to}#${role.replaceAll(' ', '-')}`;
}

/**
 * How every key of a school's letters in a term begins, a change's or a warning notice's: so they sort school by
 * school.
 */
export const letterKeyPrefix = (term: string, urn: string) => `${term}#${urn}#`;

const WITHIN: Record<NonNullable<BrokeredSupport['provider']>['matchedWithin'], string> = {
  consortium: 'in your consortium or network',
  district: 'in your district',
  county: 'elsewhere in the county',
};

function visits(n: number): string {
  if (n === 1) return 'once a term';
  if (n === 2) return 'once every half term (2 visits a term)';
  return `${n} times a term`;
}

/** What the category brings, naming the support the AAG brokered and the task group where there are any. */
export function whatFollows(
  category: Category,
  school: Pick<School, 'isAcademy'>,
  methodology: Methodology,
  support?: BrokeredSupport,
  taskGroup?: TaskGroup,
): string[] {
  const definition = categoryDefinition(methodology, category).support;
  const lines: string[] = [];
  const spell = designationOnce(new Set());
  if (definition.visitsPerTerm === 0) {
    lines.push('No additional visits are planned.');
    if (definition.providesSupport)
      lines.push('The school will be invited to contribute to school-to-school support in its area.');
    else if (!definition.brokered)
      lines.push(
        "We recognise that the school's capacity to support other schools may be limited for now, and the Area Analysis Group will take this into account.",
      );
  } else {
    const who = support?.leader
      ? `${support.leader.name} (${spell(support.leader.designation)})`
      : 'A system leader or Learning Improvement Officer';
    lines.push(`${who} will visit the school ${visits(definition.visitsPerTerm)}.`);
  }
  if (definition.brokered) {
    lines.push(
      support?.provider
        ? `Your Area Analysis Group has brokered school-to-school support from ${support.provider.name}, ${WITHIN[support.provider.matchedWithin]}.`
        : 'Your Area Analysis Group is brokering school-to-school support from a good or outstanding school, within your consortium or network where possible.',
    );
    lines.push(
      taskGroup?.chair
        ? `A task group chaired by ${taskGroup.chair.name} (${spell(taskGroup.chair.designation)}) will monitor the impact of that support and report to the Area Analysis Group.`
        : 'A task group, chaired by a system leader, will monitor the impact of that support and report to the Area Analysis Group.',
    );
  }
  if (definition.needsAnalysisMeeting) {
    lines.push(
      `We will arrange a needs-analysis discussion with ${listInWords(['the headteacher', 'the chair of governors', ...(school.isAcademy ? ["the trust's chief executive"] : [])])}.`,
    );
  }
  return lines;
}

export interface LetterInput {
  /** The date the letter is written (ISO); shown at its head. */
  readonly date: string;
  readonly assessment: Assessment & { previousCategory: Category };
  readonly school: School;
  readonly contact: Contact;
  readonly authority: Authority;
  readonly methodology: Methodology;
  readonly support?: BrokeredSupport;
  readonly taskGroup?: TaskGroup;
  /** The school's assessment the term before: what placed it in its previous category. */
  readonly previous?: Assessment;
  /** The other people this letter goes to, named under "Copied to". */
  readonly copiedTo?: readonly Contact[];
}

/** What every letter's page has around its own content. */
export interface LetterFrame {
  subject: string;
  authority: Authority;
  date: string;
  /** Whom the letter is to, after "Dear". */
  greeting: string;
  school: Pick<School, 'name' | 'urn'>;
  signature: readonly string[];
  copied: readonly string[];
  /** The line at its foot saying whom it is confidential to. */
  confidential: string;
}

/**
 * A letter as plain text, as letterPage is its HTML: the authority's name, the date, the greeting and the school;
 * the letter's own lines (ending with a blank one); then the signature, whom it is copied to and whom it is
 * confidential to.
 */
export function letterText(frame: Omit<LetterFrame, 'subject'>, body: readonly string[]): string {
  return [
    frame.authority.name,
    formatDate(frame.date),
    '',
    `Dear ${frame.greeting},`,
    '',
    `${frame.school.name} (URN ${frame.school.urn})`,
    '',
    ...body,
    'Yours sincerely,',
    ...frame.signature,
    ...(frame.copied.length > 0 ? ['', `Copied to: ${frame.copied.join('; ')}`] : []),
    '',
    frame.confidential,
    '',
  ].join('\n');
}

/**
 * A letter as HTML: the authority's name in its colour, the date, the greeting and the school; the letter's own
 * content; then the signature, whom it is copied to and whom it is confidential to. Every letter (a change of
 * category, a warning notice) has this frame.
 */
export function letterPage(frame: LetterFrame, content: Html): Html {
  return html`<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>${frame.subject}</title></head>
<body style="font-family: Arial, sans-serif; color: #0b0c0c; max-width: 40em">
<p style="font-weight: bold; color: ${frame.authority.brandColour ?? '#1d70b8'}">${frame.authority.name}</p>
<p>${formatDate(frame.date)}</p>
<p>Dear ${frame.greeting},</p>
<p><strong>${frame.school.name}</strong> (URN ${frame.school.urn})</p>
${content}
<p>Yours sincerely,<br>${frame.signature.map((line, i) => html`${i > 0 ? html`<br>` : ''}${line}`)}</p>
${frame.copied.length > 0 ? html`<p>Copied to: ${frame.copied.join('; ')}</p>` : ''}
<p style="font-size: 0.85em; color: #505a5f">${frame.confidential}</p>
</body></html>
`;
}

/** Whom a letter about a school's category is confidential to: an academy's trust as well. */
export const categorisationConfidential = (school: Pick<School, 'isAcademy'>) =>
  `This categorisation is confidential to the school, its governors${school.isAcademy ? ', its trust' : ''} and the local authority.`;

/** How a recipient is named under "Copied to". */
function asRecipient(contact: Contact, school: School): string {
  if (contact.role === 'trust board chair')
    return `${contact.name}, chair of the board of ${school.trustName ?? "the school's trust"}`;
  return `${contact.name}, ${contact.role}`;
}

/**
 * The frame of a letter about a school's category (a change, or a correction of one): to `contact`, copied to the
 * others, signed as the authority signs, confidential to the school, its governors (and trust) and the authority.
 */
export function categoryLetterFrame(
  authority: Authority,
  date: string,
  school: School,
  contact: Contact,
  copiedTo: readonly Contact[],
): Omit<LetterFrame, 'subject'> {
  return {
    authority,
    date,
    greeting: contact.name,
    school,
    signature: signatureOf(authority),
    copied: copiedTo.map((c) => asRecipient(c, school)),
    confidential: categorisationConfidential(school),
  };
}

/**
 * Who settled the category the letter announces, in the words the letter opens with, and what it adds: an AAG's
 * agreement, its own decision (with its reason), the ECB's confirmation in the AAG's place, or, where no one decided
 * by the AAG's deadline and the methodology sends such letters, that the proposal stands. Never an agreement that was
 * not made.
 */
export function decidedBy(
  assessment: Pick<Assessment, 'moderation'>,
  term: string,
): { opening: string; note?: string; reason?: string } {
  const m = assessment.moderation;
  if (m?.decision === 'override')
    return {
      opening: `Following our risk assessment for the ${term}, the Area Analysis Group has decided that`,
      ...(m.rationale ? { reason: `The Area Analysis Group decided the category: ${m.rationale}` } : {}),
    };
  if (m?.decision === 'undecided' && m.confirmedBy)
    return { opening: `Following our risk assessment for the ${term}, confirmed by the Education Challenge Board,` };
  if (m?.decision === 'undecided') {
    return {
      opening: `Following our risk assessment for the ${term},`,
      note: "The Area Analysis Group did not decide on the proposed category by its deadline, so, as the Education Challenge Board's methodology provides, the proposed category stands.",
    };
  }
  if (m?.decision === 'agree')
    return { opening: `Following our risk assessment for the ${term}, agreed by the Area Analysis Group,` };
  // No record of moderation: the letter claims no one's agreement.
  return { opening: `Following our risk assessment for the ${term},` };
}

export function composeLetter(input: LetterInput): Letter {
  const { assessment, school, contact, authority, methodology, date } = input;
  const from = assessment.previousCategory;
  const to = assessment.category;
  const fromKnown = methodology.categories.some((c) => c.id === from);
  const direction = fromKnown && severity(methodology, to) < severity(methodology, from) ? 'improved' : 'changed';
  const toLabel = categoryDefinition(methodology, to).label;
  const fromLabel = fromKnown ? categoryDefinition(methodology, from).label : from;
  const meanings = [
    `${toLabel} means ${categoryDefinition(methodology, to).meaning}.`,
    ...(fromKnown ? [`${fromLabel} means ${categoryDefinition(methodology, from).meaning}.`] : []),
  ].join(' ');
  const term = describeTerm(assessment.term);
  const deciding = decidingReasons(assessment);
  const settled = decidedBy(assessment, term);
  const reasons = [
    ...groupReasons(deciding),
    ...(settled.reason
      ? [
          {
            text: settled.reason,
            evidence: `its decision${assessment.moderation?.decidedAt ? ` of ${formatDate(assessment.moderation.decidedAt.slice(0, 10))}` : ''}`,
          },
        ]
      : []),
  ];
  const considered = groupReasons(assessment.reasons.filter((r) => !deciding.includes(r)));
  const follows = whatFollows(to, school, methodology, input.support, input.taskGroup);
  const flags = (assessment.flags ?? []).map(describeFlag);
  // What placed the school in its previous category and no longer does (a concern closed, a new inspection).
  const stillApplies = new Set(deciding.map((r) => `${r.rule}|${r.evidence}`));
  const resolved = input.previous
    ? groupReasons(
        decidingReasons(input.previous).filter(
          (r) => r.category === from && !stillApplies.has(`${r.rule}|${r.evidence}`),
        ),
      )
    : [];
  const challenge = `If you think the category is wrong, please write to the ${authority.contactName} at ${authority.replyToAddress} within 20 school days of this letter, saying which evidence you disagree with and why. The Area Analysis Group will consider it at its next meeting and write to you with its decision; you may ask the Education Challenge Board to review that decision.`;
  const subject = `${school.name}: school improvement category ${direction} from ${from} to ${to}`;
  const copyNote =
    contact.role === 'trust board chair'
      ? `You are receiving this as chair of the board of ${school.trustName ?? "the school's trust"}.`
      : undefined;

  const frame = categoryLetterFrame(authority, date, school, contact, input.copiedTo ?? []);
  const text = letterText(frame, [
    `${settled.opening} the school's category has ${direction} from ${from} to ${to}.`,
    ...(settled.note ? [settled.note] : []),
    meanings,
    ...(copyNote ? ['', copyNote] : []),
    ...(resolved.length > 0
      ? [
          '',
          `Why the school is no longer in category ${from}:`,
          ...resolved.map((r) => `- This no longer applies: ${r.text} (${r.evidence})`),
        ]
      : []),
    '',
    'Why the school is in this category:',
    ...reasons.map((r) => `- ${r.text} (${r.evidence})`),
    ...(considered.length > 0
      ? ['', 'Other evidence we considered:', ...considered.map((r) => `- ${r.text} (${r.evidence})`)]
      : []),
    ...(flags.length > 0 ? ['', 'National flags the school carries:', ...flags.map((f) => `- ${f}`)] : []),
    '',
    'What happens next:',
    ...follows.map((f) => `- ${f}`),
    '',
    `If you have questions about this categorisation, please contact the ${authority.contactName} at ${authority.replyToAddress} or on ${authority.contactPhone}.`,
    '',
    challenge,
    '',
  ]);

  const body = letterPage(
    { subject, ...frame },
    html`<p>${settled.opening} the school's category has ${direction} from <strong>${from}</strong> to <strong>${to}</strong>.</p>
${settled.note ? html`<p>${settled.note}</p>` : ''}
<p>${meanings}</p>
${copyNote ? html`<p>${copyNote}</p>` : ''}
${
  resolved.length > 0
    ? html`<h2 style="font-size: 1.1em">Why the school is no longer in category ${from}</h2>
<ul>${resolved.map((r) => html`<li>This no longer applies: ${r.text} <span style="color:#505a5f">(${r.evidence})</span></li>`)}</ul>`
    : ''
}
<h2 style="font-size: 1.1em">Why the school is in this category</h2>
<ul>${reasons.map((r) => html`<li>${r.text} <span style="color:#505a5f">(${r.evidence})</span></li>`)}</ul>
${considered.length > 0 ? html`<p>Other evidence we considered:</p><ul>${considered.map((r) => html`<li>${r.text} <span style="color:#505a5f">(${r.evidence})</span></li>`)}</ul>` : ''}
${flags.length > 0 ? html`<p>National flags the school carries:</p><ul>${flags.map((f) => html`<li>${f}</li>`)}</ul>` : ''}
<h2 style="font-size: 1.1em">What happens next</h2>
<ul>${follows.map((f) => html`<li>${f}</li>`)}</ul>
<p>If you have questions about this categorisation, please contact the ${authority.contactName} at <a href="mailto:${authority.replyToAddress}">${authority.replyToAddress}</a> or on ${authority.contactPhone}.</p>
<p>${challenge}</p>`,
  );

  return {
    key: letterKey(assessment.term, school.urn, from, to, contact.role, contact.email),
    legacyKey: legacyLetterKey(assessment.term, school.urn, from, to, contact.role),
    term: assessment.term,
    urn: school.urn,
    date,
    role: contact.role,
    to: { name: contact.name, email: contact.email },
    from: `${authority.name} <${authority.senderAddress}>`,
    replyTo: authority.replyToAddress,
    subject,
    text,
    html: body.value,
  };
}

/** Everyone who must be told about a changed school, and the roles with no contact on file. */
export function lettersForChange(
  date: string,
  assessment: Assessment,
  school: School,
  contacts: readonly Contact[],
  authority: Authority,
  methodology: Methodology,
  support?: { support?: BrokeredSupport; taskGroup?: TaskGroup; previous?: Assessment },
): { letters: Letter[]; missing: ContactRole[] } {
  if (!assessment.changed || assessment.previousCategory === undefined) return { letters: [], missing: [] };
  const changed = assessment as Assessment & { previousCategory: Category };
  const { recipients, missing } = changeRecipients(school, contacts);
  const letters = recipients.map((contact) =>
    composeLetter({
      date,
      assessment: changed,
      school,
      contact,
      authority,
      methodology,
      copiedTo: recipients.filter((r) => r !== contact),
      ...support,
    }),
  );
  return { letters, missing };
}

/**
 * Who is written to when a school's category changes: its contact for each role that has one, and the roles without.
 */
export function changeRecipients(
  school: School,
  contacts: readonly Contact[],
): { recipients: Contact[]; missing: ContactRole[] } {
  const recipients: Contact[] = [];
  const missing: ContactRole[] = [];
  for (const role of LETTER_RECIPIENT_ROLES(school)) {
    const contact = contacts.find((c) => c.urn === school.urn && c.role === role);
    if (contact) recipients.push(contact);
    else missing.push(role);
  }
  return { recipients, missing };
}

/**
 * Where a letter is kept with the authority's records, as it was sent (records/<term>/<this>): a warning notice's
 * letter under warning-notices/, every other under letters/<URN>/ by its key (a new headteacher's letter of the same
 * change is a letter of its own).
 */
export function letterRecordName(letter: { urn: string; role: string; key?: string; letterKey?: string }): string {
  const key = letter.key ?? letter.letterKey ?? '';
  if (/#warning-notice-[a-z]+#/.test(key)) return `warning-notices/${letterFileName(letter)}`;
  return `letters/${letter.urn}/${key.replace(/[^A-Za-z0-9._-]/g, '_')}.eml`;
}
