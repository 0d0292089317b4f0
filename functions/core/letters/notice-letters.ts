/**
 * The letters a warning notice brings, as the ECB decided them this term:
 *   - a notice issued: to the headteacher and the chair of governors, setting out the concerns, the action required
 *     and the compliance date, with copies to the DfE's regional team and Ofsted;
 *   - a notice withdrawn: to the same people;
 *   - an academy referred: to the DfE's regional team, with the evidence (the authority gives academies no notice).
 * Each letter's key names the term, the school, the event and the recipient, so a rerun never sends it twice.
 * Pure: the notice, the school and its contacts in, the letters out.
 */
import { formatDate } from '../dates';
import { html } from '../html';
import type { WarningNotice } from '../intervention/warning-notices';
import type { Contact, School } from '../types';
import {
  type Authority,
  addressHash,
  type Letter,
  type LetterRole,
  letterKeyPrefix,
  letterPage,
  letterText,
  signatureOf,
} from './letters';

/** Where copies of warning notices go (cdk.json warningNoticeCopies): the DfE's regional team and Ofsted. */
export interface NoticeCopies {
  readonly dfeRegionalTeam?: { name: string; email: string };
  readonly ofsted?: { name: string; email: string };
}

export type NoticeEvent = 'issued' | 'withdrawn' | 'referred';

/** The letter event the ECB's decision this term brings, if any. */
export function noticeEvent(notice: WarningNotice): NoticeEvent | undefined {
  switch (notice.decided?.decision) {
    case 'issue':
      return 'issued';
    case 'withdraw':
      return 'withdrawn';
    case 'refer':
      return 'referred';
    default:
      return undefined;
  }
}

export function noticeLetterKey(
  term: string,
  urn: string,
  event: NoticeEvent,
  role: LetterRole,
  email: string,
): string {
  return `${letterKeyPrefix(term, urn)}warning-notice-${event}#${role.replace(/\s+/g, '-')}#${addressHash(email)}`;
}

interface Recipient {
  role: LetterRole;
  name: string;
  email: string;
  /** How "Copied to" names them. */
  described: string;
}

/**
 * Everyone a notice's letter goes to, and the roles with no address on file. A notice (or its withdrawal) is given to
 * the governing body, so its letter is addressed to the chair of governors and every other recipient has a copy; a
 * referral is addressed to the DfE's regional team.
 */
export function recipientsOf(
  event: NoticeEvent,
  school: School,
  contacts: readonly Contact[],
  copies: NoticeCopies,
): { recipients: Recipient[]; missing: LetterRole[] } {
  const recipients: Recipient[] = [];
  const missing: LetterRole[] = [];
  if (event !== 'referred') {
    for (const role of ['chair of governors', 'headteacher'] as const) {
      const contact = contacts.find((c) => c.urn === school.urn && c.role === role);
      if (contact)
        recipients.push({ role, name: contact.name, email: contact.email, described: `${contact.name}, ${role}` });
      else missing.push(role);
    }
  }
  const dfe = copies.dfeRegionalTeam;
  if (dfe)
    recipients.push({
      role: 'DfE regional team',
      name: dfe.name,
      email: dfe.email,
      described: `${dfe.name} (the DfE's regional team)`,
    });
  else missing.push('DfE regional team');
  if (event !== 'referred') {
    if (copies.ofsted)
      recipients.push({
        role: 'Ofsted',
        name: copies.ofsted.name,
        email: copies.ofsted.email,
        described: `${copies.ofsted.name} (Ofsted)`,
      });
    else missing.push('Ofsted');
  }
  return { recipients, missing };
}

/**
 * Whom the letter is addressed to, after "Dear": the governing body's chair by name (or by office), or for a referral
 * the DfE's team.
 */
function addresseeOf(
  event: NoticeEvent,
  contacts: readonly Contact[],
  school: School,
): { role: LetterRole; greeting: string } {
  if (event === 'referred') return { role: 'DfE regional team', greeting: 'colleagues' };
  const chair = contacts.find((c) => c.urn === school.urn && c.role === 'chair of governors');
  return { role: 'chair of governors', greeting: chair ? chair.name : 'Chair of the governing body' };
}

const COPY_NOTE: Partial<Record<LetterRole, string>> = {
  headteacher: "You are receiving a copy as the school's headteacher.",
  'DfE regional team':
    "You are receiving a copy as the Department for Education's regional team, as the statutory guidance on support and intervention in schools asks.",
  Ofsted: 'You are receiving a copy as Ofsted, as the statutory guidance on support and intervention in schools asks.',
};

interface Body {
  subject: string;
  paragraphs: string[];
  lists: { heading: string; items: string[] }[];
  after: string[];
}

function bodyOf(event: NoticeEvent, notice: WarningNotice, school: School, authority: Authority): Body {
  const issued = notice.issuedOn ? formatDate(notice.issuedOn) : '';
  const contact = `the ${authority.contactName} at ${authority.replyToAddress} or on ${authority.contactPhone}`;
  if (event === 'issued') {
    return {
      subject: `${school.name}: formal warning notice`,
      paragraphs: [
        'Formal warning notice (section 60 of the Education and Inspections Act 2006)',
        `The Education Challenge Board has agreed that the local authority gives the governing body of ${school.name} this formal warning notice. The Board is concerned that, without the action set out below, standards at the school are likely to remain unacceptably low.`,
      ],
      lists: [
        { heading: 'The concerns', items: notice.concerns },
        { heading: 'The action the governing body must take', items: notice.actionRequired },
      ],
      after: [
        `The governing body must comply with this notice by ${formatDate(notice.complianceDate!)}.`,
        "If the school has not complied by that date, the Education Challenge Board will consider the local authority's next steps, which may include appointing an Interim Executive Board or suspending the school's right to a delegated budget.",
        `The governing body may make representations about this notice to ${contact}. The support the Area Analysis Group has brokered continues, and the task group will report on the school's progress against this notice.`,
      ],
    };
  }
  if (event === 'withdrawn') {
    return {
      subject: `${school.name}: formal warning notice withdrawn`,
      paragraphs: [
        `The Education Challenge Board has withdrawn the formal warning notice given to the governing body of ${school.name} on ${issued}.`,
        `The Board's reason: ${notice.decided!.rationale}.`,
      ],
      lists: [],
      after: [
        `The school's category is reviewed at each term's risk assessment as usual. If you have questions, please contact ${contact}.`,
      ],
    };
  }
  return {
    subject: `${school.name} (URN ${school.urn}): an academy referred to the DfE's regional team`,
    paragraphs: [
      `The local authority cannot give an academy a formal warning notice. The Education Challenge Board refers ${school.name}, an academy${school.trustName ? ` in ${school.trustName}` : ''}, to the DfE's regional team, with the evidence below, for the action the Department considers right.`,
      `The Board's reason: ${notice.decided!.rationale}.`,
    ],
    lists: [{ heading: 'The evidence', items: notice.concerns }],
    after: [
      `The authority's Area Analysis Group continues to broker support for the school where the trust agrees. For more information, please contact ${contact}.`,
    ],
  };
}

/** The letters for one notice the ECB decided this term, and the recipients with no address on file. */
export function noticeLetters(
  date: string,
  notice: WarningNotice,
  school: School,
  contacts: readonly Contact[],
  authority: Authority,
  copies: NoticeCopies,
): { letters: Letter[]; missing: LetterRole[] } {
  const event = noticeEvent(notice);
  if (!event) return { letters: [], missing: [] };
  const { recipients, missing } = recipientsOf(event, school, contacts, copies);
  const addressee = addresseeOf(event, contacts, school);
  const body = bodyOf(event, notice, school, authority);
  const signature = signatureOf(authority);
  const letters = recipients.map((to): Letter => {
    const copied = recipients.filter((r) => r !== to).map((r) => r.described);
    // Each recipient but the addressee has a copy of the same letter, and is told so.
    const note = to.role === addressee.role ? undefined : COPY_NOTE[to.role];
    const confidential =
      event === 'referred'
        ? 'This letter is confidential to the local authority and the Department for Education.'
        : 'This letter is confidential to the school, its governors, the local authority and those it is copied to.';
    const frame = { authority, date, greeting: addressee.greeting, school, signature, copied, confidential };
    const text = letterText(frame, [
      ...body.paragraphs.flatMap((p) => [p, '']),
      ...(note ? [note, ''] : []),
      ...body.lists.flatMap((l) => [`${l.heading}:`, ...l.items.map((i) => `- ${i}`), '']),
      ...body.after.flatMap((p) => [p, '']),
    ]);
    const page = letterPage(
      { subject: body.subject, ...frame },
      html`${body.paragraphs.map((p, i) => (i === 0 && event === 'issued' ? html`<h1 style="font-size: 1.2em">${p}</h1>` : html`<p>${p}</p>`))}
${note ? html`<p>${note}</p>` : ''}
${body.lists.map((l) => html`<h2 style="font-size: 1.1em">${l.heading}</h2><ul>${l.items.map((i) => html`<li>${i}</li>`)}</ul>`)}
${body.after.map((p) => html`<p>${p}</p>`)}`,
    );
    const key = noticeLetterKey(notice.term, school.urn, event, to.role, to.email);
    return {
      key,
      legacyKey: key,
      term: notice.term,
      urn: school.urn,
      date,
      role: to.role,
      to: { name: to.name, email: to.email },
      from: `${authority.name} <${authority.senderAddress}>`,
      replyTo: authority.replyToAddress,
      subject: body.subject,
      text,
      html: page.value,
    };
  });
  return { letters, missing };
}
