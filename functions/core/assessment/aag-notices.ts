/**
 * The emails that tell an AAG its part in the term's round: that its area's proposals are ready in the portal, and,
 * a set time before its deadline, that its decisions are still to come. Which are due (for a round still open, to
 * the areas whose chair has not submitted, each once), and what they say. Pure.
 */

import { whenInWords } from '../dates';
import { escapeHtml } from '../html';
import { describeTerm } from '../term';

/** The SES message tag an AAG's notice carries (a letter carries `letter`): the local SES keeps its copy apart. */
export const AAG_NOTICE_TAG = 'aag-notice';

/** The two emails an AAG's members are sent in a round, each once. */
export const AAG_NOTICE_KINDS = ['proposals ready', 'deadline near'] as const;
export type AagNoticeKind = (typeof AAG_NOTICE_KINDS)[number];

/** When an AAG's decisions are due: its request's time plus the time the AAGs have (cdk.json moderationDeadlineHours). */
export const aagDeadlineOf = (requestedAt: string, deadlineHours: number): string =>
  new Date(Date.parse(requestedAt) + deadlineHours * 3_600_000).toISOString();

/** A term's round as the notices need it: when it was asked, whether it closed, and each area asked in it. */
export interface RoundForNotices {
  readonly term: string;
  readonly requestedAt: string;
  readonly closed: boolean;
  readonly areas: readonly {
    readonly district: string;
    /** Its chair has submitted the area's decisions for this round. */
    readonly submitted: boolean;
    /** The notices this area has been sent in this round. */
    readonly sent: readonly AagNoticeKind[];
  }[];
}

export interface NoticeTiming {
  /** How long the AAGs have, from the request (cdk.json moderationDeadlineHours). */
  readonly deadlineHours: number;
  /** How long before the deadline the reminder goes (cdk.json portal.reminderDaysBeforeDeadline, in hours). */
  readonly reminderHours: number;
  readonly now: Date;
}

/**
 * The notices due now, one an area at most: none once the round has closed or its deadline passed, nor to an area
 * whose chair has submitted. Within the reminder's time before the deadline, the reminder (which says the proposals
 * are ready too, so an area that never had the first is not sent both); before it, the first notice, once.
 */
export function aagNoticesDue(
  round: RoundForNotices,
  timing: NoticeTiming,
): { district: string; kind: AagNoticeKind; deadline: string }[] {
  const deadline = aagDeadlineOf(round.requestedAt, timing.deadlineHours);
  const now = timing.now.getTime();
  if (round.closed || now >= Date.parse(deadline)) return [];
  const remindFrom = Date.parse(deadline) - timing.reminderHours * 3_600_000;
  return round.areas.flatMap((area): { district: string; kind: AagNoticeKind; deadline: string }[] => {
    if (area.submitted) return [];
    if (now >= remindFrom)
      return area.sent.includes('deadline near') ? [] : [{ district: area.district, kind: 'deadline near', deadline }];
    return area.sent.includes('proposals ready')
      ? []
      : [{ district: area.district, kind: 'proposals ready', deadline }];
  });
}

/** One email of a notice, to one person. */
export interface AagNoticeEmail {
  readonly to: { readonly name: string; readonly email: string };
  readonly from: string;
  readonly replyTo: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/**
 * The notice to one member of an area's AAG: the term, the area, when its decisions are due and where, who submits
 * them, and what happens if they do not come.
 */
export function aagNoticeEmail(notice: {
  readonly kind: AagNoticeKind;
  readonly term: string;
  readonly district: string;
  readonly deadline: string;
  readonly to: { readonly name: string; readonly email: string; readonly chair: boolean };
  readonly authority: { readonly name: string; readonly senderAddress: string; readonly replyToAddress: string };
  /** The area's proposals in the portal. */
  readonly link: string;
}): AagNoticeEmail {
  const { kind, district, to, authority } = notice;
  const term = describeTerm(notice.term);
  const due = whenInWords(notice.deadline);
  const subject =
    kind === 'proposals ready'
      ? `${district} AAG: the ${term} proposals are ready for your decisions`
      : `${district} AAG: decisions due by ${due}`;
  const opening =
    kind === 'proposals ready'
      ? `The proposed categories of the ${district} schools for the ${term} are ready for the ${district} AAG to moderate.`
      : `The ${district} AAG has not yet submitted its decisions on its schools' proposed categories for the ${term}.`;
  const submits = to.chair
    ? 'As the AAG’s chair, you submit them once the AAG has decided.'
    : 'The AAG’s chair submits them once the AAG has decided.';
  const paragraphs = [
    `Dear ${to.name},`,
    opening,
    `Decisions are due by ${due}. ${submits} Until then, members can agree or override each proposal in the portal, and what they save is kept as a draft.`,
    `If the AAG has not submitted by then, the cycle goes on without its decisions, and the area's report says so.`,
  ];
  const closing = [`${authority.name} school improvement team`];
  const text = `${paragraphs.join('\n\n')}\n\nSign in to see the proposals: ${notice.link}\n\n${closing.join('\n')}\n`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<p><a href="${escapeHtml(notice.link)}">Sign in to see the proposals</a></p>
<p>${closing.map(escapeHtml).join('<br>')}</p>
</body></html>`;
  return {
    to: { name: to.name, email: to.email },
    from: `${authority.name} <${authority.senderAddress}>`,
    replyTo: authority.replyToAddress,
    subject,
    text,
    html,
  };
}
