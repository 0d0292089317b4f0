/**
 * Tells each AAG its part in the term's round, by email, invoked every hour by a schedule (lib/aag-reminders.ts):
 * that its area's proposals are ready in the portal, and, a set time before its deadline
 * (portal.reminderDaysBeforeDeadline), that its decisions are still to come. Only areas whose chair has not submitted,
 * only while the round is open and its deadline ahead. The recipients are the area's people in the portal's groups
 * (aag:<area key>, aag-chair:<area key>). Each member is marked as sent before the email goes, so no one is sent a
 * notice twice whatever retries or overlaps; a member SES would not take now is unmarked, and the next hour tries them
 * again.
 */
import { z } from 'zod';
import { aagNoticeSchema, readConfig } from '../adapters/config';
import { markAagNotice, openAagRounds, unmarkAagNotice } from '../adapters/cycle-store';
import { stageLog } from '../adapters/log';
import { peopleInGroups } from '../adapters/portal-people';
import { type SendOutcome, sendRawEmail } from '../adapters/ses';
import { aagChairGroup, aagMemberGroup, areaKeyOf } from '../core/access/people';
import { AAG_NOTICE_TAG, aagNoticeEmail, aagNoticesDue } from '../core/assessment/aag-notices';
import { addressHash } from '../core/letters/letters';
import { buildMessageMime } from '../core/letters/mime';
import { parseInput } from './inputs';

/** The schedule passes nothing the function needs; a test or an operator may give the time to reckon from. */
const remindInput = z.object({ now: z.iso.datetime().optional() }).loose();

export interface RemindOutcome {
  /** Emails sent, by the notice's kind. */
  sent: number;
  /** Notices due to an area with no one in its groups: none sent, and due again the next hour. */
  areasWithNoOne: string[];
  /** Members SES would not take now (tried again the next hour) or ever (their address refused). */
  notSent: number;
}

export async function handler(event: unknown, context?: unknown): Promise<RemindOutcome> {
  const input = parseInput(remindInput, event ?? {}, 'AAG reminders');
  const config = readConfig(aagNoticeSchema);
  const log = stageLog('AAG reminders', {}, context);
  const now = input.now ? new Date(input.now) : new Date();
  const outcome: RemindOutcome = { sent: 0, areasWithNoOne: [], notSent: 0 };
  for (const { round, requests } of await openAagRounds()) {
    const due = aagNoticesDue(
      {
        term: round.term,
        requestedAt: round.requestedAt,
        closed: false,
        areas: requests.map((r) => ({
          district: r.district,
          submitted: round.answered?.has(r.district) ?? false,
          sent: [...(r.noticesSent ?? [])].filter((m) => m === 'proposals ready' || m === 'deadline near'),
        })),
      },
      { deadlineHours: config.MODERATION_DEADLINE_HOURS, reminderHours: config.AAG_REMINDER_HOURS, now },
    );
    for (const notice of due) {
      const areaKey = areaKeyOf(notice.district);
      const chairs = aagChairGroup(areaKey);
      const people = await peopleInGroups([aagMemberGroup(areaKey), chairs]);
      if (people.length === 0) {
        // Not marked: once the operator puts people in the area's groups, the next hour tells them.
        outcome.areasWithNoOne.push(notice.district);
        log.warn('a notice is due to an AAG with no one in its groups', { area: areaKey, notice: notice.kind });
        continue;
      }
      let everyone = true;
      for (const person of people) {
        const mark = `${notice.kind}#${addressHash(person.email)}`;
        if (!(await markAagNotice(round.term, notice.district, round.requestedAt, mark))) continue;
        const email = aagNoticeEmail({
          kind: notice.kind,
          term: round.term,
          district: notice.district,
          deadline: notice.deadline,
          to: { name: person.name, email: person.email, chair: person.groups.includes(chairs) },
          authority: {
            name: config.AUTHORITY_NAME,
            senderAddress: config.SENDER_ADDRESS,
            replyToAddress: config.REPLY_TO_ADDRESS,
          },
          link: `${config.PORTAL_URL.replace(/\/$/, '')}/aag/${areaKey}`,
        });
        let result: SendOutcome;
        try {
          result = await sendRawEmail(
            buildMessageMime(email, now, `${round.term}#${notice.district}#${mark}`),
            person.email,
            config.SES_CONFIGURATION_SET,
            {
              [AAG_NOTICE_TAG]: `${areaKey}_${notice.kind.replace(' ', '-')}_${addressHash(person.email).slice(0, 8)}`,
            },
          );
        } catch (error) {
          // Not known to be sent: unmarked, so the retry (or the next hour) sends it.
          await unmarkAagNotice(round.term, notice.district, mark);
          throw error;
        }
        if (result.status === 'sent') {
          outcome.sent += 1;
          continue;
        }
        outcome.notSent += 1;
        log.warn('an AAG notice was not sent', { area: areaKey, notice: notice.kind, why: result.reason });
        // An address SES refuses for good stays marked (it would refuse again); anything else is tried again.
        if (result.status === 'rejected') continue;
        everyone = false;
        await unmarkAagNotice(round.term, notice.district, mark);
        if (result.status === 'stopped')
          throw new Error(
            `SES sends no email now (${result.reason}), so the AAGs' notices wait: see docs/operator.md (Operations) for what to do; once SES sends again, the next hour sends them`,
          );
      }
      if (everyone) await markAagNotice(round.term, notice.district, round.requestedAt, notice.kind);
    }
  }
  log.info('AAG notices', { ...outcome, areasWithNoOne: outcome.areasWithNoOne.length });
  return outcome;
}
