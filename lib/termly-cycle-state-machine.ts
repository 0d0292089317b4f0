/**
 * The termly cycle as a Standard Step Functions state machine:
 *   data intake (which plans the batches of schools) -> risk assessment (proposals, a batch of schools at a time)
 *   -> propose support -> ask the AAGs (every district's at once, waiting on one task
 *   token until the last decides or the deadline passes) -> close the AAG round -> apply AAG decisions (a batch of
 *   schools at a time) -> count the agreed categories
 *   -> propose warning notices (a batch of schools at a time) -> count the warning notices (and, when the ECB has
 *   questions, ask it and apply its decisions) -> AAG brokering
 *   -> task-group monitoring -> (ask the ECB to confirm a large set of changes) -> notify (a batch of schools at a
 *   time, again from where it stopped while letters remain) -> school pages, each school's lines for its AAG area's
 *   report and the batch's sums for the term's figures (a batch of schools at a time) -> count the term's figures
 *   (adding up the sums) -> the AAG area reports (a batch of areas at a time) -> reporting
 * Each stage is a Lambda task, retried with backoff on transient errors; any failure is caught, recorded in the
 * cycle-runs table and ends the execution in a Fail state. Execution history is logged without its data, so no
 * personal data reaches the logs.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  Choice,
  Condition,
  DefinitionBody,
  Errors,
  Fail,
  type IChainable,
  IntegrationPattern,
  JitterType,
  JsonPath,
  LogLevel,
  Map as MapState,
  Pass,
  Result,
  StateMachine,
  StateMachineType,
  TaskInput,
  Timeout,
  Wait,
  WaitTime,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { areaBatchesFor, batchesFor } from '../functions/core/batches';
import { acknowledge, arnToken, REASONS } from './nag';
import { LEASE_ROUNDS, NOTIFY_LOOP, STAGES, type StageKey, type StageSpec } from './stages';

/**
 * Error names worth retrying: the handlers' own (functions/adapters/errors.ts), Lambda throttling and Lambda's
 * service exceptions. One retrier for all of them (CDK's own for service exceptions is turned off), so that a
 * stage's worst case, and so the execution's timeout, is known.
 */
export const TRANSIENT_ERRORS = [
  'TransientStageError',
  'Lambda.TooManyRequestsException',
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
];

/** How each stage retries a transient error: 5 s, then 10, 20 and 40 s (each at most, with full jitter). */
export const STAGE_RETRY = { intervalSeconds: 5, backoffRate: 2, maxAttempts: 4 } as const;

export { NOTIFY_LOOP } from './stages';

/**
 * How many batches of a per-school stage run at once: under half the 40 an inline Map may run, and few enough
 * that the batches' writes stay well inside DynamoDB's on-demand rate for a new table.
 */
export const BATCHES_AT_ONCE = 10;

/** The longest a Standard execution may run: one year. */
export const MAX_EXECUTION_SECONDS = 365 * 24 * 3600;

/** The longest one stage can take: every attempt running to its timeout, and the waits between them. */
export function stageBudgetSeconds(timeoutSeconds: number): number {
  const { intervalSeconds, backoffRate, maxAttempts } = STAGE_RETRY;
  let waits = 0;
  for (let i = 0; i < maxAttempts; i++) waits += intervalSeconds * backoffRate ** i;
  return timeoutSeconds * (maxAttempts + 1) + waits;
}

/** The most schools the cycle is built to run in one term: England has about 22,000 state-funded schools. */
export const MOST_SCHOOLS = 30_000;

/**
 * The waves of batches a per-batch stage runs in at MOST_SCHOOLS: its batches (of schools, or of AAG areas),
 * BATCHES_AT_ONCE at a time.
 */
export function batchWaves(schoolsPerBatch: number, of: 'schools' | 'areas' = 'schools'): number {
  return Math.ceil(
    (of === 'areas' ? areaBatchesFor(MOST_SCHOOLS, schoolsPerBatch) : batchesFor(MOST_SCHOOLS, schoolsPerBatch)) /
      BATCHES_AT_ONCE,
  );
}

/**
 * How long a term's execution may run: the AAGs' deadline plus every stage's whole budget (a per-batch stage's for
 * each wave of batches at MOST_SCHOOLS), and an hour to spare, so that waiting for an AAG never ends the execution.
 * Refused if that is more than Step Functions allows.
 */
export function executionTimeoutSeconds(moderationDeadlineSeconds: number, schoolsPerBatch: number): number {
  const stages = Object.values(STAGES).reduce(
    (sum, spec: StageSpec) =>
      sum + stageBudgetSeconds(spec.timeoutSeconds) * (spec.perBatch ? batchWaves(schoolsPerBatch, spec.perBatch) : 1),
    0,
  );
  // And the notify task that takes over letters whose leases the run waited out, once for each such round (the waits
  // themselves are in the seconds given).
  const total =
    moderationDeadlineSeconds + stages + LEASE_ROUNDS * stageBudgetSeconds(STAGES.notify.timeoutSeconds) + 3600;
  if (total > MAX_EXECUTION_SECONDS) {
    throw new Error(
      `an AAG deadline of ${Math.round(moderationDeadlineSeconds / 3600)} hours and the stages' budgets need an execution of ${Math.ceil(total / 86400)} days, more than Step Functions allows (365 days)`,
    );
  }
  return total;
}

export class TermlyCycleStateMachine extends Construct {
  readonly stateMachine: StateMachine;

  constructor(
    scope: Construct,
    id: string,
    props: {
      functions: Record<StageKey, NodejsFunction>;
      moderationDeadline: Duration;
      ecbDeadline: Duration;
      encryptionKey: IKey;
      schoolsPerBatch: number;
      letterLease: Duration;
    },
  ) {
    super(scope, id);
    const { functions } = props;
    // Every stage learns its term, the run's start, its date and the execution's id (on every line it logs).
    const termAndStart = {
      'term.$': '$.intake.term',
      'startedAt.$': '$.intake.startedAt',
      'today.$': '$.intake.today',
      'executionId.$': '$$.Execution.Id',
    };

    const failed = new Fail(this, 'Cycle failed', { errorPath: '$.failure.error', causePath: '$.failure.cause' });
    const recordFailure = new LambdaInvoke(this, STAGES.recordFailure.stateName, {
      lambdaFunction: functions.recordFailure,
      payloadResponseOnly: true,
      payload: TaskInput.fromObject({
        'state.$': '$',
        'error.$': '$.error',
        'startedAt.$': '$$.Execution.StartTime',
        'executionId.$': '$$.Execution.Id',
      }),
      resultPath: '$.failure',
      retryOnServiceExceptions: false,
      taskTimeout: Timeout.duration(Duration.seconds(STAGES.recordFailure.timeoutSeconds)),
    });
    recordFailure.addRetry({ errors: [Errors.ALL], interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 3 });
    recordFailure.addCatch(
      new Fail(this, 'Cycle failed (unrecorded)', {
        error: 'CycleFailedUnrecorded',
        cause: 'The run failed and the failure could not be recorded; see the execution history.',
      }),
      { resultPath: JsonPath.DISCARD },
    );
    recordFailure.next(failed);

    /**
     * A stage's task: retried on transient errors and, unless it runs inside a Map (whose own catch records it), caught
     * and recorded.
     */
    const stage = (
      key: Exclude<StageKey, 'recordFailure' | 'aagModeration' | 'askEcb' | 'askEcbNotices'>,
      payload: Record<string, unknown>,
      resultPath: string,
      outputPath?: string,
      stateName: string = STAGES[key].stateName,
      caught = true,
    ): LambdaInvoke => {
      const spec = STAGES[key];
      const task = new LambdaInvoke(this, stateName, {
        lambdaFunction: functions[key],
        payloadResponseOnly: true,
        payload: TaskInput.fromObject(payload),
        resultPath,
        outputPath,
        comment: spec.description,
        retryOnServiceExceptions: false,
        // A hung stage fails as its own timeout (and is retried or recorded), never as the whole execution's.
        taskTimeout: Timeout.duration(Duration.seconds(spec.timeoutSeconds)),
      });
      task.addRetry({
        errors: TRANSIENT_ERRORS,
        interval: Duration.seconds(STAGE_RETRY.intervalSeconds),
        backoffRate: STAGE_RETRY.backoffRate,
        maxAttempts: STAGE_RETRY.maxAttempts,
        jitterStrategy: JitterType.FULL,
      });
      if (caught) task.addCatch(recordFailure, { errors: [Errors.ALL], resultPath: '$.error' });
      return task;
    };

    /**
     * A per-school stage over the batches data intake planned (ranges of URNs, functions/core/batches.ts): an inline
     * Map of one task per batch (or a few in turn), BATCHES_AT_ONCE at a time, so no invocation's work grows with the
     * authority. Each iteration gets its term and its batch's two ends (and any counts `also` names); what it writes
     * stays in DynamoDB and the Map's result is discarded, so the state carries nothing per school. A Map over the
     * AAG areas' batches (ranges of area names, each holding about a batch of schools) is built the same way.
     */
    type BatchStage =
      | 'storeIntake'
      | 'riskAssessment'
      | 'applyDecisions'
      | 'proposeWarningNotices'
      | 'schoolPages'
      | 'reportLines'
      | 'areaReports';
    const overBatches = (
      name: string,
      keys: readonly [BatchStage, ...BatchStage[]],
      comment: string,
      resultPath: string,
      over: { itemsPath: string; also?: Record<string, string> } = { itemsPath: '$.intake.batches' },
    ): MapState => {
      const also = Object.entries(over.also ?? {});
      const batches = new MapState(this, name, {
        comment,
        itemsPath: over.itemsPath,
        itemSelector: {
          ...termAndStart,
          'batch.$': '$$.Map.Item.Value',
          ...Object.fromEntries(also.map(([field, path]) => [`${field}.$`, path])),
        },
        maxConcurrency: BATCHES_AT_ONCE,
        // Only how many batches ran: that it ran, for the failure record, and a check for the step that counts.
        resultSelector: { 'batches.$': 'States.ArrayLength($)' },
        resultPath,
      });
      const fields = ['term', 'startedAt', 'today', 'executionId', 'batch', ...also.map(([field]) => field)];
      const tasks = keys.map((key) =>
        stage(
          key,
          Object.fromEntries(fields.map((field) => [`${field}.$`, `$.${field}`])),
          JsonPath.DISCARD,
          undefined,
          STAGES[key].stateName,
          false,
        ),
      );
      tasks.reduce((before, task) => {
        before.next(task);
        return task;
      });
      batches.itemProcessor(tasks[0]!);
      batches.addCatch(recordFailure, { errors: [Errors.ALL], resultPath: '$.error' });
      return batches;
    };

    // Every district's AAG is asked at once, on one task token (an inline Map would ask at most 40 districts at a
    // time, and a county-sized Map of waits would grow the state and history with the districts). The execution
    // waits until the last AAG's decisions are counted (each AAG puts them in under its own district with npm run
    // moderate, and the aag-decisions-received function counts them in the term's round) or the deadline passes,
    // when the proposals of the districts that did not decide stand. Only counts come back, never decisions.
    const askTheAags = new LambdaInvoke(this, STAGES.aagModeration.stateName, {
      lambdaFunction: functions.aagModeration,
      integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: TaskInput.fromObject({ ...termAndStart, taskToken: JsonPath.taskToken }),
      taskTimeout: Timeout.duration(props.moderationDeadline),
      comment: STAGES.aagModeration.description,
      retryOnServiceExceptions: false,
      resultPath: '$.moderation',
    });
    askTheAags.addRetry({
      errors: TRANSIENT_ERRORS,
      interval: Duration.seconds(STAGE_RETRY.intervalSeconds),
      backoffRate: STAGE_RETRY.backoffRate,
      maxAttempts: STAGE_RETRY.maxAttempts,
      jitterStrategy: JitterType.FULL,
    });
    const proposalsStand = new Pass(this, 'Proposals stand', {
      comment:
        "Not every AAG decided by the deadline: the decisions counted by then are applied, and the other districts' proposals stand; the report says which",
      result: Result.fromObject({ outcome: 'deadline passed' }),
      resultPath: '$.moderation',
    });
    askTheAags.addCatch(proposalsStand, { errors: [Errors.TIMEOUT], resultPath: '$.timeout' });
    askTheAags.addCatch(recordFailure, { errors: [Errors.ALL], resultPath: '$.error' });
    // The round is closed and its decisions checked once; then each batch of schools gets its agreed categories, and
    // the term's changes are counted from the batches' tally against the ECB's limit.
    const closeTheRound = stage('closeAagRound', { ...termAndStart, 'moderation.$': '$.moderation' }, '$.aagRound');
    askTheAags.next(closeTheRound);
    proposalsStand.next(closeTheRound);
    const countAgreed = stage(
      'countAgreed',
      {
        ...termAndStart,
        'batches.$': '$.decisionsApplied.batches',
        'confirmChanges.$': '$.intake.confirmChanges',
        'round.$': '$.aagRound',
      },
      '$.agreed',
    );
    // The ECB's confirmation in the run's input (confirmChanges) confirms, in the AAG's place, what no AAG decided.
    closeTheRound
      .next(
        overBatches(
          'Apply AAG decisions',
          ['applyDecisions'],
          "Makes the agreed categories the schools' categories for the term, a batch of schools at a time",
          '$.decisionsApplied',
          { itemsPath: '$.intake.batches', also: { confirmChanges: '$.intake.confirmChanges' } },
        ),
      )
      .next(countAgreed);

    // Before any letter goes: if the term's changes passed the ECB's limit (and it did not confirm them when it
    // started the run), the ECB is asked and the execution waits for its answer; without one, the letters are held.
    const notifyPayload = {
      ...termAndStart,
      'dryRun.$': '$.intake.dryRun',
      'confirmChanges.$': '$.intake.confirmChanges',
      'letterDate.$': '$.intake.letterDate',
      'ecb.$': '$.ecb',
      'batches.$': '$.intake.batches',
    };
    const notify = stage('notify', notifyPayload, '$.notify');
    // The letters go a batch of schools at a time, over as many invocations as they need: each reads one batch, sends
    // at most its share of the batch's letters (cdk.json lettersPerInvocation) and says where the next carries on (a
    // batch and a letter in it): the state passes that place and the counts, never the letters.
    const notifyMore = stage(
      'notify',
      { ...notifyPayload, letters: { 'next.$': '$.notify.next', 'sofar.$': '$.notify' } },
      '$.notify',
      undefined,
      NOTIFY_LOOP.again,
    );
    const lettersGo = new Pass(this, 'Letters go', {
      comment: "The changes are within the ECB's limit, or it confirmed them",
      result: Result.fromObject({ letters: 'send' }),
      resultPath: '$.ecb',
    });
    /** A task that asks the ECB and waits on its token until it answers or its deadline passes. */
    const askTheEcbTask = (
      key: 'askEcb' | 'askEcbNotices',
      payload: Record<string, unknown>,
      resultPath: string,
    ): LambdaInvoke => {
      const task = new LambdaInvoke(this, STAGES[key].stateName, {
        lambdaFunction: functions[key],
        integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
        payload: TaskInput.fromObject({ ...termAndStart, ...payload, taskToken: JsonPath.taskToken }),
        taskTimeout: Timeout.duration(props.ecbDeadline),
        resultPath,
        comment: STAGES[key].description,
        retryOnServiceExceptions: false,
      });
      task.addRetry({
        errors: TRANSIENT_ERRORS,
        interval: Duration.seconds(STAGE_RETRY.intervalSeconds),
        backoffRate: STAGE_RETRY.backoffRate,
        maxAttempts: STAGE_RETRY.maxAttempts,
        jitterStrategy: JitterType.FULL,
      });
      return task;
    };
    const askTheEcb = askTheEcbTask('askEcb', { 'question.$': '$.agreed.ecbQuestion' }, '$.ecb');
    const lettersHeld = new Pass(this, 'Letters held', {
      comment: 'No answer from the ECB by its deadline: the letters are written to the reports, and none is sent',
      parameters: { letters: 'hold', 'reason.$': '$.agreed.ecbQuestion', by: 'no answer from the ECB by its deadline' },
      resultPath: '$.ecb',
    });
    askTheEcb.addCatch(lettersHeld, { errors: [Errors.TIMEOUT], resultPath: '$.timeout' });
    askTheEcb.addCatch(recordFailure, { errors: [Errors.ALL], resultPath: '$.error' });
    // Before the first letter, SES is asked whether it can send them: a paused account or an unverified sender stops
    // the run here, saying what to do, rather than letter by letter.
    const sesReady = stage(
      'sesReady',
      { ...termAndStart, 'dryRun.$': '$.intake.dryRun', 'ecb.$': '$.ecb', 'batches.$': '$.intake.batches' },
      '$.ses',
    );
    sesReady.next(notify);
    lettersGo.next(sesReady);
    askTheEcb.next(sesReady);
    lettersHeld.next(sesReady);
    const reporting = stage(
      'reporting',
      { ...termAndStart, 'intake.$': '$.intake', 'notify.$': '$.notify' },
      '$.summary',
    );
    // Last, the outputs read back and checked against each other and the records: a broken invariant fails the run.
    reporting.next(stage('checkOutputs', { ...termAndStart, 'summary.$': '$.summary' }, '$.checked', '$.checked'));
    // Each school's page once its letters are sent (its audit trail records them), a batch of schools at a time, and
    // what each brings to its AAG area's report; then the term's figures are counted and kept, every AAG area's
    // report is written, a batch of areas at a time, and last the ECB's report, which records the run.
    const schoolPages = overBatches(
      'School pages',
      ['schoolPages', 'reportLines'],
      "Writes each school's page, and gathers its lines for its AAG area's report and the batch's sums towards the term's figures, a batch of schools at a time",
      '$.pagesWritten',
    );
    const areaReports = overBatches(
      'AAG area reports',
      ['areaReports'],
      "Writes each AAG area's report, a batch of areas at a time",
      '$.areaReports',
      {
        itemsPath: '$.intake.areaBatches',
        also: {
          rejectedRows: '$.intake.rejectedRows',
          rejectedProblems: '$.intake.rejectedProblems',
          notify: '$.notify',
        },
      },
    );
    schoolPages
      .next(stage('termFigures', termAndStart, '$.termFigures'))
      .next(areaReports)
      .next(reporting);
    // Letters a run that died left claimed but unfinished are no one's to chase: once the run has been through every
    // letter, it waits until their leases have run out and goes through the letters again, taking those over (each
    // recorded as sent if SES's Send event says it took it, sent otherwise), up to LEASE_ROUNDS times.
    const leaseWait = new Wait(this, NOTIFY_LOOP.leaseWait, {
      comment: 'Until the last lease of the letters a dead run left unfinished runs out',
      time: WaitTime.timestampPath('$.notify.pendingUntil'),
    });
    const notifyAfterLease = stage(
      'notify',
      { ...notifyPayload, letters: { next: { batch: 0, letter: 0 }, 'sofar.$': '$.notify', round: 'after lease' } },
      '$.notify',
      undefined,
      NOTIFY_LOOP.afterLease,
    );
    leaseWait.next(notifyAfterLease);
    const moreLetters = new Choice(this, NOTIFY_LOOP.choice, {
      comment:
        'Whether the notify function left letters for another invocation, or letters left unfinished to take over once their leases run out',
    })
      .when(Condition.isPresent('$.notify.next'), notifyMore)
      .when(
        Condition.and(
          Condition.isPresent('$.notify.pendingUntil'),
          Condition.numberLessThan('$.notify.leaseRounds', LEASE_ROUNDS),
        ),
        leaseWait,
      )
      .otherwise(schoolPages);
    notify.next(moreLetters);
    notifyMore.next(moreLetters);
    notifyAfterLease.next(moreLetters);
    const ecbToConfirm = new Choice(this, 'ECB to confirm the changes?', {
      comment: "Whether the term's changes passed the ECB's limit without its confirmation",
    })
      .when(Condition.booleanEquals('$.agreed.ecbConfirmationNeeded', true), askTheEcb)
      .otherwise(lettersGo);

    // Warning notices: with the categories agreed, the cycle carries each school's notice into the term and, where
    // the ECB has questions (a notice to issue, an academy to refer, a notice not complied with or to withdraw), asks
    // them and waits for its decisions; without them by its deadline the questions stay open for the next term.
    const brokering = stage('brokering', termAndStart, '$.brokering');
    const askTheEcbAboutNotices = askTheEcbTask(
      'askEcbNotices',
      { 'questions.$': '$.notices.questions' },
      '$.ecbNotices',
    );
    const noticesWait = new Pass(this, 'Notice questions stay open', {
      comment:
        'No decisions from the ECB by its deadline: nothing changes, and the questions are asked again next term',
      result: Result.fromObject({ outcome: 'deadline passed' }),
      resultPath: '$.ecbNotices',
    });
    askTheEcbAboutNotices.addCatch(noticesWait, { errors: [Errors.TIMEOUT], resultPath: '$.timeout' });
    askTheEcbAboutNotices.addCatch(recordFailure, { errors: [Errors.ALL], resultPath: '$.error' });
    const applyNoticeDecisions = stage(
      'applyNoticeDecisions',
      { ...termAndStart, 'letterDate.$': '$.intake.letterDate', 'answer.$': '$.ecbNotices' },
      '$.noticeDecisions',
    );
    askTheEcbAboutNotices.next(applyNoticeDecisions);
    noticesWait.next(applyNoticeDecisions);
    applyNoticeDecisions.next(brokering);
    const ecbToDecideNotices = new Choice(this, 'ECB to decide warning notices?', {
      comment: 'Whether the ECB has questions about warning notices this term',
    })
      .when(Condition.numberGreaterThan('$.notices.questions', 0), askTheEcbAboutNotices)
      .otherwise(brokering);

    const definition: IChainable = stage(
      'intake',
      { 'request.$': '$', 'startedAt.$': '$$.Execution.StartTime', 'executionId.$': '$$.Execution.Id' },
      '$.intake',
    )
      .next(
        overBatches(
          "Store the term's intake",
          ['storeIntake'],
          "Stores the term's schools and evidence as data intake validated them, a batch of schools at a time",
          '$.stored',
        ),
      )
      .next(
        overBatches(
          'Risk assessment',
          ['riskAssessment'],
          "Proposes every school's category, a batch of schools at a time",
          '$.assessed',
        ),
      )
      .next(stage('proposeSupport', termAndStart, '$.riskAssessment'))
      .next(askTheAags);
    countAgreed
      .next(
        overBatches(
          'Propose warning notices',
          ['proposeWarningNotices'],
          "Carries each school's warning notice into the term and proposes new ones, a batch of schools at a time",
          '$.noticesProposed',
        ),
      )
      .next(stage('countNotices', { ...termAndStart, 'letterDate.$': '$.intake.letterDate' }, '$.notices'))
      .next(ecbToDecideNotices);
    brokering.next(stage('taskGroups', termAndStart, '$.taskGroups')).next(ecbToConfirm);

    const logGroup = new LogGroup(this, 'ExecutionLogs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
      encryptionKey: props.encryptionKey,
    });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      comment: 'One termly school-improvement cycle over every maintained school and academy',
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(definition),
      // As long as the term needs: the AAGs may take their whole deadline (two weeks by default), and the ECB its
      // own twice (its warning notices, then a large set of changes).
      timeout: Duration.seconds(
        executionTimeoutSeconds(
          props.moderationDeadline.toSeconds() +
            2 * props.ecbDeadline.toSeconds() +
            LEASE_ROUNDS * props.letterLease.toSeconds(),
          props.schoolsPerBatch,
        ),
      ),
      tracingEnabled: true,
      logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: false },
    });
    acknowledge(
      this.stateMachine,
      ['AwsSolutions-IAM5[Resource::*]'],
      `${REASONS.xray} CloudWatch Logs delivery actions likewise need Resource::*.`,
    );
    acknowledge(
      this.stateMachine,
      Object.values(functions).map((fn) => `AwsSolutions-IAM5[Resource::${arnToken(fn)}:*]`),
      REASONS.lambdaVersions,
    );
  }
}
