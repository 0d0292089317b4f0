/**
 * Runs the termly cycle locally: the state machine that CDK synthesizes, executed by aws-local-stepfunctions,
 * each Task bound to the handler its Lambda function deploys, over DynamoDB Local and a local SES.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
  type AttributeValue,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { StateMachine } from 'aws-local-stepfunctions';
import { RUN_IN_PROGRESS } from '../functions/adapters/cycle-store';
import { PAGE_ITEMS, resetDocumentClient } from '../functions/adapters/dynamo';
import { loadMethodologyFile } from '../functions/adapters/methodology-file';
import { resetSesClient } from '../functions/adapters/ses';
import { resetSesAccountClient } from '../functions/adapters/ses-account';
import { resetTaskTokenClient } from '../functions/adapters/task-tokens';
import { runFolder } from '../functions/adapters/term-files';
import type { Methodology } from '../functions/core/assessment/methodology';
import { ECB, readDecisions, type SchoolDecision } from '../functions/core/assessment/moderation';
import { ECB_NOTICES } from '../functions/core/intervention/warning-notices';
import { letterFileName } from '../functions/core/letters/letters';
import type { CycleSummary } from '../functions/core/reporting/report';
import { describeRejection, readRows } from '../functions/core/sheets';
import { isTermId, termStartDate } from '../functions/core/term';
import type { RemindOutcome } from '../functions/handlers/remind-aags';
import { CONTEXT_KEY, LOCAL_STAGE, parseCycleConfig } from '../lib/config';
import { EVENT_FUNCTIONS, NOTIFY_LOOP, STAGES } from '../lib/stages';
import { DecisionsInvalid } from './args';
import {
  allStates,
  type Binding,
  bindFunction,
  bindTasks,
  type FaultInjector,
  type FunctionLog,
  type InvocationObserver,
  loadHandlerModules,
  type TaskTokenResponder,
} from './bind';
import { ecbAnswerFromSheet, storeEcbNoticeAnswer } from './ecb-decisions-cli';
import { putAagDecisions } from './moderate-cli';
import { type RunningPortal, startPortal } from './portal';
import {
  checkJava,
  checkPortFree,
  createTables,
  type LaunchedDynamoDb,
  type LocalCredentials,
  type LocalSesAccount,
  launchDynamoDbLocal,
  type RunningDynamoDb,
  type RunningSes,
  startSesLocal,
} from './services';
import { type LocalHistoryEvent, startTaskCallbacks, type TaskCallbacks } from './task-callbacks';
import {
  type CfnTemplate,
  cdkJsonContext,
  LOCAL_REGION,
  type StateMachineDefinition,
  sharedEnvironment,
  stateMachineDefinition,
  synthesizedTemplate,
  templateFunctions,
  templateTables,
} from './template';
import { termDirectory } from './term-folder';
import { expireWorkingFiles } from './working-files';

type LocalHandlers = NonNullable<
  NonNullable<NonNullable<Parameters<StateMachine['run']>[1]>['overrides']>['taskResourceLocalHandlers']
>;

import { REPOSITORY_ROOT } from './repository';

export { REPOSITORY_ROOT };

/** The longest a Node.js timer can wait. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/**
 * How soon the local run tries the AAGs' notices again after one was not sent (SES would not take it, or an area had
 * no one): on AWS the next hour's invocation.
 */
const REMINDERS_RETRY_MS = 30_000;

/**
 * The context the local runner synthesizes: cdk.json's, as the stage `local` (its letters go to the local SES, which
 * keeps them; no schedules), with the caller's on top.
 */
export function localContext(own: Record<string, unknown> = {}): Record<string, unknown> {
  return { stage: LOCAL_STAGE, ...cdkJsonContext(REPOSITORY_ROOT), ...own };
}

export interface LocalCycleOptions {
  /** Keep DynamoDB Local's data here between runs; without it the data lives only as long as the process. */
  storeDir?: string;
  dynamoDbPort: number;
  sesPort: number;
  /**
   * DynamoDB Local, launched already (launchDynamoDbLocal) on `dynamoDbPort` and over `storeDir`, so that its Java
   * boots while the caller loads this module; the cycle stops it with the rest. Without it, start launches one.
   */
  dynamoDb?: LaunchedDynamoDb;
  /** The bench: DynamoDB Local's JVM as it chooses itself, for a long run (see QUICK_START_JAVA_OPTIONS). */
  longRun?: boolean;
  /** Context overrides on top of cdk.json (e.g. a different LA code for other data). */
  context?: Record<string, unknown>;
  /** Tests only: wrap a stage's handler to inject a fault. */
  inject?: FaultInjector;
  /** Tests only: shorten the definition's retry intervals (milliseconds). */
  retryIntervalMs?: number;
  /** The bench: wraps each invocation of a task's function, inside its turn (see bind.ts). */
  observe?: InvocationObserver;
  /** Tests only: variables given to every function last (e.g. an SES endpoint that injects faults). */
  environment?: Record<string, string>;
  /**
   * Tests only: how many seconds an hour of the AAGs' and the ECB's deadlines lasts, so that a term that waits
   * days runs in seconds. The execution's own timeout shrinks with them; the stages' timeouts stay as deployed.
   */
  deadlineHourSeconds?: number;
}

export interface TermRunOptions {
  dataDir: string;
  outDir: string;
  onEvent?: (event: ProgressEvent) => void;
  /**
   * How long the run waits out the leases of letters a dead run left unfinished, in ms, in place of the state
   * machine's own wait until they end (a test's, whose lease is an hour). Locally there are no such waits otherwise:
   * the store is one run's alone, so the lease is none.
   */
  leaseWaitMs?: number;
  /**
   * How the AAGs answer: a decisions sheet (CSV or .xlsx; default: aag-decisions.csv in the term's folder, if
   * there is one), 'agree' to agree every proposal, 'deadline' to let the deadline pass, or (tests) what each
   * district's AAG puts in. Decisions are put in as on AWS: under the district, passed on by the stream's function.
   */
  decisions?: string | 'agree' | 'deadline' | 'portal' | AagSubmissions;
  /**
   * With decisions 'portal': told each time an AAG's decisions put in through the portal are passed to the cycle (or
   * arrive too late).
   */
  onAagDecisions?: (district: string, outcome: string) => void;

  /**
   * How the ECB answers the cycle's questions about warning notices: its sheet (CSV or .xlsx; default:
   * ecb-decisions.csv in the term's folder, if there is one), or 'deadline' to let its deadline pass. Given to
   * the cycle as npm run ecb-decisions gives it on AWS: as the answer to the task token.
   */
  ecbDecisions?: string | 'deadline' | 'portal';

  /** Write the letters to out/<term>/letters/ instead of sending them. */
  dryRun?: boolean;
  /** The ECB confirms the term's changes up front: letters go however many schools change (execution input). */
  confirmChanges?: boolean;
  /** The academic year of performance files that say none themselves (execution input `performanceYears`). */
  performanceYears?: Record<string, string>;
  /** The date the term's letters bear (execution input `letterDate`); default: the run's date. */
  letterDate?: string;
  /**
   * The date the run takes as today (execution input `today`): a date, or 'scheduled' for the day the term's schedule
   * runs it (its first day). Default: the day the run starts, or the term's first day if that is later.
   */
  today?: string;
  /** Tests only: variables given to every function for this run, last (e.g. a shorter letter-claim lease). */
  environment?: Record<string, string>;
  /**
   * Stops the execution when aborted, as StopExecution does on AWS: no state after it runs, "Record failure" included.
   */
  stop?: AbortSignal;
  /** The execution's id ($$.Execution.Id), where the caller names it (a run the portal starts). */
  executionId?: string;
}

/**
 * What each district's AAG puts in, by district: its decisions, who put them in, and (tests) how long after it is
 * asked.
 */
export type AagSubmissions = ReadonlyMap<
  string,
  { decisions: SchoolDecision[]; submittedBy: string; afterMs?: number }
>;

export type ProgressEvent =
  | { type: 'state-entered'; state: string }
  | { type: 'state-exited'; state: string; ms: number; output?: unknown; caught?: boolean }
  | { type: 'state-retried'; state: string; attempt: number }
  | { type: 'state-failed'; state: string; error: string; cause: unknown }
  | { type: 'state-caught'; state: string };

export type TermRunResult =
  | ({ status: 'succeeded'; term: string; summary: CycleSummary } & TermRunFiles)
  | ({ status: 'failed'; term: string; error: string; cause: string } & TermRunFiles);

/**
 * What a term's run leaves besides its reports: the emails it sent, and how many working files it wrote for its batches
 * (expired as it ended).
 */
export interface TermRunFiles {
  emails: string[];
  workingFiles: number;
}

export class LocalCycle {
  private constructor(
    readonly template: CfnTemplate,
    readonly definition: StateMachineDefinition,
    /** The definition, as aws-local-stepfunctions runs it: every term's execution is one of the same state machine. */
    private readonly machine: StateMachine,
    private readonly dynamo: RunningDynamoDb,
    private readonly ses: RunningSes,
    private readonly callbacks: TaskCallbacks,
    private readonly options: LocalCycleOptions,
  ) {}

  /** Where the functions invoked outside the state machine log during a run (the run's function-logs.txt). */
  private functionLog: FunctionLog | undefined;

  static async start(options: LocalCycleOptions): Promise<LocalCycle> {
    const context = localContext(options.context);
    // Check what can be checked before starting anything.
    if (!options.dynamoDb) {
      checkJava();
      await checkPortFree(options.dynamoDbPort, 'DynamoDB Local', '--dynamodb-port');
    }
    await checkPortFree(options.sesPort, 'the local SES', '--ses-port');
    // DynamoDB Local's Java boots in its own process (about 3 s on two cores) while this one synthesizes the CDK app
    // and loads the functions' modules (about 1 s each); neither needs the other until the tables are made.
    const dynamo =
      options.dynamoDb ??
      (await launchDynamoDbLocal(
        options.dynamoDbPort,
        options.storeDir ? join(options.storeDir, 'dynamodb') : undefined,
        { longRun: options.longRun },
      ));
    let ses: RunningSes | undefined;
    let callbacks: TaskCallbacks | undefined;
    try {
      const template = await synthesizedTemplate(context);
      const definition = stateMachineDefinition(template);
      if (options.deadlineHourSeconds !== undefined) scaleDeadlines(definition, options.deadlineHourSeconds / 3600);
      // Node's timers wait at most 2^31 - 1 ms (24.8 days); a longer execution timeout (the AAGs' and the ECB's
      // deadlines together) would fire at once. A local run never waits that long: the same limit, at Node's most.
      const timeout = (definition as { TimeoutSeconds?: number }).TimeoutSeconds;
      if (timeout !== undefined && timeout * 1000 > MAX_TIMER_MS)
        (definition as { TimeoutSeconds?: number }).TimeoutSeconds = Math.floor(MAX_TIMER_MS / 1000);
      // With a store, what the local SES takes is written down in it, so that it outlives a run killed mid-send.
      ses = await startSesLocal(
        options.sesPort,
        options.storeDir ? { sentLog: join(options.storeDir, 'ses-sent.jsonl') } : {},
      );
      callbacks = await startTaskCallbacks();
      // The tables are made as soon as DynamoDB Local answers, while the functions' modules are still loading.
      const tablesMade = dynamo.ready.then(async () => {
        await createTables(dynamo.endpoint, templateTables(template), dynamo.credentials);
        await releaseStaleRuns(dynamo, template);
      });
      // The definition is checked against the ASL schema once (a third of a second), while the tables are made.
      const [, machine] = await Promise.all([
        tablesMade,
        loadHandlerModules(templateFunctions(template).values(), REPOSITORY_ROOT).then(
          () => new StateMachine(definition as never, { validationOptions: { checkPaths: true, checkArn: true } }),
        ),
      ]);
      return new LocalCycle(template, definition, machine, dynamo, ses, callbacks, options);
    } catch (error) {
      await Promise.allSettled([dynamo.stop(), ses?.stop(), callbacks?.stop()]);
      throw error;
    }
  }

  get dynamoDbEndpoint(): string {
    return this.dynamo.endpoint;
  }

  /** How a DynamoDB client reaches this cycle's tables: the endpoint, and the credentials its data is kept under. */
  get dynamoDbClientConfig(): { endpoint: string; region: string; credentials: LocalCredentials } {
    return { endpoint: this.dynamo.endpoint, region: LOCAL_REGION, credentials: this.dynamo.credentials };
  }

  /** DynamoDB Local's Java process, where the cycle launched it (the bench reads the CPU time it used). */
  get dynamoDbPid(): number | undefined {
    return (this.dynamo as Partial<LaunchedDynamoDb>).pid;
  }

  get sesEndpoint(): string {
    return this.ses.endpoint;
  }

  /**
   * The account the local SES stands for (sending enabled, out of the sandbox, every identity verified): a test changes
   * it.
   */
  get sesAccount(): LocalSesAccount {
    return this.ses.account;
  }

  /** The environment every bound function gets on top of its own from the template. */
  localEnvironment(run: TermRunOptions): Record<string, string> {
    return {
      ...this.serviceEnvironment(),
      LOCAL_INPUTS_DIR: resolve(run.dataDir),
      LOCAL_ARCHIVE_DIR: this.localFolder(run, 'archive'),
      LOCAL_REPORTS_DIR: resolve(run.outDir),
      LOCAL_BATCHES_DIR: this.localFolder(run, 'batches'),
      LOCAL_RECORDS_DIR: this.localFolder(run, 'records'),
      ...(run.environment ?? {}),
    };
  }

  /** The local services every function reaches, whatever the run: DynamoDB Local, the local SES, the task tokens. */
  serviceEnvironment(): Record<string, string> {
    return {
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: this.dynamo.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: this.dynamo.credentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: this.dynamo.endpoint,
      AWS_ENDPOINT_URL_SES: this.ses.endpoint,
      AWS_ENDPOINT_URL_SESV2: this.ses.endpoint,
      AWS_ENDPOINT_URL_SFN: this.callbacks.endpoint,
      // Powertools' logger writes through the global console (which the local run captures per function).
      POWERTOOLS_DEV: 'true',
      // The local SES answers whether it took a letter, as SES's Send events do on AWS.
      LOCAL_SES_SENT_URL: this.ses.sentEndpoint,
      // A store is one run's alone (its lock), so a letter a claim left unfinished was left by a run that is gone:
      // taken over at once, and sent only if the local SES has no word of taking it. No letter waits for a lease.
      LETTER_CLAIM_LEASE_SECONDS: '0',
      ...(this.options.environment ?? {}),
    };
  }

  /**
   * A folder that stands in for one of the bucket's, `archive` (the inputs archived) or `batches` (the working copies
   * for the batches, whose lifecycle rule expires them a week on; locally each run's are removed as it ends, in
   * runTerm, as nothing reads them after the store's Map): in the store, where the run keeps one, or the out folder.
   */
  private localFolder(run: TermRunOptions, name: 'archive' | 'batches' | 'records'): string {
    return resolve(this.options.storeDir ? join(this.options.storeDir, name) : join(run.outDir, `.${name}`));
  }

  async bindings(
    run: TermRunOptions,
    log?: FunctionLog,
    respond: TaskTokenResponder = agreeAutomatically,
  ): Promise<Map<string, Binding>> {
    return bindTasks(this.definition, templateFunctions(this.template), {
      repositoryRoot: REPOSITORY_ROOT,
      localEnvironment: this.localEnvironment(run),
      inject: this.options.inject,
      observe: this.options.observe,
      log,
      respond,
    });
  }

  /**
   * Invokes a function of the stack that the state machine does not call (SES's letter events), by its handler module.
   */
  async invoke(
    entry: string,
    event: unknown,
    run: TermRunOptions,
    log: FunctionLog | undefined = this.functionLog,
  ): Promise<unknown> {
    const fn = [...templateFunctions(this.template).values()].find((f) => f.entry === entry);
    if (!fn) throw new Error(`no function of the stack deploys ${entry}`);
    return (
      await bindFunction(fn, {
        repositoryRoot: REPOSITORY_ROOT,
        localEnvironment: this.localEnvironment(run),
        log: log
          ? (line) => log(Object.values(EVENT_FUNCTIONS).find((f) => f.entry === entry)?.stateName ?? entry, line)
          : undefined,
      })
    )(event);
  }

  /** The methodology the stack deploys (cdk.json's `methodology`). */
  methodology(): Methodology {
    return loadMethodologyFile(join(REPOSITORY_ROOT, this.config().methodology));
  }

  /** The authority's settings the stack deploys (cdk.json, with this cycle's overrides). */
  private config() {
    const context = localContext(this.options.context);
    return parseCycleConfig(context[CONTEXT_KEY], context.stage as string);
  }

  /** The run's date, where one is given: a date, or the term's scheduled day ('scheduled': the term's first day). */
  runDate(term: string, run: TermRunOptions): string | undefined {
    return run.today === 'scheduled' ? termStartDate(term, this.config().termStartDates) : run.today;
  }

  /** Stands in for the AAGs putting their decisions in (on AWS: npm run moderate) and the ECB's answer. */
  aagResponder(term: string, run: TermRunOptions): TaskTokenResponder {
    const aag = this.aagOnly(term, run);
    const ecbNotices = this.ecbOnNotices(term, run);
    // Locally the ECB confirms a term's changes up front (--confirm-changes); asked later, it does not answer in
    // time, so the letters are held, as on AWS when its deadline passes.
    return (state, payload) =>
      state === STAGES.askEcb.stateName
        ? run.decisions === 'portal'
          ? this.answeredInPortal(state, payload)
          : deadlinePasses(state, { ...payload, district: ECB })
        : state === STAGES.askEcbNotices.stateName
          ? ecbNotices(state, payload)
          : aag(state, payload);
  }

  /** When a task that waits for a token stops waiting, from now: its state's timeout (the AAGs' or the ECB's deadline). */
  private deadlineOf(state: string): number {
    const timeoutSeconds = allStates(this.definition).find(([name]) => name === state)?.[1].TimeoutSeconds as
      | number
      | undefined;
    return timeoutSeconds === undefined ? Infinity : Date.now() + timeoutSeconds * 1000;
  }

  /**
   * With the portal: the ECB answers a held term there, on the task token (as on AWS), until the state's deadline.
   */
  private async answeredInPortal(
    state: string,
    payload: Record<string, unknown>,
    asked: typeof ECB | typeof ECB_NOTICES = ECB,
  ): Promise<unknown> {
    const token = String(payload.taskToken);
    const expiresAt = this.deadlineOf(state);
    this.callbacks.open(token);
    while (!this.callbacks.answered(token) && Date.now() < expiresAt)
      await new Promise((resolve) => setTimeout(resolve, Math.min(500, Math.max(0, expiresAt - Date.now()))));
    const answer = this.callbacks.close(token);
    if (answer?.status === 'success') return answer.output;
    if (answer?.status === 'failure')
      throw Object.assign(new Error(answer.cause ?? 'the task failed'), { name: answer.error ?? 'TaskFailed' });
    return deadlinePasses(state, { ...payload, district: asked });
  }

  /** The ECB's decisions on warning notices, from its sheet in the term's folder; without one its deadline passes. */
  private ecbOnNotices(term: string, run: TermRunOptions): TaskTokenResponder {
    // With the portal: the ECB gives its decisions there, as on AWS, until its deadline.
    if (run.ecbDecisions === 'portal') return (state, payload) => this.answeredInPortal(state, payload, ECB_NOTICES);
    const termDir = termDirectory(run.dataDir, term);
    const file =
      run.ecbDecisions === 'deadline'
        ? undefined
        : (run.ecbDecisions ??
          ['ecb-decisions.csv', 'ecb-decisions.xlsx'].map((n) => join(termDir, n)).find((p) => existsSync(p)));
    if (!file) return (state, payload) => deadlinePasses(state, { ...payload, district: ECB_NOTICES });
    if (!existsSync(file)) throw new DecisionsInvalid(`the ECB's decisions file ${file} is not there`);
    const { answer, problems } = ecbAnswerFromSheet(
      file,
      new Uint8Array(readFileSync(file)),
      `the ECB (local run: ${basename(file)})`,
    );
    if (!answer)
      throw new DecisionsInvalid(`the ECB's decisions in ${file} cannot be used:\n  ${problems.join('\n  ')}`);
    // Stored with the cycle's request, and the token answered with how many, as npm run ecb-decisions does.
    return async () => {
      const client = new DynamoDBClient({
        endpoint: this.dynamo.endpoint,
        region: LOCAL_REGION,
        credentials: this.dynamo.credentials,
      });
      try {
        const stored = await storeEcbNoticeAnswer(
          DynamoDBDocumentClient.from(client),
          this.functionEnvironment('MODERATION_TABLE'),
          term,
          answer,
        );
        if ('refused' in stored) throw new Error(stored.refused);
        return stored.token;
      } finally {
        client.destroy();
      }
    };
  }

  private aagOnly(term: string, run: TermRunOptions): TaskTokenResponder {
    if (run.decisions === 'agree') return agreeAutomatically;
    let submissions: AagSubmissions = new Map();
    if (typeof run.decisions === 'object') submissions = run.decisions;
    else if (run.decisions === 'portal')
      return (state, payload) => this.aagsPutIn(term, run, state, payload, submissions, true);
    else if (run.decisions !== 'deadline') {
      const termDir = termDirectory(run.dataDir, term);
      const file =
        run.decisions ??
        ['aag-decisions.csv', 'aag-decisions.xlsx'].map((n) => join(termDir, n)).find((p) => existsSync(p));
      if (file) {
        if (!existsSync(file)) throw new DecisionsInvalid(`the decisions file ${file} is not there`);
        const { decisions, rejected } = readDecisions(
          basename(file),
          readRows(basename(file), new Uint8Array(readFileSync(file))),
          this.methodology(),
        );
        if (rejected.length > 0)
          throw new DecisionsInvalid(
            `the AAG decisions in ${file} cannot be used:\n  ${rejected.map(describeRejection).join('\n  ')}`,
          );
        const byDistrict = new Map<string, { decisions: SchoolDecision[]; submittedBy: string }>();
        for (const { district, ...decision } of decisions) {
          const entry = byDistrict.get(district) ?? { decisions: [], submittedBy: `local run: ${basename(file)}` };
          entry.decisions.push(decision);
          byDistrict.set(district, entry);
        }
        submissions = byDistrict;
      }
    }
    return (state, payload) => this.aagsPutIn(term, run, state, payload, submissions);
  }

  /**
   * Every district's AAG, asked at once. Each that has decisions puts them in under its own district (tests: so
   * long after it is asked), and the function the table's stream invokes on AWS is invoked with the stream's
   * record: it counts them in the term's round and, for the last district, answers the task through the local
   * task-token endpoint. Decisions already stored for the term (a rerun) are passed on the same way first. Unless
   * every AAG's answer was counted, the deadline passes; what an AAG puts in after it arrives too late, as on AWS.
   */
  private async aagsPutIn(
    term: string,
    run: TermRunOptions,
    state: string,
    payload: Record<string, unknown>,
    submissions: AagSubmissions,
    /** The AAGs decide in the portal: what they put in is passed on as the table's stream would, until the deadline. */
    watchPortal = false,
  ): Promise<unknown> {
    const token = String(payload.taskToken);
    const expiresAt = this.deadlineOf(state);
    this.callbacks.open(token);
    const table = this.functionEnvironment('AAG_DECISIONS_TABLE');
    const client = new DynamoDBClient({
      endpoint: this.dynamo.endpoint,
      region: LOCAL_REGION,
      credentials: this.dynamo.credentials,
    });
    const passOn = (stored: Record<string, AttributeValue>, eventName: 'INSERT' | 'MODIFY') =>
      this.invoke(
        EVENT_FUNCTIONS.aagDecisionsReceived.entry,
        { Records: [{ eventName, dynamodb: { NewImage: stored } }] },
        run,
      );
    try {
      // A rerun: what AAGs put in for the term before, offered to this run (on AWS the offer goes down the stream).
      let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
      do {
        const page = await client.send(
          new ScanCommand({
            TableName: table,
            FilterExpression: '#t = :t',
            ExpressionAttributeNames: { '#t': 'term' },
            ExpressionAttributeValues: { ':t': { S: term } },
            Limit: PAGE_ITEMS,
            ExclusiveStartKey,
          }),
        );
        for (const stored of page.Items ?? [])
          if (!submissions.has(String(stored.district?.S))) await passOn(stored, 'MODIFY');
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      await Promise.all(
        [...submissions].map(async ([district, submission]) => {
          if (submission.afterMs) await new Promise((resolve) => setTimeout(resolve, submission.afterMs));
          // The task stopped waiting at its deadline: what the AAG puts in now arrives too late, as on AWS.
          if (Date.now() >= expiresAt) this.callbacks.close(token);
          // Put in as npm run moderate puts them in.
          // Put in on the run's date where it has one (a term replayed on its own date), at this time of day.
          const now = new Date().toISOString();
          const runDate = this.runDate(term, run);
          await putAagDecisions(DynamoDBDocumentClient.from(client), table, {
            district,
            term,
            decidedAt: runDate ? `${runDate}${now.slice(10)}` : now,
            submittedBy: submission.submittedBy,
            decisions: submission.decisions,
          });
          const stored = (
            await client.send(new GetItemCommand({ TableName: table, Key: marshall({ district, term }) }))
          ).Item;
          if (stored) await passOn(stored, 'INSERT');
        }),
      );
      if (watchPortal) await this.passOnAsPut(term, run, token, expiresAt, client, passOn);
    } finally {
      client.destroy();
    }
    const answer = this.callbacks.close(token);
    if (answer?.status === 'success') return answer.output;
    if (answer?.status === 'failure')
      throw Object.assign(new Error(answer.cause ?? 'the task failed'), { name: answer.error ?? 'TaskFailed' });
    const timeout = new Error('not every AAG decided by the deadline');
    timeout.name = 'States.Timeout';
    throw timeout;
  }

  /**
   * Stands in for the aag-decisions table's stream while AAGs decide in the portal: every second, the term's decisions
   * put in and not yet passed on go to the function the stream invokes on AWS, until the round's token is answered
   * (every AAG decided) or the deadline passes.
   */
  private async passOnAsPut(
    term: string,
    run: TermRunOptions,
    token: string,
    expiresAt: number,
    client: DynamoDBClient,
    passOn: (stored: Record<string, AttributeValue>, eventName: 'INSERT' | 'MODIFY') => Promise<unknown>,
  ): Promise<void> {
    const table = this.functionEnvironment('AAG_DECISIONS_TABLE');
    // In place of the hourly schedule (lib/aag-reminders.ts): the AAGs' notices, invoked when one can be due (at once,
    // for the proposals ready; as the reminder's time comes), and again soon after one was not sent. An invocation
    // takes its own turn, so invoking it more often only holds up the portal's requests.
    const remindAt = expiresAt - this.reminderLeadMs() + 1000;
    let nextReminder = Date.now();
    while (!this.callbacks.answered(token) && Date.now() < expiresAt) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000, Math.max(0, expiresAt - Date.now()))));
      if (Date.now() >= nextReminder) {
        const outcome = await this.remindAags(run);
        nextReminder =
          outcome && (outcome.notSent > 0 || outcome.areasWithNoOne.length > 0)
            ? Date.now() + REMINDERS_RETRY_MS
            : Date.now() < remindAt
              ? remindAt
              : Number.POSITIVE_INFINITY;
      }
      const page = await client.send(
        new ScanCommand({
          TableName: table,
          FilterExpression: '#t = :t AND attribute_not_exists(#received)',
          ExpressionAttributeNames: { '#t': 'term', '#received': 'receivedAt' },
          ExpressionAttributeValues: { ':t': { S: term } },
        }),
      );
      for (const stored of page.Items ?? []) {
        const results = (await passOn(stored, 'INSERT')) as { district?: string; outcome: string }[] | null;
        for (const r of results ?? []) if (r.district) run.onAagDecisions?.(r.district, r.outcome);
      }
    }
  }

  /**
   * Invokes the AAGs' notices function as its schedule does on AWS, with the portal's address, its example people
   * in place of the user pool's, and the deadline and the reminder's lead shrunk as the run's definition shrinks them.
   */
  private async remindAags(run: TermRunOptions): Promise<RemindOutcome | undefined> {
    const portal = this.portal;
    const hours = this.portalDeadlineHours;
    if (!portal || hours === undefined) return undefined;
    return (await this.invoke(
      EVENT_FUNCTIONS.aagReminders.entry,
      {},
      {
        ...run,
        environment: {
          ...(run.environment ?? {}),
          PORTAL_URL: portal.origin,
          MODERATION_DEADLINE_HOURS: String(hours),
          AAG_REMINDER_HOURS: String(this.reminderLeadMs() / 3_600_000),
          LOCAL_PORTAL_PEOPLE: JSON.stringify(
            portal.people.map(({ name, email, groups }) => ({ name, email, groups })),
          ),
        },
      },
    )) as RemindOutcome;
  }

  /** How long before the AAGs' deadline the reminder goes locally: the deployed lead, shrunk as the deadline is. */
  private reminderLeadMs(): number {
    const hours = this.portalDeadlineHours;
    if (hours === undefined) return 0;
    const config = this.config();
    return ((hours * config.portal.reminderDaysBeforeDeadline * 24) / config.moderationDeadlineHours) * 3_600_000;
  }

  /** A variable every function that has it shares (a table's name), from the template. */
  private functionEnvironment(name: string): string {
    const value = sharedEnvironment(this.template, name);
    if (!value) throw new Error(`no function of the stack has ${name}`);
    return value;
  }

  /** Out folders this cycle has run a term into, with a store that lives only as long as it. */
  private readonly freshOutputs = new Set<string>();

  async runTerm(term: string, run: TermRunOptions): Promise<TermRunResult> {
    // Without a kept store the run starts from nothing, so a term's outputs from an earlier process (its pages,
    // letters, emails) describe records that no longer exist: they go, and what the folder holds is this run's.
    const termOut = resolve(run.outDir, term);
    if (!this.options.storeDir && !this.freshOutputs.has(termOut)) {
      rmSync(termOut, { recursive: true, force: true });
      this.freshOutputs.add(termOut);
    }
    resetDocumentClient();
    resetSesClient();
    resetSesAccountClient();
    resetTaskTokenClient();
    await this.ses.clear();
    // Each letter's copy is written as the local SES takes it, so that a run that dies keeps the copies of what went.
    this.ses.deliverTo(join(termOut, 'emails'));
    const logLines: string[] = [];
    this.functionLog = (state, line) => logLines.push(`${new Date().toISOString()} [${state}] ${line}`);
    const bindings = await this.bindings(run, this.functionLog, this.aagResponder(term, run));
    const taskResourceLocalHandlers = Object.fromEntries(
      [...bindings].map(([state, b]) => [state, b.handler]),
    ) as unknown as LocalHandlers;
    const retryIntervalOverrides =
      this.options.retryIntervalMs === undefined
        ? undefined
        : Object.fromEntries(
            Object.entries(this.definition.States)
              .filter(([, s]) => Array.isArray(s.Retry))
              .map(([name]) => [name, this.options.retryIntervalMs!]),
          );

    const startTime = new Date().toISOString();
    const executionId = run.executionId ?? `local:${term}:${startTime}:${randomUUID().slice(0, 8)}`;
    // The run's events as Step Functions' history gives them, for the portal's page that follows its stages.
    const history = this.histories.get(executionId) ?? [{ type: 'ExecutionStarted', at: Date.now() }];
    this.histories.set(executionId, history);
    this.runsInFlight += 1;
    const today = this.runDate(term, run);
    const input: Record<string, string | boolean | Record<string, string>> = {
      term,
      ...(run.dryRun ? { dryRun: true } : {}),
      ...(run.confirmChanges ? { confirmChanges: true } : {}),
      ...(run.letterDate ? { letterDate: run.letterDate } : {}),
      ...(today ? { today } : {}),
      ...(run.performanceYears && Object.keys(run.performanceYears).length > 0
        ? { performanceYears: run.performanceYears }
        : {}),
    };
    const execution = this.machine.run(input, {
      overrides: {
        taskResourceLocalHandlers,
        ...(retryIntervalOverrides ? { retryIntervalOverrides } : {}),
        ...(run.leaseWaitMs !== undefined ? { waitTimeOverrides: { [NOTIFY_LOOP.leaseWait]: run.leaseWaitMs } } : {}),
      },
      context: {
        Execution: {
          Id: executionId,
          Name: `${term}-${startTime.replace(/[:.]/g, '-')}`,
          Input: input,
          RoleArn: 'arn:aws:iam::000000000000:role/local',
        },
        Task: { Token: `local-task-token:${term}:${startTime}` },
      },
    });
    run.stop?.addEventListener('abort', () => execution.abort(), { once: true });
    const entered = new Map<string, number>();
    // A state whose error was caught still exits (to its catcher): that exit is not a success.
    const caught = new Set<string>();
    // The execution's start as its states see it ($$.Execution.StartTime), which names the run's working files:
    // aws-local-stepfunctions sets it itself as the execution starts (any given in the context is replaced), a moment
    // after startTime above, so data intake's result says it.
    let startedAt: string | undefined;
    const progress = (async () => {
      for await (const event of execution.eventLogs) {
        if (!('state' in event)) continue;
        recordHistory(history, event);
        if (event.type === 'StateExited' && event.state.name === STAGES.intake.stateName)
          startedAt =
            (event.state.output as { intake?: { startedAt?: string } } | undefined)?.intake?.startedAt ?? startedAt;
        if (!run.onEvent) continue;
        const state = event.state.name;
        if (event.type === 'StateEntered') {
          entered.set(state, event.timestamp);
          run.onEvent({ type: 'state-entered', state });
        } else if (event.type === 'StateExited') {
          run.onEvent({
            type: 'state-exited',
            state,
            ms: event.timestamp - (entered.get(state) ?? event.timestamp),
            output: event.state.output,
            ...(caught.delete(state) ? { caught: true } : {}),
          });
        } else if (event.type === 'StateRetried')
          run.onEvent({ type: 'state-retried', state, attempt: event.retry.attempt });
        else if (event.type === 'StateFailed')
          run.onEvent({ type: 'state-failed', state, error: event.Error, cause: event.Cause });
        else if (event.type === 'StateCaught') {
          caught.add(state);
          run.onEvent({ type: 'state-caught', state });
        }
      }
    })();

    let result: TermRunResult;
    try {
      const summary = (await execution.result) as unknown as CycleSummary;
      result = { status: 'succeeded', term, summary, emails: [], workingFiles: 0 };
    } catch (error) {
      // aws-local-stepfunctions wraps the Fail state's error (its Error and Cause) in an ExecutionError.
      const failure = ((error as { cause?: unknown }).cause ?? error) as { name?: string; message?: string };
      result = {
        status: 'failed',
        term,
        error: failure.name ?? 'Error',
        cause: String(failure.message ?? ''),
        emails: [],
        workingFiles: 0,
      };
    }
    await progress.catch(() => undefined);
    history.push(
      result.status === 'succeeded'
        ? { type: 'ExecutionSucceeded', at: Date.now() }
        : {
            type: run.stop?.aborted ? 'ExecutionAborted' : 'ExecutionFailed',
            at: Date.now(),
            error: result.error,
            cause: result.cause,
          },
    );
    this.runsInFlight -= 1;
    result.workingFiles = expireWorkingFiles(
      this.localFolder(run, 'batches'),
      term,
      startedAt === undefined ? undefined : runFolder(startedAt),
      new Date(),
    );
    mkdirSync(join(run.outDir, term), { recursive: true });
    writeFileSync(join(run.outDir, term, 'function-logs.txt'), `${logLines.join('\n')}\n`);
    result.emails = await this.writeEmails(term, join(run.outDir, term, 'emails'));
    return result;
  }

  /** Writes every email the local SES received in this run as an .eml file named by school and recipient. */
  private async writeEmails(term: string, dir: string): Promise<string[]> {
    const received = await this.ses.emails();
    if (received.length === 0) return [];
    const sentTable = this.functionEnvironment('SENT_EMAILS_TABLE');
    const client = new DynamoDBClient({
      endpoint: this.dynamo.endpoint,
      region: LOCAL_REGION,
      credentials: this.dynamo.credentials,
    });
    const records: { messageId?: string; urn: string; role: string; letterKey: string }[] = [];
    let ExclusiveStartKey: Record<string, never> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({
          TableName: sentTable,
          FilterExpression: '#t = :t',
          ExpressionAttributeNames: { '#t': 'term' },
          ExpressionAttributeValues: { ':t': { S: term } },
          Limit: PAGE_ITEMS,
          ExclusiveStartKey,
        }),
      );
      records.push(
        ...(page.Items ?? []).map(
          (item) => unmarshall(item) as { messageId?: string; urn: string; role: string; letterKey: string },
        ),
      );
      ExclusiveStartKey = page.LastEvaluatedKey as Record<string, never> | undefined;
    } while (ExclusiveStartKey);
    client.destroy();
    const byMessage = new Map(records.filter((r) => r.messageId).map((r) => [r.messageId!, r]));
    mkdirSync(dir, { recursive: true });
    const written: string[] = [];
    for (const email of received) {
      const record = byMessage.get(email.messageId);
      const name = record ? letterFileName(record) : `${email.messageId}.eml`;
      const path = join(dir, name);
      writeFileSync(path, await this.ses.eml(email.messageId));
      written.push(path);
    }
    return written;
  }

  /** Each local run's history, by its execution id: what GetExecutionHistory answers locally. */
  private readonly histories = new Map<string, LocalHistoryEvent[]>();
  /** Terms being run now: the local cycle runs one at a time. */
  private runsInFlight = 0;
  /** The runs the portal started, and what stops them when the cycle stops. */
  private readonly portalRuns = new Set<Promise<unknown>>();
  private readonly stopPortalRuns = new AbortController();

  private portal: RunningPortal | undefined;
  /** How long the AAGs have while the portal serves this cycle, in hours (a fraction of the deployed deadline). */
  private portalDeadlineHours: number | undefined;

  /**
   * Serves the portal over this cycle's store, signed in through a local identity provider with example people for
   * cdk.json's portal.aagAreas; `moderationDeadlineHours` is how long the AAGs have locally, as the run's definition
   * keeps it (deadlineHourSeconds). Stopped with the cycle.
   */
  async startPortal(options: {
    moderationDeadlineHours: number;
    /** Where the runs write their reports (npm run cycle's --out), which the portal serves behind sign-in. */
    outDir: string;
    /** The terms' input files (npm run cycle's --data). */
    dataDir: string;
    port?: number;
    sessionSeconds?: ReadonlyMap<string, number>;
  }): Promise<RunningPortal> {
    const fn = [...templateFunctions(this.template).values()].find((f) => f.entry === EVENT_FUNCTIONS.portal.entry);
    if (!fn) throw new Error(`no function of the stack deploys ${EVENT_FUNCTIONS.portal.entry}`);
    const config = this.config();
    this.portalDeadlineHours = options.moderationDeadlineHours;
    // The team starts a term's run in the portal (StartExecution), and follows it (GetExecutionHistory).
    this.callbacks.serveExecutions({
      start: (input) => this.startFromPortal(input, { dataDir: options.dataDir, outDir: options.outDir }),
      history: (executionArn) => this.histories.get(executionArn),
    });
    this.portal = await startPortal({
      fn,
      localEnvironment: this.localEnvironment({ dataDir: options.dataDir, outDir: options.outDir }),
      districts: config.portal.aagAreas,
      moderationDeadlineHours: options.moderationDeadlineHours,
      // The ECB's deadline shrinks with the AAGs' (deadlineHourSeconds scales both).
      ecbConfirmationHours:
        (options.moderationDeadlineHours * config.ecbConfirmationHours) / config.moderationDeadlineHours,
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.sessionSeconds ? { sessionSeconds: options.sessionSeconds } : {}),
      log: (line) => this.functionLog?.(EVENT_FUNCTIONS.portal.stateName, line),
    });
    return this.portal;
  }

  /**
   * A term's run started in the portal, as StartExecution starts one on AWS: the AAGs and the ECB decide in the
   * portal. Refused while a term is being run, as the local cycle runs one at a time.
   */
  private startFromPortal(
    input: string,
    folders: { dataDir: string; outDir: string },
  ): { executionArn: string; startDate: number } | { error: string; message: string } {
    let term: unknown;
    try {
      term = (JSON.parse(input) as { term?: unknown }).term;
    } catch {
      term = undefined;
    }
    if (typeof term !== 'string' || !isTermId(term))
      return { error: 'InvalidExecutionInput', message: 'the input names no term, such as {"term": "2027-spring"}' };
    if (this.runsInFlight > 0)
      return {
        error: 'ExecutionLimitExceeded',
        message: 'The local cycle is running a term now, and runs one at a time: start this one when it has finished.',
      };
    const startDate = Date.now();
    const executionArn = `local:${term}:${new Date(startDate).toISOString()}:portal`;
    // Known, and the cycle busy, from now: the run binds its functions before its first state.
    this.histories.set(executionArn, [{ type: 'ExecutionStarted', at: startDate }]);
    this.runsInFlight += 1;
    const run = this.runTerm(term, {
      ...folders,
      decisions: 'portal',
      ecbDecisions: 'portal',
      executionId: executionArn,
      stop: this.stopPortalRuns.signal,
    })
      .catch((error: unknown) => this.functionLog?.('Portal', `the run of ${term} failed to start: ${String(error)}`))
      .finally(() => {
        this.runsInFlight -= 1;
      });
    this.portalRuns.add(run);
    void run.finally(() => this.portalRuns.delete(run));
    return { executionArn, startDate };
  }

  async stop(): Promise<void> {
    // A run the portal started stops with the cycle, as StopExecution would stop it.
    this.stopPortalRuns.abort();
    await Promise.allSettled([...this.portalRuns]);
    await Promise.allSettled([this.portal?.stop(), this.ses.stop(), this.dynamo.stop(), this.callbacks.stop()]);
  }
}

/**
 * A store is this process's alone while its DynamoDB Local runs, so a run still marked in progress in it was left
 * by a local run that was killed: its claim on the term is released, so that the term can be run again.
 */
async function releaseStaleRuns({ endpoint, credentials }: RunningDynamoDb, template: CfnTemplate): Promise<void> {
  const table = sharedEnvironment(template, 'CYCLE_RUNS_TABLE');
  if (!table) return;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials });
  try {
    const page = await client.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: '#s = :p',
        ExpressionAttributeNames: { '#s': 'startedAt' },
        ExpressionAttributeValues: { ':p': { S: RUN_IN_PROGRESS } },
      }),
    );
    for (const item of page.Items ?? [])
      await client.send(
        new DeleteItemCommand({ TableName: table, Key: { term: item.term!, startedAt: item.startedAt! } }),
      );
  } finally {
    client.destroy();
  }
}

/**
 * Shortens the tasks that wait for a token (the AAGs' and the ECB's deadlines) by `factor`, and the execution's
 * timeout by what they and its spare hour lose, keeping the stages' own budgets whole.
 */
function scaleDeadlines(definition: StateMachineDefinition, factor: number): void {
  const waits = allStates(definition).filter(
    ([, state]) => /waitForTaskToken$/.test(String(state.Resource ?? '')) && typeof state.TimeoutSeconds === 'number',
  );
  for (const [, state] of waits)
    state.TimeoutSeconds = Math.max(1, Math.round((state.TimeoutSeconds as number) * factor));
  const execution = definition as { TimeoutSeconds?: number };
  if (execution.TimeoutSeconds === undefined) return;
  // The execution's timeout counts one AAG deadline, the ECB's and an hour to spare (termly-cycle-state-machine.ts).
  const counted = waits.reduce((sum, [, state]) => sum + (state.TimeoutSeconds as number) / factor, 0) + 3600;
  execution.TimeoutSeconds = Math.round(execution.TimeoutSeconds - counted + counted * factor);
}

const agreeAutomatically: TaskTokenResponder = async () => ({ outcome: 'agreed automatically' });

const deadlinePasses: TaskTokenResponder = async (_state, payload) => {
  const timeout = new Error(
    `no decisions from ${String(payload.district).startsWith(ECB) ? 'the ECB' : `the AAGs of ${String(payload.district)}`} by the deadline`,
  );
  timeout.name = 'States.Timeout';
  throw timeout;
};

/** A state's event of a local run, as Step Functions records it in the execution's history. */
function recordHistory(
  history: LocalHistoryEvent[],
  event: { type: string; timestamp: number; state: { name: string }; Error?: unknown; Cause?: unknown },
): void {
  const state = event.state.name;
  if (event.type === 'StateEntered') history.push({ type: 'TaskStateEntered', at: event.timestamp, state });
  else if (event.type === 'StateExited') history.push({ type: 'TaskStateExited', at: event.timestamp, state });
  else if (event.type === 'StateRetried' || event.type === 'StateFailed')
    history.push({
      type: 'TaskFailed',
      at: event.timestamp,
      state,
      ...(event.Error ? { error: String(event.Error) } : {}),
      ...(event.Cause ? { cause: String(event.Cause) } : {}),
    });
}
