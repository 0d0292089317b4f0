/**
 * Records what SES says became of a letter: the letters' configuration set publishes SES's events to the stack's
 * topic, which hands each to this function (an SNS record whose message is SES's event), found against its letter by
 * the SES message id the notify stage recorded. Logs the kind of event, never an address.
 */
import { z } from 'zod';
import { appendToAuditTrail } from '../adapters/audit-trail';
import { stageLog } from '../adapters/log';
import { recordLetterEvent, recordSesSent } from '../adapters/sent-emails';
import { letterEntry } from '../core/audit/trail';
import { letterEventOf, sentEventOf, sesEventSchema } from '../core/letters/letter-events';
import { LETTER_TAG, letterKeyOfTag } from '../core/letters/letters';
import { parseInput } from './inputs';

const snsEvent = z.object({
  Records: z
    .array(
      z.object({
        Sns: z.object({
          Message: z
            .string()
            .transform((m, ctx) => {
              try {
                return JSON.parse(m) as unknown;
              } catch {
                ctx.addIssue({ code: 'custom', message: 'an SNS message of JSON (an SES event)' });
                return z.NEVER;
              }
            })
            .pipe(sesEventSchema),
        }),
      }),
    )
    .min(1),
});

export async function handler(event: unknown, context?: unknown): Promise<{ recorded: boolean; outcome?: string }[]> {
  const { Records } = parseInput(snsEvent, event, 'letter events');
  const log = stageLog('letter events', {}, context);
  const results: { recorded: boolean; outcome?: string }[] = [];
  for (const { Sns } of Records) {
    const detail = Sns.Message;
    const sent = sentEventOf(detail, LETTER_TAG, letterKeyOfTag);
    if (sent) {
      const recorded = await recordSesSent(sent);
      log.info('SES event', {
        eventType: detail.eventType,
        outcome: 'sent',
        recorded,
        ...(recorded ? {} : { why: 'no letter has this key' }),
      });
      results.push({ recorded, outcome: 'sent' });
      continue;
    }
    const letterEvent = letterEventOf(detail);
    if (!letterEvent) {
      log.info('SES event not kept', {
        eventType: detail.eventType,
        recorded: false,
        why: 'not an event the cycle keeps',
      });
      results.push({ recorded: false });
      continue;
    }
    const letter = await recordLetterEvent(letterEvent);
    const recorded = letter !== undefined;
    if (letter)
      await appendToAuditTrail([
        letterEntry(
          { term: letter.term, startedAt: letterEvent.at },
          { urn: letter.urn, role: letter.role, at: letterEvent.at, outcome: letterEvent.outcome },
        ),
      ]);
    log.info('SES event', {
      eventType: detail.eventType,
      outcome: letterEvent.outcome,
      recorded,
      ...(recorded ? {} : { why: 'no letter has this message id' }),
    });
    results.push({ recorded, outcome: letterEvent.outcome });
  }
  return results;
}
