/** What an AAG's decisions did (functions/core/assessment/decision-outcomes.ts). */
import { describe, expect, it } from 'vitest';
import { decisionOutcomes } from '../../functions/core/assessment/decision-outcomes';
import type { BrokeredSupport } from '../../functions/core/support/brokering';
import type { Assessment } from '../../functions/core/types';

const agreed = (urn: string, changed: boolean) => ({ urn, changed, category: 'C' }) as unknown as Assessment;
const support = (urn: string, extra: Partial<BrokeredSupport> = {}) =>
  ({
    urn,
    brokered: true,
    provider: { urn: '200001', name: 'Kenbury Primary', matchedWithin: 'district' },
    leader: { id: 'L1', name: 'Jo Reed', designation: 'NLE' },
    unmet: [],
    ...extra,
  }) as unknown as BrokeredSupport;

describe('what the decisions did', () => {
  it("says to whom a changed school's letter went, and nothing of another school's", () => {
    const outcomes = decisionOutcomes(
      [agreed('100001', true), agreed('100002', true), agreed('100003', false)],
      [
        { urn: '100001', role: 'chair of governors', status: 'sent', needsFollowUp: true },
        { urn: '100001', role: 'headteacher', status: 'sent' },
        { urn: '999999', role: 'headteacher', status: 'sent' },
      ],
      [],
    );
    expect(outcomes.get('100001')?.letters).toBe(
      'Letter sent to the headteacher and chair of governors; 1 did not reach the reader, and the team follows it up',
    );
    expect(outcomes.get('100002')?.letters).toBe('No letter sent: see the area’s report for letters held or waiting');
    expect(outcomes.get('100003')?.letters).toBe('No change of category, so no letter');
    expect(outcomes.has('999999')).toBe(false);
  });

  it('says a letter is not sent while its record says it is being sent, or SES refused it', () => {
    const outcomes = decisionOutcomes(
      [agreed('100001', true)],
      [{ urn: '100001', role: 'headteacher', status: 'rejected' }],
      [],
    );
    expect(outcomes.get('100001')?.letters).toBe('A letter is recorded but not sent yet: see the area’s report');
  });

  it("says the support arranged, the AAG's choice, a choice that could not stand, and what was referred", () => {
    const outcomes = decisionOutcomes(
      [agreed('100001', true), agreed('100002', true), agreed('100003', true)],
      [],
      [
        support('100001', { chosenByAag: { provider: true, leader: false, by: 'Priya Shah' } }),
        support('100002', {
          leader: undefined,
          choiceRefused: ['Jo Reed has no capacity left this term'],
          unmet: ['no system leader with capacity'],
        }),
        support('100003', { brokered: false }),
      ],
    );
    expect(outcomes.get('100001')?.support).toBe(
      'Kenbury Primary as support school and Jo Reed as system leader, as the AAG chose',
    );
    expect(outcomes.get('100002')?.support).toBe(
      "Kenbury Primary as support school and no system leader; the AAG's choice could not stand: Jo Reed has no capacity left this term; referred to the TSC board: no system leader with capacity",
    );
    expect(outcomes.get('100003')?.support).toBeUndefined();
  });

  it('names each role once, the school\'s own people first, then any other role by name, and says "the headteacher" alone', () => {
    const lettersTo = (...roles: string[]) =>
      decisionOutcomes(
        [agreed('100001', true)],
        roles.map((role) => ({ urn: '100001', role, status: 'sent' as const })),
        [],
      ).get('100001')?.letters;
    expect(lettersTo('headteacher')).toBe('Letter sent to the headteacher');
    expect(lettersTo('trust board chair', 'chair of governors', 'headteacher', 'headteacher')).toBe(
      'Letter sent to the headteacher, chair of governors and trust board chair',
    );
    expect(lettersTo('clerk', 'bursar', 'headteacher')).toBe('Letter sent to the headteacher, bursar and clerk');
  });

  it('counts a letter SES refused as one to follow up, and none where every letter went', () => {
    const outcome = (status: 'sent' | 'rejected') =>
      decisionOutcomes(
        [agreed('100001', true)],
        [
          { urn: '100001', role: 'headteacher', status: 'sent' },
          { urn: '100001', role: 'chair of governors', status },
        ],
        [],
      ).get('100001')?.letters;
    expect(outcome('rejected')).toBe(
      'Letter sent to the headteacher; 1 did not reach the reader, and the team follows it up',
    );
    expect(outcome('sent')).toBe('Letter sent to the headteacher and chair of governors');
  });

  it('says where no support school was found, and that a choice of neither is no choice', () => {
    const outcomes = decisionOutcomes(
      [agreed('100001', true), agreed('100002', true)],
      [],
      [
        support('100001', { provider: undefined, chosenByAag: { provider: false, leader: true, by: 'Priya Shah' } }),
        support('100002', { chosenByAag: { provider: false, leader: false, by: 'Priya Shah' }, choiceRefused: [] }),
      ],
    );
    expect(outcomes.get('100001')?.support).toBe('no support school and Jo Reed as system leader, as the AAG chose');
    expect(outcomes.get('100002')?.support).toBe('Kenbury Primary as support school and Jo Reed as system leader');
  });
});
