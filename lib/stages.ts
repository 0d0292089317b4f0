/**
 * The cycle's stages, in order, and what each one's Lambda function may touch. The stack builds a function
 * per stage from this list; the local runner binds each Task state to the same handler module.
 */
import type { TableName } from '../functions/adapters/config';

/**
 * Prefixes of the term files bucket (lib/term-files-bucket.ts): `batches/` holds a run's working copies for its
 * batches.
 */
export type BucketAccess =
  | 'read-inputs'
  | 'write-inputs'
  | 'write-archive'
  | 'write-reports'
  | 'read-reports'
  | 'write-batches'
  | 'read-batches'
  | 'write-records'
  | 'read-records'
  | 'write-responses';

export interface StageSpec {
  /** Construct id and the function's name in the domain. */
  readonly id: string;
  /** The Step Functions state that runs it. */
  readonly stateName: string;
  /** The handler module, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly reads: readonly TableName[];
  readonly writes: readonly TableName[];
  /** Tables it may only add items to: it is granted PutItem and nothing that changes or deletes (the audit trail). */
  readonly appends?: readonly TableName[];
  readonly bucket: readonly BucketAccess[];
  readonly sendsEmail: boolean;
  /** It asks SES about the account, the sender's identity and the letters' configuration set (the pre-flight check). */
  readonly asksSes?: boolean;
  /**
   * A service invokes it asynchronously (SNS, EventBridge, EventBridge Scheduler): what fails after Lambda's own
   * retries goes to its dead-letter queue, watched by an alarm. Every other function is invoked synchronously (by
   * Step Functions, which retries and catches every failure; or by a stream's event source mapping, whose failures
   * go to its own dead-letter queue).
   */
  readonly invokedAsync?: boolean;
  readonly needs: readonly (
    | 'authority'
    | 'letters'
    | 'intake'
    | 'methodology'
    | 'change-limit'
    | 'support-terms'
    | 'notice-copies'
    | 'measures'
    | 'portal-assets'
  )[];
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /**
   * It runs once for each batch of the term's schools (a Map state's iterations), not once a term; or once for each
   * batch of AAG areas, which holds about a batch of schools (an area with more is a batch of its own).
   */
  readonly perBatch?: 'schools' | 'areas';
  /**
   * What one invocation's time grows with: seconds for each 1,000 schools it handles (a per-batch stage's batch,
   * any other stage's whole term) or letters it sends, on the two-core development machine with a core to itself,
   * with a margin over what the bench measures (npm run bench prints both). Without it, an invocation's time does
   * not grow with the authority. lib/execution-limits.ts scales it to the function's share of a vCPU on Lambda.
   */
  readonly work?: { readonly per: 'school' | 'letter'; readonly secondsPerThousand: number };
}

/**
 * A function that touches no term files and sends no email, with a small budget: the failure record and the event
 * handlers.
 */
const SMALL_FUNCTION = { bucket: [], sendsEmail: false, needs: [], timeoutSeconds: 30, memoryMb: 256 } as const;

export const STAGES = {
  intake: {
    id: 'DataIntake',
    stateName: 'Data intake',
    entry: 'functions/handlers/intake.ts',
    description:
      "Reads, archives and validates the term's input files, plans the batches of schools and leaves each batch's records for storing",
    // The visit notes and task-group reports published in the portal, read beside the sheets'.
    reads: ['systemLeaders', 'cycleRuns', 'visitRecords'],
    writes: ['systemLeaders', 'cycleRuns'],
    bucket: ['read-inputs', 'write-archive', 'write-reports', 'write-batches'],
    sendsEmail: false,
    needs: ['authority', 'intake', 'methodology'],
    timeoutSeconds: 600,
    memoryMb: 2048,
    // Reading and validating whole files, and writing them out again a batch a file: no DynamoDB but the leaders.
    work: { per: 'school', secondsPerThousand: 2 },
  },
  storeIntake: {
    id: 'StoreIntake',
    stateName: "Store a batch of the term's intake",
    entry: 'functions/handlers/store-intake.ts',
    description:
      "Stores one batch of the term's schools, their evidence and their baseline categories, as data intake validated them",
    reads: ['schools', 'evidence', 'categoryHistory'],
    writes: ['schools', 'evidence', 'categoryHistory'],
    bucket: ['read-batches'],
    sendsEmail: false,
    needs: [],
    timeoutSeconds: 120,
    memoryMb: 512,
    work: { per: 'school', secondsPerThousand: 6 },
    perBatch: 'schools',
  },
  riskAssessment: {
    id: 'RiskAssessment',
    stateName: 'Assess a batch of schools',
    entry: 'functions/handlers/risk-assessment.ts',
    description:
      'Proposes a category for every open school of one batch, with its reasons, by the methodology in force',
    reads: ['schools', 'evidence', 'categoryHistory', 'assessments', 'warningNotices'],
    writes: ['assessments'],
    appends: ['auditTrail'],
    bucket: [],
    sendsEmail: false,
    needs: ['authority', 'methodology'],
    // One batch (cdk.json schoolsPerBatch, 1,000 schools by default) takes seconds, whatever the authority's size.
    timeoutSeconds: 120,
    memoryMb: 512,
    work: { per: 'school', secondsPerThousand: 4 },
    perBatch: 'schools',
  },
  proposeSupport: {
    id: 'ProposeSupport',
    stateName: 'Propose support',
    entry: 'functions/handlers/propose-support.ts',
    description:
      "Proposes the support each school's proposed category would bring, from the authority's providers and system leaders, for its AAG to agree",
    reads: ['schools', 'assessments', 'systemLeaders', 'support'],
    writes: ['assessments'],
    appends: ['auditTrail'],
    bucket: [],
    sendsEmail: false,
    needs: ['methodology'],
    timeoutSeconds: 300,
    memoryMb: 1024,
    work: { per: 'school', secondsPerThousand: 2 },
  },
  aagModeration: {
    id: 'AagModeration',
    stateName: 'Ask the AAGs',
    entry: 'functions/handlers/aag-moderation.ts',
    description: "Sends every district's AAG its schools' proposed categories, at once, and waits for their decisions",
    reads: ['schools', 'assessments', 'aagDecisions'],
    writes: ['moderation', 'aagDecisions'],
    bucket: ['write-reports'],
    sendsEmail: false,
    needs: [],
    timeoutSeconds: 300,
    memoryMb: 1024,
    work: { per: 'school', secondsPerThousand: 1.5 },
  },
  closeAagRound: {
    id: 'CloseAagRound',
    stateName: 'Close the AAG round',
    entry: 'functions/handlers/close-aag-round.ts',
    description:
      'Closes the round of AAG moderation, checks the decisions the AAGs put in (each about a school of its own district) and writes them onto the proposals they are about',
    reads: ['schools', 'assessments', 'aagDecisions', 'moderation'],
    writes: ['assessments', 'moderation'],
    bucket: [],
    sendsEmail: false,
    needs: ['methodology'],
    // Its work grows with the decisions the AAGs put in: at most one a school, as a sheet comes back with every row.
    timeoutSeconds: 300,
    memoryMb: 1024,
    work: { per: 'school', secondsPerThousand: 3 },
  },
  applyDecisions: {
    id: 'ApplyAagDecisions',
    stateName: 'Agree a batch of categories',
    entry: 'functions/handlers/apply-decisions.ts',
    description:
      "Makes the agreed categories (proposals, or AAG overrides) the categories for the term of one batch of schools, and adds the batch's counts to the round's tally",
    reads: ['schools', 'assessments', 'moderation'],
    writes: ['assessments', 'categoryHistory', 'moderation'],
    appends: ['auditTrail'],
    bucket: [],
    sendsEmail: false,
    needs: ['methodology'],
    timeoutSeconds: 120,
    memoryMb: 512,
    work: { per: 'school', secondsPerThousand: 6 },
    perBatch: 'schools',
  },
  countAgreed: {
    id: 'CountAgreedCategories',
    stateName: 'Count the agreed categories',
    entry: 'functions/handlers/count-agreed.ts',
    description:
      "Counts the term's agreed categories from the batches' tally and checks the changes against the ECB's limit",
    reads: ['moderation'],
    writes: [],
    bucket: [],
    sendsEmail: false,
    needs: ['methodology', 'change-limit'],
    timeoutSeconds: 60,
    memoryMb: 256,
  },
  proposeWarningNotices: {
    id: 'ProposeWarningNotices',
    stateName: 'Propose a batch of warning notices',
    entry: 'functions/handlers/warning-notices.ts',
    description:
      "Carries each warning notice of one batch of schools into the term and proposes new ones by the methodology's policy",
    reads: ['schools', 'assessments', 'evidence', 'warningNotices'],
    writes: ['warningNotices'],
    appends: ['auditTrail'],
    bucket: [],
    sendsEmail: false,
    needs: ['authority', 'methodology'],
    timeoutSeconds: 120,
    memoryMb: 512,
    work: { per: 'school', secondsPerThousand: 2 },
    perBatch: 'schools',
  },
  countNotices: {
    id: 'CountWarningNotices',
    stateName: 'Count the warning notices',
    entry: 'functions/handlers/count-notices.ts',
    description:
      "Counts the term's warning notices and writes the ECB's questions: a notice to issue, an academy to refer, a notice not complied with or to withdraw",
    reads: ['schools', 'warningNotices'],
    writes: [],
    bucket: ['write-reports'],
    sendsEmail: false,
    needs: ['methodology'],
    // Its work grows with the term's notices, a few in a hundred schools at most, and the schools the ECB is asked
    // about.
    timeoutSeconds: 120,
    memoryMb: 512,
    work: { per: 'school', secondsPerThousand: 0.2 },
  },
  askEcbNotices: {
    id: 'AskEcbNotices',
    stateName: 'Ask the ECB about warning notices',
    entry: 'functions/handlers/ask-ecb-notices.ts',
    description: 'Asks the ECB to decide the warning notices the cycle proposes, and waits for its decisions',
    reads: [],
    writes: ['moderation'],
    bucket: ['write-reports'],
    sendsEmail: false,
    needs: [],
    timeoutSeconds: 60,
    memoryMb: 256,
  },
  applyNoticeDecisions: {
    id: 'ApplyEcbNoticeDecisions',
    stateName: 'Apply ECB notice decisions',
    entry: 'functions/handlers/apply-notice-decisions.ts',
    description:
      "Records the ECB's decisions on warning notices: issued, not issued, referred, escalated, extended or withdrawn",
    reads: ['warningNotices', 'moderation'],
    writes: ['warningNotices', 'moderation'],
    appends: ['auditTrail'],
    bucket: [],
    sendsEmail: false,
    needs: ['methodology'],
    timeoutSeconds: 120,
    memoryMb: 512,
    work: { per: 'school', secondsPerThousand: 0.1 },
  },
  askEcb: {
    id: 'AskEcb',
    stateName: 'Ask the ECB',
    entry: 'functions/handlers/ask-ecb.ts',
    description:
      'Asks the ECB to confirm a term whose changes passed its limit, and waits for its answer before any letter goes',
    reads: [],
    writes: ['moderation'],
    bucket: ['write-reports'],
    sendsEmail: false,
    needs: [],
    timeoutSeconds: 60,
    memoryMb: 256,
  },
  sesReady: {
    id: 'CheckSesCanSend',
    stateName: 'Check SES can send',
    entry: 'functions/handlers/ses-ready.ts',
    description:
      "Before the term's first letter: checks SES can send it (sending enabled for the account and the configuration set, the sender's identity verified, out of the sandbox or every recipient verified), stopping the run with what to do if not",
    reads: ['schools'],
    writes: [],
    bucket: [],
    sendsEmail: false,
    asksSes: true,
    needs: ['authority', 'letters', 'notice-copies'],
    timeoutSeconds: 120,
    memoryMb: 512,
  },
  notify: {
    id: 'NotifyCategoryChanges',
    stateName: 'Notify category changes',
    entry: 'functions/handlers/notify.ts',
    description:
      'Emails the headteacher, chair of governors and trust board chair of each school whose category changed, and the letters of the warning notices the ECB decided',
    reads: ['schools', 'assessments', 'support', 'taskGroups', 'sentEmails', 'warningNotices'],
    writes: ['sentEmails'],
    appends: ['auditTrail'],
    bucket: ['write-reports', 'write-records'],
    sendsEmail: true,
    needs: ['authority', 'letters', 'methodology', 'notice-copies'],
    timeoutSeconds: 900,
    memoryMb: 2048,
    work: { per: 'letter', secondsPerThousand: 45 },
  },
  brokering: {
    id: 'AagBrokering',
    stateName: 'AAG brokering',
    entry: 'functions/handlers/brokering.ts',
    description: 'Brokers school-to-school support and allocates visits for the schools whose category brings them',
    reads: ['schools', 'assessments', 'systemLeaders', 'support', 'evidence'],
    writes: ['support'],
    appends: ['auditTrail'],
    bucket: [],
    sendsEmail: false,
    needs: ['methodology', 'support-terms'],
    timeoutSeconds: 300,
    memoryMb: 2048,
    work: { per: 'school', secondsPerThousand: 3 },
  },
  taskGroups: {
    id: 'TaskGroupMonitoring',
    stateName: 'Task-group monitoring',
    entry: 'functions/handlers/task-groups.ts',
    description: 'Opens a task group, chaired by a system leader, for each supported school',
    reads: ['schools', 'support', 'systemLeaders', 'evidence', 'taskGroups'],
    writes: ['taskGroups'],
    bucket: [],
    sendsEmail: false,
    needs: [],
    timeoutSeconds: 300,
    memoryMb: 1024,
    work: { per: 'school', secondsPerThousand: 1.2 },
  },
  schoolPages: {
    id: 'SchoolPages',
    stateName: 'Write school pages',
    entry: 'functions/handlers/school-pages.ts',
    description:
      'Writes a page for each school of one batch: its category term by term, support, task group, visits, warning notice and audit trail',
    reads: ['schools', 'assessments', 'support', 'taskGroups', 'evidence', 'warningNotices', 'cycleRuns', 'auditTrail'],
    writes: [],
    bucket: ['write-reports'],
    sendsEmail: false,
    needs: ['authority', 'methodology'],
    timeoutSeconds: 120,
    memoryMb: 512,
    work: { per: 'school', secondsPerThousand: 6 },
    perBatch: 'schools',
  },
  reportLines: {
    id: 'ReportLines',
    stateName: 'Gather lines and sums for the reports',
    entry: 'functions/handlers/report-lines.ts',
    description:
      "Gathers each school of one batch's lines in its AAG area's report, and the batch's sums towards the term's figures for the authority and each area, so that neither the area reports nor the term's figures read the term",
    reads: ['schools', 'assessments', 'support', 'taskGroups', 'evidence', 'warningNotices', 'sentEmails'],
    writes: ['areaLines', 'batchSums'],
    bucket: [],
    sendsEmail: false,
    needs: ['authority', 'measures'],
    timeoutSeconds: 120,
    memoryMb: 512,
    work: { per: 'school', secondsPerThousand: 3 },
    perBatch: 'schools',
  },
  termFigures: {
    id: 'CountTermFigures',
    stateName: "Count the term's figures",
    entry: 'functions/handlers/term-figures.ts',
    description:
      "Adds up the batches' sums into the term's figures (categories, good or better, the ECB's measures, each area's leaders' capacity) for the authority and each AAG area, and counts an earlier term again where its kept figures do not serve",
    reads: ['batchSums', 'schools', 'assessments', 'evidence', 'cycleRuns', 'termFigures', 'systemLeaders'],
    writes: ['termFigures'],
    bucket: [],
    sendsEmail: false,
    needs: ['authority', 'measures'],
    timeoutSeconds: 300,
    memoryMb: 1024,
    // Adding up the batches' sums is small (the bench: 0.08 s a 1,000 schools at 2,512); what this declares is an
    // earlier term counted again whole, after the ECB redefines a measure (2.18 s a 1,000 measured when every term
    // was).
    work: { per: 'school', secondsPerThousand: 3 },
  },
  areaReports: {
    id: 'AagAreaReports',
    stateName: 'Write a batch of AAG area reports',
    entry: 'functions/handlers/area-reports.ts',
    description:
      "Writes the report of each AAG area of one batch, from its schools' lines and every term's kept figures",
    reads: ['areaLines', 'moderation', 'cycleRuns', 'termFigures'],
    writes: [],
    bucket: ['write-reports'],
    sendsEmail: false,
    needs: ['authority', 'methodology', 'measures'],
    // A batch of areas holds at most a batch of schools, unless one area alone has more (lib/execution-limits.ts).
    timeoutSeconds: 120,
    memoryMb: 1024,
    work: { per: 'school', secondsPerThousand: 8 },
    perBatch: 'areas',
  },
  reporting: {
    id: 'Reporting',
    stateName: 'Reporting',
    entry: 'functions/handlers/reporting.ts',
    description:
      "Writes the ECB's report with its charts, a page per trust, the summary, the assessments and measures CSVs, and records the run",
    reads: [
      'schools',
      'assessments',
      'support',
      'taskGroups',
      'sentEmails',
      'systemLeaders',
      'cycleRuns',
      'evidence',
      'warningNotices',
      'moderation',
      'termFigures',
    ],
    writes: ['cycleRuns'],
    bucket: ['write-reports'],
    sendsEmail: false,
    needs: ['authority', 'methodology', 'measures'],
    // The authority's aggregates in one invocation (the areas' reports are written before, in batches). More memory is
    // also more CPU on Lambda.
    timeoutSeconds: 600,
    memoryMb: 2048,
    work: { per: 'school', secondsPerThousand: 12 },
  },
  checkOutputs: {
    id: 'CheckTermOutputs',
    stateName: "Check the term's outputs",
    entry: 'functions/handlers/check-outputs.ts',
    description:
      "Checks the term's outputs agree with each other and its records (each figure the same everywhere, each AAG decision one made, each letter's category its school's), failing the run with what and where if not",
    reads: ['schools', 'assessments', 'evidence', 'moderation', 'sentEmails'],
    writes: [],
    bucket: ['read-reports'],
    sendsEmail: false,
    needs: ['methodology'],
    // The whole term's records and outputs, read once: its work grows with the authority, like reporting's.
    timeoutSeconds: 300,
    memoryMb: 2048,
    work: { per: 'school', secondsPerThousand: 4 },
  },
  recordFailure: {
    id: 'RecordFailure',
    stateName: 'Record failure',
    entry: 'functions/handlers/record-failure.ts',
    description: 'Records a failed run of the cycle',
    reads: [],
    writes: ['cycleRuns'],
    ...SMALL_FUNCTION,
  },
} as const satisfies Record<string, StageSpec>;

export type StageKey = keyof typeof STAGES;

/**
 * Functions called outside the state machine, by the services the cycle uses: SES's events about its letters, the
 * aag-decisions table's stream when an AAG puts its decisions in, Step Functions when a run is stopped or times
 * out, and a schedule that checks each term's cycle has run.
 */
export const EVENT_FUNCTIONS = {
  letterEvents: {
    id: 'LetterEvents',
    stateName: 'Letter events',
    entry: 'functions/handlers/letter-events.ts',
    description: 'Records what SES says became of each letter: delivered, bounced, complained about or rejected',
    reads: ['sentEmails'],
    writes: ['sentEmails'],
    appends: ['auditTrail'],
    invokedAsync: true,
    ...SMALL_FUNCTION,
  },
  aagDecisionsReceived: {
    id: 'AagDecisionsReceived',
    stateName: 'AAG decisions received',
    entry: 'functions/handlers/aag-decisions-received.ts',
    description:
      "Passes an AAG's decisions, put in under its own district, to the cycle waiting on that district's task token",
    reads: ['moderation', 'aagDecisions'],
    writes: ['moderation', 'aagDecisions'],
    ...SMALL_FUNCTION,
  },
  runStopped: {
    id: 'RunStopped',
    stateName: 'Run stopped',
    entry: 'functions/handlers/run-stopped.ts',
    description: 'Records a run stopped by hand or timed out, and releases its claim on the term',
    reads: ['cycleRuns'],
    writes: ['cycleRuns'],
    invokedAsync: true,
    ...SMALL_FUNCTION,
  },
  schoolUsers: {
    id: 'SchoolUsers',
    stateName: 'School users',
    entry: 'functions/handlers/school-users.ts',
    description:
      "After each succeeded run, invites the newest term's headteachers, chairs of governors and trust board chairs to the portal, and takes a replaced one's school group away",
    reads: ['cycleRuns', 'schools'],
    writes: [],
    invokedAsync: true,
    ...SMALL_FUNCTION,
    // A few calls to Cognito for each school's group: a county's few hundred schools in well under the time.
    timeoutSeconds: 300,
  },
  termCheck: {
    id: 'TermCheck',
    stateName: 'Term check',
    entry: 'functions/handlers/term-check.ts',
    description: "Checks, a set number of days into each term, that the term's cycle has run, for the TermNotRun alarm",
    reads: ['cycleRuns'],
    writes: [],
    invokedAsync: true,
    ...SMALL_FUNCTION,
  },
  aagReminders: {
    id: 'AagReminders',
    stateName: 'AAG reminders',
    entry: 'functions/handlers/remind-aags.ts',
    description:
      "Emails the members of each AAG whose chair has not submitted: that its area's proposals are ready in the portal, and a reminder a set number of days before its deadline",
    // The open rounds and each district's request, on which it marks who has been sent what.
    reads: ['moderation'],
    writes: ['moderation'],
    bucket: [],
    sendsEmail: true,
    needs: ['authority', 'letters'],
    invokedAsync: true,
    timeoutSeconds: 120,
    memoryMb: 256,
  },
  portal: {
    id: 'Portal',
    stateName: 'Portal',
    entry: 'functions/handlers/portal.ts',
    description:
      "The portal where AAG members see their area's proposals and save decisions, and the chair submits them, signed in through Cognito",
    // The proposals and what the AAG has saved and submitted. It writes an area's drafts and decisions as the portal's
    // area writer role (lib/portal.ts), held to that area's items, never as itself; the audit trail it appends to.
    reads: [
      'moderation',
      'schools',
      'assessments',
      'systemLeaders',
      'aagDecisions',
      'aagDrafts',
      'cycleRuns',
      'sentEmails',
      'support',
      'taskGroups',
      'schoolResponses',
      'visitRecords',
    ],
    // A school's responses and its visitors' notes and reports, each person held to their own schools by the portal's
    // rule (core/access/schools.ts).
    writes: ['schoolResponses', 'visitRecords'],
    appends: ['auditTrail'],
    // The term's reports, read to serve them behind sign-in; the term's inputs, to check them and to sign the officer's
    // uploads to them; the letters as sent, read to show a school its own, and the files a school gives with a
    // response, kept with them.
    bucket: ['read-reports', 'read-inputs', 'write-inputs', 'read-records', 'write-responses'],
    sendsEmail: false,
    needs: ['authority', 'methodology', 'portal-assets'],
    // API Gateway waits 30 s for an answer.
    timeoutSeconds: 29,
    memoryMb: 1024,
  },
} as const satisfies Record<string, StageSpec>;

export type EventFunctionKey = keyof typeof EVENT_FUNCTIONS;

/** CloudFormation metadata key on each Lambda function naming the handler module it deploys. */
export const HANDLER_METADATA_KEY = 'SchoolImprovementCycle:Handler';

/** The states that loop over notify while letters remain: the Choice, and the notify task it runs again. */
export const NOTIFY_LOOP = {
  choice: 'More letters to send?',
  again: `${STAGES.notify.stateName}, continued`,
  /**
   * Waits until the leases of letters a dead run left unfinished have run out, and the notify task that then takes them
   * over.
   */
  leaseWait: "Wait out the unfinished letters' lease",
  afterLease: `${STAGES.notify.stateName}, after the lease`,
} as const;

/**
 * How many times a run waits out the leases of letters left unfinished before it goes on and reports them as pending.
 */
export const LEASE_ROUNDS = 3;
