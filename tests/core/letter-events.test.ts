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
});
