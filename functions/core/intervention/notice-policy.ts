/**
 * The methodology's policy on formal warning notices (its `warningNotices` section). On its own, with nothing but
 * zod, so that the methodology's schema can include it without importing the notices' workings (which read the
 * categorisation, which reads the methodology).
 */
import { z } from 'zod';

/** The methodology's policy on warning notices: when the cycle proposes one, and how long a school has to comply. */
export const warningNoticePolicySchema = z
  .object({
    /** Recorded with each proposal, so the record says which policy proposed it. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { message: 'lower-case letters, digits and hyphens' }),
    propose: z.object({
      /** The agreed categories in which a school may be proposed a notice (e.g. [D]). */
      categories: z.array(z.string()).min(1),
      /** How many of its latest task-group reports, one a term, must all find the impact insufficient. */
      insufficientImpactTerms: z.number().int().min(1),
    }),
    /** Calendar days from the notice's date to its compliance date, unless the ECB sets another. */
    complianceDays: z.number().int().min(1),
    /**
     * The fewest calendar days from a notice's date to its compliance date that the ECB may set: the time the actions
     * it
     * requires need (an action plan within ten school days, say). A date the ECB gives earlier is refused.
     */
    minimumComplianceDays: z.number().int().min(1).optional(),
    /** What every notice requires of the governing body, as the letter says it. */
    actionRequired: z.array(z.string().min(1)).min(1),
  })
  .refine((p) => p.minimumComplianceDays === undefined || p.complianceDays >= p.minimumComplianceDays, {
    message: 'complianceDays must be at least minimumComplianceDays',
    path: ['complianceDays'],
  });
export type WarningNoticePolicy = z.infer<typeof warningNoticePolicySchema>;
