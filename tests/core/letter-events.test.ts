/** SES's events about a letter, in the shape SES documents for its event publishing (values from its examples). */
import { describe, expect, it } from 'vitest';
import { letterEventOf, outcomeAfter, sentEventOf, sesEventSchema } from '../../functions/core/letters/letter-events';
import { LETTER_TAG, letterKeyOfTag, letterTag } from '../../functions/core/letters/letters';
import { SES_MAIL as mail, SES_EVENTS } from '../fixtures/ses-events';

describe("SES's events about a letter", () => {
  it('reads a permanent bounce as a letter to follow up, saying what SES said but not the address', () => {
    const event = letterEventOf(sesEventSchema.parse(SES_EVENTS.bounce));
    expect(event).toEqual({
      messageId: mail.messageId,
      outcome: 'bounced',
      at: '2026-09-03T06:02:05.000Z',
      detail: 'Permanent bounce (General)',
      needsFollowUp: true,
    });
  });

  it('reads a transient bounce, a complaint and a delivery, and keeps no send event', () => {
    expect(letterEventOf(sesEventSchema.parse(SES_EVENTS.transientBounce))).toMatchObject({
      outcome: 'bounced for now',
      needsFollowUp: false,
    });
    expect(letterEventOf(sesEventSchema.parse(SES_EVENTS.complaint))).toMatchObject({
      outcome: 'complained',
      detail: 'complaint (abuse)',
      needsFollowUp: true,
    });
    expect(letterEventOf(sesEventSchema.parse(SES_EVENTS.delivery))).toMatchObject({
      outcome: 'delivered',
      needsFollowUp: false,
    });
    expect(letterEventOf(sesEventSchema.parse(SES_EVENTS.send))).toBeUndefined();
  });

  it("reads SES's Send event as its word that it took the letter whose key the message's tag carries, and nothing else as that", () => {
    const key = '2026-autumn#125175#warning-notice-issued#chair-of-governors#e124eb8e20cabfc2';
    // A tag's value may hold letters, digits, '-' and '_' only, and at most 256 of them.
    expect(letterTag(key)).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
    expect(letterKeyOfTag(letterTag(key))).toBe(key);
    const send = { ...SES_EVENTS.send, mail: { ...mail, tags: { ...mail.tags, [LETTER_TAG]: [letterTag(key)] } } };
    expect(sentEventOf(sesEventSchema.parse(send), LETTER_TAG, letterKeyOfTag)).toEqual({
      letterKey: key,
      messageId: mail.messageId,
      at: mail.timestamp,
    });
    expect(sentEventOf(sesEventSchema.parse(SES_EVENTS.send), LETTER_TAG, letterKeyOfTag)).toBeUndefined();
    expect(
      sentEventOf(sesEventSchema.parse({ ...SES_EVENTS.delivery, mail: send.mail }), LETTER_TAG, letterKeyOfTag),
    ).toBeUndefined();
  });

  it('never lets a delivery hide a bounce or a complaint, whatever order they arrive in', () => {
    const bounce = letterEventOf(sesEventSchema.parse(SES_EVENTS.bounce))!;
    const delivery = letterEventOf(sesEventSchema.parse(SES_EVENTS.delivery))!;
    expect(outcomeAfter({ outcome: bounce.outcome, at: bounce.at }, delivery)).toBe(false);
    expect(outcomeAfter({ outcome: delivery.outcome, at: delivery.at }, bounce)).toBe(true);
    expect(outcomeAfter(undefined, delivery)).toBe(true);
  });

  /** An event of SES's as it is published: the mail, and the object named after the event type where there is one. */
  const event = (eventType: string, body: Record<string, unknown> = {}) =>
    letterEventOf(sesEventSchema.parse({ eventType, mail, ...body }));

  it('says what each event it keeps means, with what SES said where it said it, and nothing where it did not', () => {
    const at = '2026-09-03T07:00:00.000Z';
    expect(event('Bounce', { bounce: { bounceType: 'Transient', timestamp: at } })).toEqual({
      messageId: mail.messageId,
      outcome: 'bounced for now',
      at,
      detail: 'Transient bounce',
      needsFollowUp: false,
    });
    expect(event('Complaint', { complaint: { timestamp: at } })).toEqual({
      messageId: mail.messageId,
      outcome: 'complained',
      at,
      detail: 'complaint',
      needsFollowUp: true,
    });
    expect(event('Delivery', { delivery: { timestamp: at } })).toEqual({
      messageId: mail.messageId,
      outcome: 'delivered',
      at,
      detail: 'delivered',
      needsFollowUp: false,
    });
    expect(event('Reject', { reject: { reason: 'Bad content' } })).toEqual({
      messageId: mail.messageId,
      outcome: 'rejected by SES',
      at: mail.timestamp,
      detail: 'rejected by SES (Bad content)',
      needsFollowUp: true,
    });
    expect(event('Reject')?.detail).toBe('rejected by SES');
    expect(event('DeliveryDelay', { deliveryDelay: { timestamp: at, delayType: 'MailboxFull' } })).toEqual({
      messageId: mail.messageId,
      outcome: 'delayed',
      at,
      detail: 'delivery delayed (MailboxFull)',
      needsFollowUp: false,
    });
    expect(event('DeliveryDelay', { deliveryDelay: { timestamp: at } })?.detail).toBe('delivery delayed');
  });

  it('keeps no open, click or event without its own object', () => {
    expect(event('Open', { open: { timestamp: '2026-09-03T07:00:00.000Z' } })).toBeUndefined();
    expect(event('Click')).toBeUndefined();
    for (const type of ['Bounce', 'Complaint', 'Delivery', 'DeliveryDelay']) expect(event(type)).toBeUndefined();
  });

  it('lets a later event, or one at the same moment, decide the outcome, but not an earlier one unless it needs following up', () => {
    const at = (time: string) => `2026-09-03T0${time}:00.000Z`;
    const delivered = { outcome: 'delivered' as const, at: at('7:00') };
    const delayed = (time: string) => event('DeliveryDelay', { deliveryDelay: { timestamp: at(time) } })!;
    const bounced = (time: string) => event('Bounce', { bounce: { bounceType: 'Permanent', timestamp: at(time) } })!;
    const complained = (time: string) => event('Complaint', { complaint: { timestamp: at(time) } })!;
    expect(outcomeAfter(delivered, delayed('8:00'))).toBe(true);
    expect(outcomeAfter(delivered, delayed('7:00'))).toBe(true);
    expect(outcomeAfter(delivered, delayed('6:00'))).toBe(false);
    expect(outcomeAfter(delivered, bounced('6:00'))).toBe(true);
    expect(outcomeAfter({ outcome: 'bounced', at: at('7:00') }, complained('8:00'))).toBe(true);
    expect(outcomeAfter({ outcome: 'bounced', at: at('7:00') }, complained('6:00'))).toBe(false);
    expect(outcomeAfter({ outcome: 'bounced', at: at('7:00') }, delayed('8:00'))).toBe(false);
    expect(outcomeAfter({ outcome: 'delivered' }, delayed('6:00'))).toBe(true);
  });
});
