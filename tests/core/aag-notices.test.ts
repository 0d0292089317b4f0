/** Which AAG notices are due when, and what they say (functions/core/assessment/aag-notices.ts). */
import { describe, expect, it } from 'vitest';
import {
  aagDeadlineOf,
  aagNoticeEmail,
  aagNoticesDue,
  type RoundForNotices,
} from '../../functions/core/assessment/aag-notices';

const REQUESTED = '2027-03-01T10:00:00.000Z';
const round = (areas: RoundForNotices['areas'], closed = false): RoundForNotices => ({
  term: '2027-spring',
  requestedAt: REQUESTED,
  closed,
  areas,
});
const timing = (hoursIn: number) => ({
  deadlineHours: 336,
  reminderHours: 72,
  now: new Date(Date.parse(REQUESTED) + hoursIn * 3_600_000),
});
const open = (district: string, sent: RoundForNotices['areas'][number]['sent'] = []) => ({
  district,
  submitted: false,
  sent,
});

describe('the AAG notices due', () => {
  it('sends the first notice to each area not submitted, once', () => {
    const due = aagNoticesDue(
      round([
        open('Ashdown'),
        { district: 'Eastbrook', submitted: true, sent: [] },
        open('Kingsmere', ['proposals ready']),
      ]),
      timing(0),
    );
    expect(due).toEqual([{ district: 'Ashdown', kind: 'proposals ready', deadline: '2027-03-15T10:00:00.000Z' }]);
  });

  it('reminds from exactly the reminder time before the deadline until just before it', () => {
    const areas = [open('Ashdown', ['proposals ready'])];
    expect(aagNoticesDue(round(areas), timing(336 - 72 - 0.001))).toEqual([]);
    expect(aagNoticesDue(round(areas), timing(336 - 72)).map((n) => n.kind)).toEqual(['deadline near']);
    expect(aagNoticesDue(round(areas), timing(336 - 0.001)).map((n) => n.kind)).toEqual(['deadline near']);
    expect(aagNoticesDue(round(areas), timing(336))).toEqual([]);
    expect(aagNoticesDue(round([open('Ashdown', ['proposals ready', 'deadline near'])]), timing(300))).toEqual([]);
  });

  it('sends only the reminder to an area first reached within the reminder time', () => {
    expect(aagNoticesDue(round([open('Ashdown')]), timing(300)).map((n) => n.kind)).toEqual(['deadline near']);
  });

  it('sends nothing for a closed round, nor a reminder when the reminder time is nought', () => {
    expect(aagNoticesDue(round([open('Ashdown')], true), timing(1))).toEqual([]);
    expect(
      aagNoticesDue(round([open('Ashdown', ['proposals ready'])]), { ...timing(335.9), reminderHours: 0 }),
    ).toEqual([]);
  });

  it('reckons the deadline from the request', () => {
    expect(aagDeadlineOf(REQUESTED, 1.5)).toBe('2027-03-01T11:30:00.000Z');
  });
});

describe("an AAG notice's email", () => {
  const email = (kind: 'proposals ready' | 'deadline near', chair: boolean) =>
    aagNoticeEmail({
      kind,
      term: '2027-summer',
      district: "King's Lynn & Downham",
      // 14:00 in BST.
      deadline: '2027-05-04T13:00:00.000Z',
      to: { name: 'Priya Shah', email: 'priya@example.org', chair },
      authority: {
        name: 'Ardenshire County Council',
        senderAddress: 'si@ardenshire.example.org',
        replyToAddress: 'team@ardenshire.example.org',
      },
      link: 'https://portal.example.org/aag/king-s-lynn-downham',
    });

  it('says the deadline in UK time, who submits, and where', () => {
    const ready = email('proposals ready', false);
    expect(ready.subject).toBe(
      "King's Lynn & Downham AAG: the summer term 2027 proposals are ready for your decisions",
    );
    expect(ready.text).toContain('Decisions are due by 2:00pm on 4 May 2027.');
    expect(ready.text).toContain('The AAG’s chair submits them');
    expect(ready.text).not.toContain('As the AAG’s chair');
    expect(ready.text).toContain('https://portal.example.org/aag/king-s-lynn-downham');
    expect(ready.html).toContain('King&#39;s Lynn &amp; Downham');
    expect(ready.from).toBe('Ardenshire County Council <si@ardenshire.example.org>');
    expect(ready.replyTo).toBe('team@ardenshire.example.org');
  });

  it('tells a chair they submit, and a reminder that the AAG has not', () => {
    const near = email('deadline near', true);
    expect(near.subject).toBe("King's Lynn & Downham AAG: decisions due by 2:00pm on 4 May 2027");
    expect(near.text).toContain('has not yet submitted its decisions');
    expect(near.text).toContain('As the AAG’s chair, you submit them');
    expect(near.text).not.toContain('are ready for the');
  });

  it('is the whole email, in text and HTML, paragraph by paragraph', () => {
    const ready = email('proposals ready', false);
    expect(ready.to).toEqual({ name: 'Priya Shah', email: 'priya@example.org' });
    expect(ready.text).toBe(
      [
        'Dear Priya Shah,',
        "The proposed categories of the King's Lynn & Downham schools for the summer term 2027 are ready for the King's Lynn & Downham AAG to moderate.",
        'Decisions are due by 2:00pm on 4 May 2027. The AAG’s chair submits them once the AAG has decided. Until then, members can agree or override each proposal in the portal, and what they save is kept as a draft.',
        "If the AAG has not submitted by then, the cycle goes on without its decisions, and the area's report says so.",
        'Sign in to see the proposals: https://portal.example.org/aag/king-s-lynn-downham',
        'Ardenshire County Council school improvement team\n',
      ].join('\n\n'),
    );
    expect(ready.html.split('\n')).toEqual([
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>King&#39;s Lynn &amp; Downham AAG: the summer term 2027 proposals are ready for your decisions</title></head><body>',
      '<p>Dear Priya Shah,</p>',
      '<p>The proposed categories of the King&#39;s Lynn &amp; Downham schools for the summer term 2027 are ready for the King&#39;s Lynn &amp; Downham AAG to moderate.</p>',
      '<p>Decisions are due by 2:00pm on 4 May 2027. The AAG’s chair submits them once the AAG has decided. Until then, members can agree or override each proposal in the portal, and what they save is kept as a draft.</p>',
      '<p>If the AAG has not submitted by then, the cycle goes on without its decisions, and the area&#39;s report says so.</p>',
      '<p><a href="https://portal.example.org/aag/king-s-lynn-downham">Sign in to see the proposals</a></p>',
      '<p>Ardenshire County Council school improvement team</p>',
      '</body></html>',
    ]);
    expect(email('deadline near', true).text.split('\n\n').slice(1, 3)).toEqual([
      "The King's Lynn & Downham AAG has not yet submitted its decisions on its schools' proposed categories for the summer term 2027.",
      'Decisions are due by 2:00pm on 4 May 2027. As the AAG’s chair, you submit them once the AAG has decided. Until then, members can agree or override each proposal in the portal, and what they save is kept as a draft.',
    ]);
  });
});
