/**
 * What SES says happened to a letter after it took it: delivered, bounced (permanently or for now), complained
 * about, or rejected. SES publishes each as an event through the configuration set the letters are sent with
 * (to EventBridge, as the detail of an event from `aws.ses`); this reads the parts the cycle keeps. The shape is
 * SES's documented event record: `eventType`, the `mail` object with its `messageId`, and one object named after
 * the event. Unknown fields are ignored, as SES may add some.
 */
import { z } from 'zod';

const recipient = z.object({ emailAddress: z.string() }).passthrough();

export const sesEventSchema = z
  .object({
    eventType: z.string(),
    mail: z
      .object({
        messageId: z.string().min(1),
        timestamp: z.string(),
        tags: z.record(z.string(), z.array(z.string())).optional(),
      })
      .passthrough(),
    bounce: z
      .object({
        bounceType: z.string(),
        bounceSubType: z.string().optional(),
        timestamp: z.string(),
        bouncedRecipients: z.array(recipient).default([]),
      })
      .passthrough()
      .optional(),
    complaint: z
      .object({
        timestamp: z.string(),
        complaintFeedbackType: z.string().optional(),
        complainedRecipients: z.array(recipient).default([]),
      })
      .passthrough()
      .optional(),
    delivery: z.object({ timestamp: z.string() }).passthrough().optional(),
    reject: z.object({ reason: z.string().optional() }).passthrough().optional(),
    deliveryDelay: z.object({ timestamp: z.string(), delayType: z.string().optional() }).passthrough().optional(),
  })
  .passthrough();
export type SesEvent = z.infer<typeof sesEventSchema>;

/** What happened to a letter, as the sent-emails record keeps it. */
export type LetterOutcome = 'delivered' | 'bounced' | 'bounced for now' | 'complained' | 'rejected by SES' | 'delayed';

export interface LetterEvent {
  readonly messageId: string;
  readonly outcome: LetterOutcome;
  readonly at: string;
  /** What SES said, for the officer following it up (never the address, which the letter's record already has). */
  readonly detail: string;
  /** Whether the letter did not reach its reader, so that officers must follow it up. */
  readonly needsFollowUp: boolean;
}

/**
 * SES's word that it took a letter (a Send event), found by the letter's key in its message tag: the evidence that a
 * letter whose run died before recording its message id went, so that a later run records it rather than send it
 * again. Undefined for any other event, or a message without the tag.
 */
export function sentEventOf(
  event: SesEvent,
  tagName: string,
  keyOfTag: (tag: string) => string,
): { letterKey: string; messageId: string; at: string } | undefined {
  if (event.eventType !== 'Send') return undefined;
  const tag = event.mail.tags?.[tagName]?.[0];
  return tag ? { letterKey: keyOfTag(tag), messageId: event.mail.messageId, at: event.mail.timestamp } : undefined;
}

/**
 * The event's meaning for the letter, or undefined for events the cycle does not keep (opens, clicks; a send is
 * sentEventOf's).
 */
export function letterEventOf(event: SesEvent): LetterEvent | undefined {
  const messageId = event.mail.messageId;
  switch (event.eventType) {
    case 'Bounce': {
      const bounce = event.bounce;
      if (!bounce) return undefined;
      const permanent = bounce.bounceType === 'Permanent';
      return {
        messageId,
        outcome: permanent ? 'bounced' : 'bounced for now',
        at: bounce.timestamp,
        detail: `${bounce.bounceType} bounce${bounce.bounceSubType ? ` (${bounce.bounceSubType})` : ''}`,
        needsFollowUp: permanent,
      };
    }
    case 'Complaint':
      return event.complaint
        ? {
            messageId,
            outcome: 'complained',
            at: event.complaint.timestamp,
            detail: `complaint${event.complaint.complaintFeedbackType ? ` (${event.complaint.complaintFeedbackType})` : ''}`,
            needsFollowUp: true,
          }
        : undefined;
    case 'Delivery':
      return event.delivery
        ? { messageId, outcome: 'delivered', at: event.delivery.timestamp, detail: 'delivered', needsFollowUp: false }
        : undefined;
    case 'Reject':
      return {
        messageId,
        outcome: 'rejected by SES',
        at: event.mail.timestamp,
        detail: `rejected by SES${event.reject?.reason ? ` (${event.reject.reason})` : ''}`,
        needsFollowUp: true,
      };
    case 'DeliveryDelay':
      return event.deliveryDelay
        ? {
            messageId,
            outcome: 'delayed',
            at: event.deliveryDelay.timestamp,
            detail: `delivery delayed${event.deliveryDelay.delayType ? ` (${event.deliveryDelay.delayType})` : ''}`,
            needsFollowUp: false,
          }
        : undefined;
    default:
      return undefined;
  }
}

/** A later event decides the letter's outcome, except that a delivery never hides an earlier bounce or complaint. */
export function outcomeAfter(
  previous: { outcome?: LetterOutcome; at?: string } | undefined,
  next: LetterEvent,
): boolean {
  if (!previous?.outcome || !previous.at) return true;
  const followUp = new Set<LetterOutcome>(['bounced', 'complained', 'rejected by SES']);
  if (followUp.has(previous.outcome) && !next.needsFollowUp) return false;
  return next.at >= previous.at || (next.needsFollowUp && !followUp.has(previous.outcome));
}
