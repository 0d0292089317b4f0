/** The stack's configuration, from cdk.json context key "school-improvement-cycle", validated with zod. */
import { z } from 'zod';

const monthDay = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'a month-day such as 09-03' });

export const cycleConfigSchema = z.object({
  authorityName: z.string().min(1),
  laCode: z.string().regex(/^\d{3}$/, { message: 'a three-digit LA code' }),
  senderAddress: z.email(),
  replyToAddress: z.email(),
  contactName: z.string().min(1),
  contactPhone: z.string().min(1),
  timeZone: z.string().min(1).default('Europe/London'),
  termStartDates: z.object({ autumn: monthDay, spring: monthDay, summer: monthDay }),
  /** Hour of the day (local time) at which each term's cycle starts on its first day. */
  scheduleHour: z.number().int().min(0).max(23).default(6),
  /**
   * Days into each term by which its cycle must have succeeded, or the TermNotRun alarm tells operations staff. By
   * default two days after the longest a run may wait on people (the AAGs' deadline, then the ECB's twice: its
   * warning notices and its confirmation of a large set of changes); a shorter one is refused, as it would fire on
   * every term whose AAGs take their time.
   */
  termRunDeadlineDays: z.number().int().min(1).max(120).optional(),
  /** The share of an input file's rows that may be rejected before the cycle stops, from 0 to 1. */
  maxRejectedShare: z.number().min(0).max(1).default(0.25),
  /** The methodology in force: a file in methodologies/, validated when the app is synthesized. */
  methodology: z
    .string()
    .regex(/^methodologies\/[a-z0-9-]+\.ya?ml$/, {
      message: 'a file in methodologies/, e.g. methodologies/default.yaml',
    })
    .default('methodologies/default.yaml'),
  /** The ECB's measures of success: a file in measures/, validated when the app is synthesized. */
  measures: z
    .string()
    .regex(/^measures\/[a-z0-9-]+\.ya?ml$/, { message: 'a file in measures/, e.g. measures/default.yaml' })
    .default('measures/default.yaml'),
  /** How long each district's AAG has to agree or override the proposed categories before they stand. */
  moderationDeadlineHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(24 * 14),
  /** The share of schools whose category may change in one term before letters wait for the ECB to confirm. */
  maxChangeShare: z.number().min(0).max(1).default(0.15),
  /** Fewer changes than this never wait for the ECB, whatever their share. */
  minChangesToHold: z.number().int().min(1).default(10),
  /**
   * How long the ECB has to answer when the cycle asks it (to confirm a large set of changes, or to decide warning
   * notices): without its confirmation the letters are held; without its notice decisions they are asked again next
   * term.
   */
  ecbConfirmationHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(24 * 14),
  /**
   * What brokered school-to-school support is agreed as: the days a term by category (the methodology's ids), the
   * day rate paid to the support school, and how it is funded. The report shows the cost by AAG area.
   */
  supportTerms: z
    .object({
      daysPerTerm: z.record(z.string(), z.number().min(0)).default({}),
      dayRate: z.number().min(0).default(0),
      fundedBy: z.string().min(1).default("the authority's school improvement grant"),
    })
    .default({ daysPerTerm: {}, dayRate: 0, fundedBy: "the authority's school improvement grant" }),
  /**
   * Where copies of formal warning notices go, as the statutory guidance asks: the DfE's regional team (which also
   * receives the ECB's referral of an academy) and Ofsted. Without them those letters wait, and the report says so.
   */
  warningNoticeCopies: z
    .object({
      dfeRegionalTeam: z.object({ name: z.string().min(1), email: z.email() }).optional(),
      ofsted: z.object({ name: z.string().min(1), email: z.email() }).optional(),
    })
    .default({}),
  /**
   * How many days a term's schools, with their contacts (heads', chairs' and trust chairs' names and addresses), are
   * kept after the run that stored them: each term stores its own, so a contact replaced or a school gone from the
   * register is removed that long after the last term that had it (DynamoDB's time to live).
   */
  contactRetentionDays: z.number().int().min(120).max(3650).default(365),
  /**
   * How long the term files bucket keeps each prefix's objects, in days: the files uploaded for a term (inputs/,
   * archived by each run), their archived copies (archive/, the record of what each run read), and the reports
   * (reports/: the reports, school pages, AAG sheets and held letters); an object replaced or erased keeps its
   * earlier version noncurrentVersionDays more. docs/operator.md, Retention, gives the schedule and why.
   */
  retention: z
    .object({
      inputsDays: z.number().int().min(30).default(180),
      archiveDays: z.number().int().min(120).default(730),
      reportsDays: z.number().int().min(120).default(730),
      /**
       * Each warning notice as it was given (records/), kept as long as the audit trail keeps its entries by default.
       */
      recordsDays: z.number().int().min(365).default(2555),
      noncurrentVersionDays: z.number().int().min(1).max(365).default(30),
    })
    .default({ inputsDays: 180, archiveDays: 730, reportsDays: 730, recordsDays: 2555, noncurrentVersionDays: 30 }),
  /** How many years the audit trail keeps each entry (DynamoDB's time to live removes it then). */
  auditRetentionYears: z.number().int().min(1).max(100).default(7),
  /** Who signs the letters, and their role; without them the letters are signed by the contact team. */
  signatoryName: z.string().min(1).optional(),
  signatoryRole: z.string().min(1).optional(),
  /** The authority's colour for the heading of letters. */
  brandColour: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .optional(),
  /** Letters sent a second at most: the account's SES sending quota (14 a second unless AWS has raised it). */
  sesMaxSendRate: z.number().positive().max(1000).default(14),
  /**
   * Letters one invocation of the notify function sends at most (and it stops a minute before its timeout, whichever
   * comes first); the state machine invokes it again for the rest, so a term of thousands of letters is never one
   * invocation racing its timeout.
   */
  lettersPerInvocation: z.number().int().min(1).max(20_000).default(3000),
  /**
   * How long a letter's claim left without SES's message id holds before a later run takes it over (and sends the
   * letter only if SES's Send event does not say it took it): longer than the notify function can run (15 minutes),
   * so a claim is never taken from an invocation still sending.
   */
  letterLeaseMinutes: z
    .number()
    .int()
    .min(16)
    .max(24 * 60)
    .default(16),
  /**
   * The most schools in one batch of the per-school stages (risk assessment): each batch is one invocation, so an
   * invocation's time and memory stay the same however many schools the authority has.
   */
  schoolsPerBatch: z.number().int().min(1).max(5000).default(1000),
  /** Optional address that is told when a run fails. */
  alarmEmail: z.email().optional(),
  /**
   * The SES identity letters are sent from: by default the sender address's domain, made by the stack as a domain
   * identity with Easy DKIM and a custom MAIL FROM domain, so that letters pass DMARC. An address here makes an
   * address identity instead (no DKIM of the authority's domain: see docs/operator.md, Deploying).
   */
  senderIdentity: z.string().min(1).optional(),
  /** The custom MAIL FROM domain's first label, under the identity's domain: mail.<domain> by default. */
  mailFromSubdomain: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, { message: 'a DNS label such as mail' })
    .default('mail'),
  /**
   * The identity exists already in the account and region (made by hand, or by another stage's stack): the stack
   * uses it by name and makes none, so two stages can share one account.
   */
  importSenderIdentity: z.boolean().default(false),
  /**
   * What this stage does with letters: send them to their readers; redirect each to \`testMailbox\` (showing whom it
   * was for); or hold them all (written to held-letters/, none sent). By default production sends and every other
   * stage redirects, so a staging term never writes to a real headteacher.
   */
  letters: z.enum(['send', 'redirect', 'hold']).optional(),
  /** Where a stage that redirects its letters sends them: a mailbox the authority's team reads. */
  testMailbox: z.email().optional(),
  /** Whether the termly schedules start the cycle: by default in production only (elsewhere terms are run by hand). */
  schedules: z.boolean().optional(),
  /** Where the stack is deployed: London by default, since the cycle holds staff contact details. */
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { message: 'an AWS region such as eu-west-2' })
    .default('eu-west-2'),
  /**
   * The portal, where AAG members and chairs decide on their area's proposals: its Cognito user pool's groups (one per
   * AAG area, by the district's name), the prefix of its sign-in pages' address, federation with the authority's own
   * identity provider, and how many requests a second the API takes (docs/operator.md, The portal).
   */
  portal: z
    .object({
      /** The AAG areas (districts, as the register names them) whose members and chairs sign in. */
      aagAreas: z.array(z.string().min(1)).default([]),
      /**
       * The sign-in pages' address: https://<prefix>.auth.<region>.amazoncognito.com. Unique in the region; by
       * default school-improvement-<LA code>-<stage>.
       */
      signInDomainPrefix: z
        .string()
        .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, { message: 'lower case letters, digits and hyphens' })
        .refine((p) => !/aws|amazon|cognito/.test(p), { message: 'may not contain aws, amazon or cognito' })
        .optional(),
      /**
       * The authority's own OpenID Connect identity provider (e.g. Microsoft Entra ID): people sign in with their
       * authority account through it. The client secret stays in Secrets Manager, named here.
       */
      identityProvider: z
        .object({
          name: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, { message: 'up to 32 letters, digits, _ and -' }),
          issuerUrl: z.url(),
          clientId: z.string().min(1),
          clientSecretName: z.string().min(1),
        })
        .optional(),
      /** Requests a second the portal's API takes, and the burst above it: more are refused with 429. */
      rateLimit: z.number().int().min(1).max(10_000).default(50),
      burstLimit: z.number().int().min(1).max(5_000).default(100),
      /**
       * How many days before its deadline an AAG whose chair has not submitted is reminded by email (0: no reminder;
       * the email that its proposals are ready goes either way).
       */
      reminderDaysBeforeDeadline: z.number().min(0).max(60).default(3),
    })
    .default({ aagAreas: [], rateLimit: 50, burstLimit: 100, reminderDaysBeforeDeadline: 3 }),
  /** Settings that differ by stage (e.g. staging's sender address), by stage name: each overrides the above. */
  stages: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
});
export type LettersMode = 'send' | 'redirect' | 'hold';
/**
 * The settings of one stage, with its stage's defaults decided: what it does with letters, its schedules and its term
 * check's day.
 */
export type CycleConfig = Omit<z.infer<typeof cycleConfigSchema>, 'letters' | 'schedules' | 'termRunDeadlineDays'> & {
  letters: LettersMode;
  schedules: boolean;
  termRunDeadlineDays: number;
};

/** The stage that writes to real people by default, and runs on its schedules. */
export const PRODUCTION_STAGE = 'production';
/** The stage the local runner synthesizes: its letters go to the local SES, which keeps them. */
export const LOCAL_STAGE = 'local';

/**
 * The fewest days into a term by which a run can have succeeded, having waited its full time on the AAGs and the ECB,
 * with two days to spare.
 */
export const earliestTermCheckDays = (settings: { moderationDeadlineHours: number; ecbConfirmationHours: number }) =>
  Math.ceil((settings.moderationDeadlineHours + 2 * settings.ecbConfirmationHours) / 24) + 2;

export const CONTEXT_KEY = 'school-improvement-cycle';

/** The stage deployed when none is named: never production by accident. */
export const DEFAULT_STAGE = 'staging';

/**
 * Each stage is its own stack, with its own tables, bucket, schedules and alarms. Here, not in app.ts, so that the
 * local commands that find a deployed stack by name (and the local runner, through them) do not load the CDK app.
 */
export const stackNameFor = (stage: string) => `SchoolImprovementCycle-${stage}`;
export const stageSchema = z.string().regex(/^[a-z][a-z0-9-]{0,19}$/, {
  message: 'a stage name such as staging or production (lower case letters, digits and hyphens)',
});

/** The configuration for one stage: the shared settings with that stage's own (`stages.<stage>`) on top. */
export function parseCycleConfig(context: unknown, stage: string = DEFAULT_STAGE): CycleConfig {
  const base = (context ?? {}) as { stages?: Record<string, Record<string, unknown>> };
  const parsed = cycleConfigSchema.safeParse(
    typeof context === 'object' && context !== null ? { ...base, ...(base.stages?.[stage] ?? {}) } : context,
  );
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${CONTEXT_KEY}.${i.path.join('.')}: ${i.message}`).join('\n  ');
    throw new Error(`cdk.json context is not valid:\n  ${problems}`);
  }
  return withStageDefaults(parsed.data, stage);
}

/**
 * A stage's settings with its own defaults decided: production (and the local runner, whose letters go to the local
 * SES) sends letters, every other stage redirects them to its test mailbox; only production runs on its schedules;
 * the term check comes after the longest a run may wait on people. Refuses what cannot work for the stage.
 */
export function withStageDefaults(data: z.infer<typeof cycleConfigSchema>, stage: string): CycleConfig {
  const letters = data.letters ?? (stage === PRODUCTION_STAGE || stage === LOCAL_STAGE ? 'send' : 'redirect');
  const earliest = earliestTermCheckDays(data);
  const problems = [
    ...(letters === 'redirect' && !data.testMailbox
      ? [
          `letters: the ${stage} stage redirects its letters (the default outside ${PRODUCTION_STAGE}), so it needs testMailbox, the mailbox they go to (or set letters to hold, or send)`,
        ]
      : []),
    ...(data.termRunDeadlineDays !== undefined && data.termRunDeadlineDays < earliest
      ? [
          `termRunDeadlineDays: ${data.termRunDeadlineDays} days is before a run that waits its full time on the AAGs (moderationDeadlineHours) and the ECB (ecbConfirmationHours, twice) can have finished: at least ${earliest}`,
        ]
      : []),
  ];
  if (problems.length > 0)
    throw new Error(
      `cdk.json context is not valid for the ${stage} stage:\n  ${problems.map((p) => `${CONTEXT_KEY}.${p}`).join('\n  ')}`,
    );
  return {
    ...data,
    letters,
    schedules: data.schedules ?? stage === PRODUCTION_STAGE,
    termRunDeadlineDays: data.termRunDeadlineDays ?? earliest,
  };
}

/**
 * How long a run's working copies in batches/ are kept (the DynamoDB working copies' time to live is the same week).
 * Here, not in the bucket's construct, so that the local runner reads it without loading the CDK.
 */
export const WORKING_COPY_DAYS = 7;
