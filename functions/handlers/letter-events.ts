/**
 * Records what SES says became of a letter: EventBridge hands over SES's event (its `detail`), found against its
 * letter by the SES message id the notify stage recorded. Logs the kind of event, never an address.
 */
import { z } from 'zod';
import { letterEventOf, sesEventSchema } from '../core/letters/letter-events';
import { recordLetterEvent } from '../adapters/sent-emails';
import { parseInput } from './inputs';
import { stageLog } from '../adapters/log';
import { letterEntry } from '../core/audit/trail';
import { appendToAuditTrail } from '../adapters/audit-trail';

const eventBridgeEvent = z.object({ source: z.literal('aws.ses'), 'detail-type': z.string(), detail: sesEventSchema });

export async function handler(event: unknown, context?: unknown): Promise<{ recorded: boolean; outcome?: string }> {
  const { detail } = parseInput(eventBridgeEvent, event, 'letter events');
  const log = stageLog('letter events', {}, context);
  const letterEvent = letterEventOf(detail);
  if (!letterEvent) {
    log.info('SES event not kept', { eventType: detail.eventType, recorded: false, why: 'not an event the cycle keeps' });
    return { recorded: false };
  }
  const letter = await recordLetterEvent(letterEvent);
  const recorded = letter !== undefined;
  if (letter) await appendToAuditTrail([letterEntry({ term: letter.term, startedAt: letterEvent.at }, { urn: letter.urn, role: letter.role, at: letterEvent.at, outcome: letterEvent.outcome })]);
  log.info('SES event', { eventType: detail.eventType, outcome: letterEvent.outcome, recorded, ...(recorded ? {} : { why: 'no letter has this message id' }) });
  return { recorded, outcome: letterEvent.outcome };
}
