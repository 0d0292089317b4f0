import { describe, expect, it } from 'vitest';
import { warningNoticePolicySchema } from '../../functions/core/intervention/notice-policy';

const policy = (complianceDays: number, minimumComplianceDays?: number) => ({
  id: 'notices-2026',
  propose: { categories: ['D'], insufficientImpactTerms: 2 },
  complianceDays,
  ...(minimumComplianceDays === undefined ? {} : { minimumComplianceDays }),
  actionRequired: ['Agree an action plan'],
});

describe("the methodology's policy on warning notices", () => {
  it('takes compliance days equal to the fewest the ECB may set, or more, and refuses fewer', () => {
    expect(warningNoticePolicySchema.safeParse(policy(21, 21)).success).toBe(true);
    expect(warningNoticePolicySchema.safeParse(policy(22, 21)).success).toBe(true);
    expect(warningNoticePolicySchema.safeParse(policy(5)).success).toBe(true);
    const fewer = warningNoticePolicySchema.safeParse(policy(20, 21));
    expect(fewer.success).toBe(false);
    expect(fewer.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['complianceDays', 'complianceDays must be at least minimumComplianceDays'],
    ]);
  });
});
