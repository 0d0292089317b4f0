/** Each handler's configuration, read from its environment and validated with zod. */
import { z } from 'zod';

const nonEmpty = z.string().min(1);

export const TABLE_ENV = {
  schools: 'SCHOOLS_TABLE',
  evidence: 'EVIDENCE_TABLE',
  systemLeaders: 'SYSTEM_LEADERS_TABLE',
  assessments: 'ASSESSMENTS_TABLE',
  categoryHistory: 'CATEGORY_HISTORY_TABLE',
  support: 'SUPPORT_TABLE',
  taskGroups: 'TASK_GROUPS_TABLE',
  sentEmails: 'SENT_EMAILS_TABLE',
  cycleRuns: 'CYCLE_RUNS_TABLE',
  moderation: 'MODERATION_TABLE',
  aagDecisions: 'AAG_DECISIONS_TABLE',
  aagDrafts: 'AAG_DRAFTS_TABLE',
  auditTrail: 'AUDIT_TRAIL_TABLE',
  warningNotices: 'WARNING_NOTICES_TABLE',
  termFigures: 'TERM_FIGURES_TABLE',
  areaLines: 'AREA_LINES_TABLE',
  batchSums: 'BATCH_SUMS_TABLE',
  schoolResponses: 'SCHOOL_RESPONSES_TABLE',
  visitRecords: 'VISIT_RECORDS_TABLE',
} as const;
export type TableName = keyof typeof TABLE_ENV;

/** The tables' global secondary indexes, by name: lib/cycle-tables.ts makes them, the adapters query them. */
export const TABLE_INDEXES = {
  evidenceByKind: 'byKind',
  sentEmailsByMessageId: 'byMessageId',
  sentEmailsByTerm: 'byTerm',
  auditTrailByTermShard: 'byTermShard',
} as const;

/** The metric the term check writes and the TermNotRun alarm watches (lib/cycle-alarms.ts). */
export const TERM_NOT_RUN_METRIC = {
  namespace: 'SchoolImprovementCycle',
  name: 'TermsWithoutSucceededRun',
  dimension: 'Stage',
} as const;

/** The table names a handler was given. Asking for one it was not given is a deployment error. */
export function tableName(table: TableName, env: NodeJS.ProcessEnv = process.env): string {
  const name = env[TABLE_ENV[table]];
  if (!name) throw new Error(`${TABLE_ENV[table]} is not set: this function was not granted the ${table} table`);
  return name;
}

const termStartDates = z
  .string()
  .transform((v) => JSON.parse(v) as unknown)
  .pipe(
    z.object({
      autumn: z.string().regex(/^\d{2}-\d{2}$/),
      spring: z.string().regex(/^\d{2}-\d{2}$/),
      summer: z.string().regex(/^\d{2}-\d{2}$/),
    }),
  );

export const authoritySchema = z.object({
  AUTHORITY_NAME: nonEmpty,
  LA_CODE: z.string().regex(/^\d{3}$/),
  TERM_START_DATES: termStartDates,
});

export const intakeSchema = authoritySchema.extend({
  /** The share of a file's rows that may be rejected before the cycle stops (0.25 = a quarter). */
  MAX_REJECTED_SHARE: z.coerce.number().min(0).max(1).default(0.25),
  /** How long a run's claim on its term lasts if it is never released: as long as an execution may run. */
  RUN_HOLD_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(30 * 24 * 3600),
  /** The most schools in one batch of the per-school stages (lib/config.ts schoolsPerBatch). */
  SCHOOLS_PER_BATCH: z.coerce.number().int().positive().default(1000),
});

export const letterSchema = authoritySchema
  .extend({
    BRAND_COLOUR: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/)
      .optional(),
    SENDER_ADDRESS: z.email(),
    REPLY_TO_ADDRESS: z.email(),
    CONTACT_NAME: nonEmpty,
    CONTACT_PHONE: nonEmpty,
    SES_CONFIGURATION_SET: z.string().optional(),
    /** Letters sent a second at most (lib/config.ts sesMaxSendRate). */
    SES_MAX_SEND_RATE: z.coerce.number().positive().default(14),
    /**
     * Letters one invocation sends at most before handing the rest to the next (lib/config.ts lettersPerInvocation).
     */
    LETTERS_PER_INVOCATION: z.coerce.number().int().positive().default(4000),
    SIGNATORY_NAME: z.string().min(1).optional(),
    SIGNATORY_ROLE: z.string().min(1).optional(),
    /** The SES identity letters are sent from (lib/letter-sending.ts): a domain, or an address. */
    SES_IDENTITY: z.string().min(1).optional(),
    /** What this stage does with letters (lib/config.ts letters): send, redirect to TEST_MAILBOX, or hold. */
    LETTERS_MODE: z.enum(['send', 'redirect', 'hold']).default('send'),
    TEST_MAILBOX: z.email().optional(),
  })
  .refine((c) => c.LETTERS_MODE !== 'redirect' || c.TEST_MAILBOX !== undefined, {
    message: 'LETTERS_MODE redirect needs TEST_MAILBOX',
    path: ['TEST_MAILBOX'],
  });

/** The AAGs' notices (functions/handlers/remind-aags.ts): the sender, the deadline, the reminder and the portal. */
export const aagNoticeSchema = authoritySchema.extend({
  SENDER_ADDRESS: z.email(),
  REPLY_TO_ADDRESS: z.email(),
  SES_CONFIGURATION_SET: z.string().optional(),
  /** How long each AAG has to decide, from when the cycle asks it (cdk.json moderationDeadlineHours). */
  MODERATION_DEADLINE_HOURS: z.coerce.number().positive(),
  /** How long before the deadline an AAG that has not submitted is reminded (cdk.json portal.reminderDaysBeforeDeadline). */
  AAG_REMINDER_HOURS: z.coerce.number().min(0),
  /** The portal's address, where the notices send people. */
  PORTAL_URL: z.url(),
});

/** What brokered support is agreed as (lib/config.ts supportTerms): days a term by category, day rate, funding. */
export const supportTermsSchema = z.object({
  SUPPORT_TERMS: z
    .string()
    .transform((v) => JSON.parse(v) as unknown)
    .pipe(
      z.object({
        daysPerTerm: z.record(z.string(), z.number().min(0)),
        dayRate: z.number().min(0),
        fundedBy: z.string().min(1),
      }),
    )
    .optional(),
});

/** Where copies of warning notices go (lib/config.ts warningNoticeCopies): the DfE's regional team and Ofsted. */
const addressee = z.object({ name: z.string().min(1), email: z.email() });
export const noticeCopiesSchema = z.object({
  NOTICE_COPIES: z
    .string()
    .transform((v) => JSON.parse(v) as unknown)
    .pipe(z.object({ dfeRegionalTeam: addressee.optional(), ofsted: addressee.optional() }))
    .default({}),
});

/** The ECB's limit on one term's changes before letters wait for its confirmation (lib/config.ts). */
export const changeLimitSchema = z.object({
  MAX_CHANGE_SHARE: z.coerce.number().min(0).max(1).default(0.15),
  MIN_CHANGES_TO_HOLD: z.coerce.number().int().min(1).default(10),
});

export function readConfig<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv = process.env): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`configuration is incomplete: ${problems}`);
  }
  return parsed.data;
}
