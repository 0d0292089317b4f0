/**
 * The categorisation methodology as policy: a YAML file, owned by the Education Challenge Board, validated here.
 * It names the categories (best first) and the support each brings, and the rules: each a condition on the
 * evidence, the category it implies and the reason a person reads. The worst category that applies wins.
 * Every threshold is a value in the file; the engine (categorisation.ts) only knows the kinds of condition.
 */

import { z } from 'zod';
import { warningNoticePolicySchema } from '../intervention/notice-policy';
import { parsePolicyFile } from '../policy-file';
import { INTELLIGENCE_TYPES, type Phase, REPORT_CARD_GRADES, TASK_GROUP_IMPACTS, UNGRADED_OUTCOMES } from '../types';
import { earlyWarningPolicySchema } from './early-warning-policy';
import { STATUTORY_FLAGS } from './statutory-flags';

export const PHASES = [
  'nursery',
  'primary',
  'secondary',
  'all-through',
  'special',
  'alternative provision',
  'post-16',
] as const satisfies readonly Phase[];

const grade = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
const reportCardGrade = z.enum(REPORT_CARD_GRADES);

/** The kinds of condition a rule may use. Their parameters are the policy. */
export const conditionSchema = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('ofsted-overall'), grades: z.array(grade).min(1) })
    .describe('single-word era: overall effectiveness is one of `grades`'),
  z
    .object({ kind: z.literal('ofsted-key-judgement'), grades: z.array(grade).min(1) })
    .describe('key-judgement era: any key judgement is one of `grades`'),
  z
    .object({ kind: z.literal('ofsted-key-judgements-all'), grades: z.array(grade).min(1) })
    .describe('key-judgement era: every key judgement is one of `grades`'),
  z
    .object({
      kind: z.literal('ofsted-report-card'),
      grades: z.array(reportCardGrade).min(1),
      areas: z.array(z.string()).optional(),
    })
    .describe('report-card era: any area (of `areas`, if given) is graded one of `grades`'),
  z
    .object({ kind: z.literal('ofsted-report-card-all'), grades: z.array(reportCardGrade).min(1) })
    .describe('report-card era: every area is graded one of `grades`'),
  z
    .object({ kind: z.literal('ofsted-category-of-concern') })
    .describe('the latest inspection placed the school in a category of concern'),
  z
    .object({ kind: z.literal('ofsted-safeguarding-failed') })
    .describe('safeguarding was not effective, or safeguarding standards were not met'),
  z
    .object({ kind: z.literal('ofsted-ungraded-outcome'), outcomes: z.array(z.enum(UNGRADED_OUTCOMES)).min(1) })
    .describe(
      "ungraded era: the latest ungraded inspection, where it is later than the latest graded inspection or report card, had one of Ofsted's `outcomes`",
    ),
  z
    .object({ kind: z.literal('no-inspection') })
    .describe('the school has not been inspected at all, graded or ungraded (nor its predecessor)'),
  z
    .object({
      kind: z.literal('intelligence'),
      type: z.enum(INTELLIGENCE_TYPES),
      statuses: z.array(z.string()).min(1),
      withinMonths: z.number().int().positive().optional(),
      each: z.boolean().default(false),
    })
    .describe(
      "the LA's intelligence: the latest entry of `type` (every entry, with `each`) has one of `statuses`, dated within `withinMonths` of the start of term if given",
    ),
  z
    .object({ kind: z.literal('task-group-impact'), impacts: z.array(z.enum(TASK_GROUP_IMPACTS)).min(1) })
    .describe("last term's task-group report found the impact one of `impacts`"),
  z
    .object({ kind: z.literal('ks2-expected-standard-below'), percent: z.number() })
    .describe(
      'key stage 2: pupils meeting the expected standard in reading, writing and maths, latest year, below `percent`',
    ),
  z
    .object({
      kind: z.literal('ks2-expected-standard-declining'),
      years: z.number().int().min(2),
      minFallPoints: z.number().positive(),
    })
    .describe(
      'key stage 2: that measure fell year on year over the last `years` years, by at least `minFallPoints` percentage points in all (a smaller drift is noise)',
    ),
  z
    .object({
      kind: z.literal('ks2-progress-below'),
      score: z.number(),
      orExpectedStandardBelow: z.number().optional(),
    })
    .describe(
      'key stage 2: any of reading, writing or maths progress below `score`; where progress is not published, falls back to the expected standard below `orExpectedStandardBelow`, and says so',
    ),
  z
    .object({ kind: z.literal('progress8-below'), score: z.number(), orAttainment8Below: z.number().optional() })
    .describe(
      'key stage 4: Progress 8 below `score`; where it is not published, falls back to Attainment 8 below `orAttainment8Below`, and says so',
    ),
  z
    .object({ kind: z.literal('persistent-absence-above'), percent: z.number() })
    .describe('persistent absence (10% or more of sessions missed), latest year, above `percent`'),
  z
    .object({ kind: z.literal('attendance-fell'), points: z.number() })
    .describe('attendance fell by more than `points` percentage points on the previous year'),
  z
    .object({ kind: z.literal('statutory-flag'), flags: z.array(z.enum(STATUTORY_FLAGS)).min(1) })
    .describe(
      'the school carries one of the statutory or national `flags`: eligible for intervention, coasting (the regulations as amended from 17 November 2025), stuck (below good at two inspections running)',
    ),
]);
export type Condition = z.infer<typeof conditionSchema>;

export const categoryDefinitionSchema = z.object({
  id: z.string().min(1).max(20),
  label: z.string().min(1),
  /** Completes "Category B means ...". */
  meaning: z.string().min(1),
  support: z.object({
    /** Visits from a system leader or LIO each term (2 = one each half term). */
    visitsPerTerm: z.number().int().min(0),
    /** The AAG brokers school-to-school support and a task group monitors it. */
    brokered: z.boolean(),
    /** A needs-analysis discussion with the headteacher, chair of governors and (academy) trust chief executive. */
    needsAnalysisMeeting: z.boolean().default(false),
    /** Schools in this category are asked to support others. */
    providesSupport: z.boolean().default(false),
  }),
});
export type CategoryDefinition = z.infer<typeof categoryDefinitionSchema>;

export const methodologySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { message: 'lower-case letters, digits and hyphens' }),
    title: z.string().min(1),
    effectiveFrom: z.iso.date(),
    owner: z.string().default('Education Challenge Board'),
    /** Best first: the order is the severity. */
    categories: z.array(categoryDefinitionSchema).min(2),
    /** Where no rule applies. */
    otherwise: z.object({ category: z.string(), reason: z.string().min(1) }),
    rules: z
      .array(
        z.object({
          id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
          when: conditionSchema,
          category: z.string(),
          reason: z.string().min(1),
          /** Phases the rule does not apply to (e.g. Progress 8 for special schools and alternative provision). */
          notFor: z.object({ phases: z.array(z.enum(PHASES)).min(1) }).optional(),
        }),
      )
      .min(1),
    /**
     * How old performance figures may be and still place a school: the `countedYears` most recent academic years
     * completed before the term starts. Older figures are shown in the school's evidence but place it in no
     * category worse than the best.
     */
    performance: z.object({ countedYears: z.number().int().positive().default(2) }).default({ countedYears: 2 }),
    /**
     * When this methodology's categories differ from the one it replaces: each old category and the category of
     * this one it stands for (e.g. A: green). History, changes and letters are judged through it, so a change of
     * scheme alone moves no school and writes to nobody.
     */
    mapsFrom: z.record(z.string(), z.string()).optional(),
    brokering: z
      .object({ schoolsPerProvider: z.number().int().positive().default(1) })
      .default({ schoolsPerProvider: 1 }),
    /**
     * What becomes of the letters of a change that no AAG decided by its deadline (its proposal stands): `hold` them
     * until the AAG decides (its decisions put in, the term run again) or the ECB confirms (the term run again with
     * confirmChanges); or `send` them as proposed, saying that no AAG decided.
     */
    undecidedProposals: z.object({ letters: z.enum(['hold', 'send']) }).default({ letters: 'hold' }),
    /** When the cycle proposes a formal warning notice to the ECB (functions/core/intervention); none without it. */
    warningNotices: warningNoticePolicySchema.optional(),
    /** When a school not yet in a category of concern is flagged "at risk: review" for its AAG (early-warning.ts). */
    earlyWarning: earlyWarningPolicySchema.optional(),
  })
  .superRefine((m, ctx) => {
    const ids = new Set(m.categories.map((c) => c.id));
    if (ids.size !== m.categories.length)
      ctx.addIssue({ code: 'custom', path: ['categories'], message: 'category ids must be unique' });
    if (!ids.has(m.otherwise.category))
      ctx.addIssue({
        code: 'custom',
        path: ['otherwise', 'category'],
        message: `'${m.otherwise.category}' is not one of the categories (${[...ids].join(', ')})`,
      });
    for (const [old, now] of Object.entries(m.mapsFrom ?? {})) {
      if (!ids.has(now))
        ctx.addIssue({
          code: 'custom',
          path: ['mapsFrom', old],
          message: `'${now}' is not one of the categories (${[...ids].join(', ')})`,
        });
    }
    const ruleIds = new Set<string>();
    m.rules.forEach((rule, i) => {
      if (!ids.has(rule.category))
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'category'],
          message: `'${rule.category}' is not one of the categories (${[...ids].join(', ')})`,
        });
      if (ruleIds.has(rule.id))
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `rule id '${rule.id}' is used twice` });
      ruleIds.add(rule.id);
    });
    for (const [i, category] of (m.earlyWarning?.categories ?? []).entries()) {
      if (!ids.has(category))
        ctx.addIssue({
          code: 'custom',
          path: ['earlyWarning', 'categories', i],
          message: `'${category}' is not one of the categories (${[...ids].join(', ')})`,
        });
    }
    for (const [i, category] of (m.warningNotices?.propose.categories ?? []).entries()) {
      if (!ids.has(category))
        ctx.addIssue({
          code: 'custom',
          path: ['warningNotices', 'propose', 'categories', i],
          message: `'${category}' is not one of the categories (${[...ids].join(', ')})`,
        });
    }
  });
export type Methodology = z.infer<typeof methodologySchema>;

export class MethodologyInvalid extends Error {
  override readonly name = 'MethodologyInvalid';
}

/** Reads and validates a methodology file's text (YAML, or JSON, which is YAML too). */
export function parseMethodology(text: string, source = 'methodology'): Methodology {
  return parsePolicyFile(text, methodologySchema, source, 'methodology', (message) => new MethodologyInvalid(message));
}

/** A category recorded under an earlier scheme, as this methodology names it (through `mapsFrom`); else as it is. */
export function inThisScheme(methodology: Methodology, category: string): string {
  if (methodology.categories.some((c) => c.id === category)) return category;
  return methodology.mapsFrom?.[category] ?? category;
}

/** Severity of a category: its position, best first. */
export function severity(methodology: Methodology, category: string): number {
  return methodology.categories.findIndex((c) => c.id === category);
}

export function categoryDefinition(methodology: Methodology, category: string): CategoryDefinition {
  const found = methodology.categories.find((c) => c.id === category);
  if (!found) throw new MethodologyInvalid(`category '${category}' is not in methodology ${methodology.id}`);
  return found;
}

export const brokeredCategories = (m: Methodology) => m.categories.filter((c) => c.support.brokered).map((c) => c.id);
export const providerCategories = (m: Methodology) =>
  m.categories.filter((c) => c.support.providesSupport).map((c) => c.id);
