/**
 * npm run bench: the whole termly cycle, run locally as `npm run cycle` runs it (the synthesized state machine,
 * each task bound to its handler, over DynamoDB Local and the local SES), timed and measured.
 *
 *   npm run bench                      the bundled example authority (its two terms)
 *   npm run bench -- --schools 2500    an authority of about 2,500 schools made by generate:example (kept in .bench/)
 *   npm run bench -- --intake          intake alone on national-sized files (scripts/intake-bench.ts)
 *
 * It prints start-up (synthesis, DynamoDB Local, the local SES), each stage's time, the CPU time it took of this
 * process and of DynamoDB Local's Java (Linux), and the peak memory while it ran; then the storage floor: the time
 * DynamoDB Local takes to write every item the cycle left, with plain BatchWriteItem calls, and the cycle's ratio to
 * it, in time and in DynamoDB Local's CPU; then the AWS cost of one cycle from the counts measured in the run (state
 * transitions, Lambda GB-seconds, DynamoDB request units as DynamoDB Local reported them, SES messages, S3 objects
 * written), at the prices it prints.
 *
 * Letters: the local SES has no quota, so the bench lifts the deployed sending rate (SES_MAX_SEND_RATE, 14 a
 * second) and prints how long the letters take at that rate on AWS instead; notify's time here is its own work.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  type AttributeValue,
  BatchWriteItemCommand,
  CreateTableCommand,
  DynamoDBClient,
  ScanCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { PAGE_ITEMS } from '../functions/adapters/dynamo';
import { CONTEXT_KEY, parseCycleConfig } from '../lib/config';
import {
  batchesFor,
  historyEvents,
  INVOCATION_START_SECONDS,
  LAMBDA_LIMITS,
  lambdaPayloadBytes,
  lambdaSeconds,
  limitInputsFor,
  notifyInvocations,
  STEP_FUNCTIONS_LIMITS,
  stateBytes,
} from '../lib/execution-limits';
import { STAGES, type StageSpec } from '../lib/stages';
import { MOST_SCHOOLS } from '../lib/termly-cycle-state-machine';
import { scriptOptions } from '../local/args';
import { LocalCycle, type ProgressEvent, REPOSITORY_ROOT } from '../local/local-cycle';
import { countCpu } from '../local/process-cpu';
import { freePort, LOCAL_CREDENTIALS } from '../local/services';
import { cdkJsonContext, LOCAL_REGION, type TableDefinition, templateTables } from '../local/template';
import { termFolders } from '../local/term-folder';
import { filesUnder } from '../local/working-files';
import { startDynamoDbMeter } from './dynamodb-meter';

// The heap is collected as each stage starts, so that a stage's peak is what it holds, not the last one's garbage.
setFlagsFromString('--expose_gc');
const collectGarbage = runInNewContext('gc') as () => void;

const BENCH_USAGE = `Usage: npm run bench -- [--schools <n>] | --intake [--runs <n>] | --portal [--sessions <n>] [--school-sessions <n>] [--school-pace <s>] [--seconds <n>]
  --schools   an authority of about this many schools (250 to 22,000), made by generate:example (kept in .bench/) (default: the bundled example)
  --intake    intake alone, on national-sized files (scripts/intake-bench.ts)
  --runs      with --intake: how many times intake runs (default: 5)
  --portal    the portal under load: signed-in AAG sessions reading proposals and saving drafts, beside school sessions reading their school's page and letter (scripts/portal-bench.ts)
  --sessions  with --portal: AAG sessions at once (default: 50)
  --school-sessions  with --portal: school sessions at once (default: 500)
  --school-pace  with --portal: seconds between a school session's requests (default: 5)
  --seconds   with --portal: how long (default: 60)`;
const args = scriptOptions(
  {
    schools: { type: 'string' },
    intake: { type: 'boolean' },
    runs: { type: 'string' },
    portal: { type: 'boolean' },
    sessions: { type: 'string' },
    'school-sessions': { type: 'string' },
    'school-pace': { type: 'string' },
    seconds: { type: 'string' },
  },
  BENCH_USAGE,
);

/**
 * Prices assumed for the cost of a cycle (printed beside each line below): AWS list prices in US East (N. Virginia);
 * other regions differ a little.
 */
const PRICES = {
  stateTransition: 0.025 / 1000,
  lambdaGbSecondArm: 0.0000133334,
  lambdaRequest: 0.2 / 1e6,
  writeRequestUnit: 0.625 / 1e6,
  readRequestUnit: 0.125 / 1e6,
  sesMessage: 0.1 / 1000,
  s3Put: 0.005 / 1000,
} as const;

const DEPLOYED_SEND_RATE = 14;
const FLOOR_PARALLEL = 8;

interface StageFigure {
  term: string;
  state: string;
  ms: number;
  peakHeapMb: number;
  peakRssMb: number;
  invocations: number;
  /** CPU time this process used while the stage ran: the function's, and the local SES's and the meter's for it. */
  nodeCpuMs: number;
  /** CPU time DynamoDB Local's Java process used while the stage ran (undefined where /proc cannot tell). */
  dynamoCpuMs: number | undefined;
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const money = (dollars: number) => (dollars < 0.01 ? `$${dollars.toFixed(4)}` : `$${dollars.toFixed(2)}`);
const pad = (text: string, width: number) => text.padEnd(width);
/** A CPU time, or a dash where it could not be read. */
const cpu = (ms: number | undefined) => (ms === undefined ? '-' : seconds(ms));
/** Two CPU times added: undefined if either could not be read. */
const plus = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : a + b);
/** A CPU time summed over stages: undefined if any could not be read. */
const cpuSum = (figures: readonly StageFigure[], field: 'nodeCpuMs' | 'dynamoCpuMs'): number | undefined =>
  figures.reduce<number | undefined>((n, f) => plus(n, f[field]), 0);

function dataFor(schools: number | undefined): string {
  if (schools === undefined) return join(REPOSITORY_ROOT, 'example');
  const dir = join(REPOSITORY_ROOT, '.bench', 'cycle', String(schools));
  if (!existsSync(join(dir, '2026-autumn'))) {
    process.stdout.write(
      `Generating an authority of about ${schools.toLocaleString('en-GB')} schools in ${relative(process.cwd(), dir)}/ (once) ... `,
    );
    rmSync(dir, { recursive: true, force: true });
    const made = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        join(REPOSITORY_ROOT, 'scripts', 'generate-example.ts'),
        '--schools',
        String(schools),
        '--out',
        dir,
      ],
      { cwd: REPOSITORY_ROOT, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 },
    );
    if (made.status !== 0) throw new Error(`generate:example failed: ${made.stderr}`);
    console.log('done');
  }
  return dir;
}

/** The stage whose function a task state runs ("…, continued" runs the same function). */
function stageOf(state: string): StageSpec | undefined {
  return Object.values(STAGES).find((s: StageSpec) => state === s.stateName || state.startsWith(`${s.stateName}, `));
}

/** The Lambda memory of the function a task state runs. */
const memoryOf = (state: string): number | undefined => stageOf(state)?.memoryMb;

/**
 * A stage's measured time against what lib/stages.ts declares for it (which the limits test scales to Lambda):
 * each invocation's start and its work for the schools (or letters) it handled; "OVER" if the measure passed it.
 */
function againstDeclared(
  f: StageFigure,
  handled: { schools: number; letters: number },
  term: readonly StageFigure[],
): string {
  const stage = stageOf(f.state);
  const work = stage?.work;
  // Notify and its continued invocations are one stage: its letters are counted once, against all its invocations.
  const same = term.filter((x) => stageOf(x.state) === stage);
  if (same[0] !== f) return `with ${same[0]!.state}`;
  const ms = same.reduce((n, x) => n + x.ms, 0);
  const invocations = same.reduce((n, x) => n + x.invocations, 0);
  const units = work?.per === 'letter' ? handled.letters : handled.schools;
  const declared = invocations * INVOCATION_START_SECONDS + (work ? (work.secondsPerThousand * units) / 1000 : 0);
  const rate =
    work && units > 0
      ? `, ${(ms / units).toFixed(2)} s a 1,000 ${work.per === 'letter' ? 'letters' : 'schools'} (declared ${work.secondsPerThousand})`
      : '';
  return `declared ${declared.toFixed(1)} s${ms / 1000 > declared ? ' OVER' : ''}${same.length > 1 ? ` (all ${invocations} invocations)` : ''}${rate}`;
}

/** Files under a folder that the bucket would hold: not the local run's function logs or the local SES's emails. */
const reportFilesUnder = (dir: string): number =>
  filesUnder(dir, (name) => name !== 'function-logs.txt' && !name.endsWith('.eml'));

/** Every item of every table, read straight from DynamoDB Local (not through the meter). */
async function everyItem(
  client: DynamoDBClient,
  tables: readonly TableDefinition[],
): Promise<Map<TableDefinition, Record<string, AttributeValue>[]>> {
  const all = new Map<TableDefinition, Record<string, AttributeValue>[]>();
  for (const table of tables) {
    const items: Record<string, AttributeValue>[] = [];
    let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({ TableName: table.TableName, Limit: PAGE_ITEMS, ExclusiveStartKey }),
      );
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    all.set(table, items);
  }
  return all;
}

/**
 * The storage floor: the same items written to empty copies of the tables with plain BatchWriteItem calls, 25
 * items a call, FLOOR_PARALLEL calls at a time, unprocessed items sent again.
 */
async function storageFloor(
  endpoint: string,
  tables: readonly TableDefinition[],
  dynamoDbPid: number | undefined,
): Promise<{
  items: number;
  megabytes: number;
  ms: number;
  indexEntries: number;
  nodeCpuMs: number;
  dynamoCpuMs: number | undefined;
}> {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  try {
    const items = await everyItem(client, tables);
    const batches: { table: string; requests: WriteRequest[] }[] = [];
    let count = 0;
    let bytes = 0;
    // The entries the cycle's tables keep in their indexes (an item is in an index when it has the index's keys):
    // written by the cycle with its items, not by the floor, whose copies have none.
    let indexEntries = 0;
    for (const [table, rows] of items) {
      for (const index of table.GlobalSecondaryIndexes ?? [])
        indexEntries += rows.filter((row) => index.KeySchema.every((k) => row[k.AttributeName] !== undefined)).length;
      const copy = `Floor${table.TableName}`;
      await client.send(
        new CreateTableCommand({
          TableName: copy,
          KeySchema: table.KeySchema,
          AttributeDefinitions: table.AttributeDefinitions.filter((a) =>
            table.KeySchema.some((k) => k.AttributeName === a.AttributeName),
          ),
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      for (let i = 0; i < rows.length; i += 25)
        batches.push({ table: copy, requests: rows.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) });
      count += rows.length;
      bytes += rows.reduce((sum, row) => sum + JSON.stringify(row).length, 0);
    }
    const started = performance.now();
    const cpuUsed = countCpu(dynamoDbPid);
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        let requests: WriteRequest[] = batch.requests;
        while (requests.length > 0) {
          const answer = await client.send(new BatchWriteItemCommand({ RequestItems: { [batch.table]: requests } }));
          requests = answer.UnprocessedItems?.[batch.table] ?? [];
        }
      }
    };
    await Promise.all(Array.from({ length: FLOOR_PARALLEL }, worker));
    const { ownMs, otherMs } = cpuUsed();
    return {
      items: count,
      megabytes: bytes / 1e6,
      ms: performance.now() - started,
      indexEntries,
      nodeCpuMs: ownMs,
      dynamoCpuMs: otherMs,
    };
  } finally {
    client.destroy();
  }
}

/** One size's run, kept in .bench/results/ so that a run of another size can say how the time grew between them. */
interface BenchResult {
  label: string;
  schools: number;
  stagesMs: number;
  floorMs: number;
  at: string;
  commit: string;
}

const RESULTS_DIR = join(REPOSITORY_ROOT, '.bench', 'results');

function commitOf(): string {
  const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPOSITORY_ROOT, encoding: 'utf8' });
  return git.status === 0 ? git.stdout.trim() : 'unknown';
}

/** Keeps this run's figures (the last run of each size) and returns every size's kept, this one's included. */
function keepResult(result: BenchResult): BenchResult[] {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${result.label}.json`), `${JSON.stringify(result, null, 2)}\n`);
  return readdirSync(RESULTS_DIR)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(join(RESULTS_DIR, name), 'utf8')) as BenchResult)
    .sort((a, b) => a.schools - b.schools);
}

/**
 * How the stages' time grew from each smaller size's last run to the largest's: the goal is that it grows no faster
 * than the number of schools. The machine's speed varies from run to run, so each line says when and on which
 * commit each run was made.
 */
function printGrowth(results: readonly BenchResult[]): void {
  const largest = results.at(-1)!;
  const smaller = results.filter((r) => r.schools < largest.schools);
  if (smaller.length === 0) return;
  console.log(
    `\n  growth to ${largest.schools.toLocaleString('en-GB')} schools (${largest.commit}, ${largest.at.slice(0, 16)}), from each smaller size's last run:`,
  );
  for (const r of smaller) {
    const time = largest.stagesMs / r.stagesMs;
    const size = largest.schools / r.schools;
    console.log(
      `    from ${r.schools.toLocaleString('en-GB')} schools (${r.commit}, ${r.at.slice(0, 16)}): the stages' time ${time.toFixed(1)}× (${seconds(r.stagesMs)} to ${seconds(largest.stagesMs)}) for ${size.toFixed(1)}× the schools: ${time <= size ? 'no faster than the schools' : 'FASTER than the schools'}`,
    );
  }
}

async function benchCycle(schools: number | undefined): Promise<void> {
  const dataDir = dataFor(schools);
  const outDir = join(REPOSITORY_ROOT, '.bench', 'out', String(schools ?? 'example'));
  rmSync(outDir, { recursive: true, force: true });
  const terms = termFolders(dataDir);
  console.log(
    `Cycle benchmark: ${schools === undefined ? 'the example authority' : `a generated authority of about ${schools.toLocaleString('en-GB')} schools`}, terms ${terms.join(', ')} (Node ${process.version}, ${cpus().length} CPUs, ${mb(totalmem()).toLocaleString('en-GB')} MB)`,
  );

  // Each invocation of a stage's function is timed, and memory sampled while it runs, inside its turn (the
  // functions run in this process one at a time, as bound Lambda handlers); the heap is collected before each.
  let current: { peakHeap: number; peakRss: number } | undefined;
  const sample = () => {
    if (!current) return;
    const { heapUsed, rss } = process.memoryUsage();
    current.peakHeap = Math.max(current.peakHeap, heapUsed);
    current.peakRss = Math.max(current.peakRss, rss);
  };
  const sampler = setInterval(sample, 20);
  const figures: StageFigure[] = [];
  let term = '';
  // The CPU time each invocation used, of this process and of DynamoDB Local's Java beside it (the invocations run
  // one at a time, so neither is another's): where a stage's time goes, to the functions or to the storage.
  let dynamoDbPid: number | undefined;
  const observe = async <T>(state: string, run: () => Promise<T>): Promise<T> => {
    collectGarbage();
    current = { peakHeap: 0, peakRss: 0 };
    sample();
    const started = performance.now();
    const cpuUsed = countCpu(dynamoDbPid);
    try {
      return await run();
    } finally {
      sample();
      const ms = performance.now() - started;
      const { ownMs, otherMs } = cpuUsed();
      let figure = figures.find((f) => f.term === term && f.state === state);
      if (!figure) {
        figure = { term, state, ms: 0, peakHeapMb: 0, peakRssMb: 0, invocations: 0, nodeCpuMs: 0, dynamoCpuMs: 0 };
        figures.push(figure);
      }
      figure.ms += ms;
      figure.nodeCpuMs += ownMs;
      figure.dynamoCpuMs = plus(figure.dynamoCpuMs, otherMs);
      figure.invocations += 1;
      figure.peakHeapMb = Math.max(figure.peakHeapMb, mb(current.peakHeap));
      figure.peakRssMb = Math.max(figure.peakRssMb, mb(current.peakRss));
      current = undefined;
    }
  };

  const startedAt = performance.now();
  // DynamoDB Local's JVM as it chooses itself (C1 then C2): the bench's runs are long, and its floor is then written
  // at DynamoDB Local's fastest (with C1 only the floor at 2,512 schools took 14.4 s, not 11.4 s, and flattered the
  // ratio).
  const cycle = await LocalCycle.start({
    dynamoDbPort: await freePort(),
    sesPort: await freePort(),
    observe,
    longRun: true,
  });
  const startUpMs = performance.now() - startedAt;
  dynamoDbPid = cycle.dynamoDbPid;
  const meter = await startDynamoDbMeter(
    cycle.dynamoDbEndpoint,
    new Map(
      templateTables(cycle.template).map((t) => [
        t.TableName,
        (t.GlobalSecondaryIndexes ?? []).map((i) => i.KeySchema.map((k) => k.AttributeName)),
      ]),
    ),
  );
  const wall = new Map<string, number>();
  const printTerm = (term: string, handled: { schools: number; letters: number }) => {
    console.log(
      `\n  ${term}: ${pad('stage', 40)} ${'time'.padStart(9)} ${'Node CPU'.padStart(9)} ${'DynamoDB CPU'.padStart(12)} ${'peak heap'.padStart(10)} ${'peak RSS'.padStart(9)}  against the declared work`,
    );
    const ofTerm = figures.filter((x) => x.term === term);
    for (const f of ofTerm) {
      const state = f.invocations > 1 ? `${f.state} (${f.invocations} invocations)` : f.state;
      console.log(
        `  ${' '.repeat(term.length + 2)}${pad(state, 40)} ${seconds(f.ms).padStart(9)} ${seconds(f.nodeCpuMs).padStart(9)} ${cpu(f.dynamoCpuMs).padStart(12)} ${`${f.peakHeapMb} MB`.padStart(10)} ${`${f.peakRssMb} MB`.padStart(9)}  ${againstDeclared(f, handled, ofTerm)}`,
      );
    }
    const total = ofTerm.reduce((s, f) => s + f.ms, 0);
    console.log(
      `  ${' '.repeat(term.length + 2)}${pad('all stages', 40)} ${seconds(total).padStart(9)} ${cpu(cpuSum(ofTerm, 'nodeCpuMs')).padStart(9)} ${cpu(cpuSum(ofTerm, 'dynamoCpuMs')).padStart(12)}   (the term's execution: ${seconds(wall.get(term)!)} wall)`,
    );
  };
  let transitions = 0;
  let emails = 0;
  let schoolsInCycle = 0;
  let s3Objects = 0;
  let largestStateBytes = 0;
  try {
    for (term of terms) {
      const termStarted = performance.now();
      const result = await cycle.runTerm(term, {
        dataDir,
        outDir,
        onEvent: (event: ProgressEvent) => {
          if (event.type === 'state-entered') transitions += 1;
          if (event.type === 'state-exited' && event.output)
            largestStateBytes = Math.max(largestStateBytes, Buffer.byteLength(JSON.stringify(event.output)));
        },
        environment: { AWS_ENDPOINT_URL_DYNAMODB: meter.endpoint, SES_MAX_SEND_RATE: '1000' },
      });
      wall.set(term, performance.now() - termStarted);
      // Each term's figures as soon as it ends (a term that failed, as far as it went).
      if (term === terms[0])
        console.log(`\n  start-up (synthesis, DynamoDB Local, the local SES)  ${seconds(startUpMs)}`);
      printTerm(
        term,
        result.status === 'succeeded'
          ? { schools: result.summary.schools, letters: result.summary.emailsSent }
          : { schools: 0, letters: 0 },
      );
      if (result.status !== 'succeeded') throw new Error(`${term} failed: ${result.error}: ${result.cause}`);
      emails += result.summary.emailsSent;
      schoolsInCycle = Math.max(schoolsInCycle, result.summary.schools);
      // The reports and sheets, the archived inputs and the working files for the batches (which the run expired as it
      // ended), as the bucket would hold them.
      s3Objects +=
        reportFilesUnder(join(outDir, term)) + reportFilesUnder(join(outDir, '.archive', term)) + result.workingFiles;
    }
  } finally {
    clearInterval(sampler);
  }
  const reading = meter.reading();
  await meter.stop();
  let floor: Awaited<ReturnType<typeof storageFloor>>;
  try {
    floor = await storageFloor(cycle.dynamoDbEndpoint, templateTables(cycle.template), cycle.dynamoDbPid);
  } finally {
    await cycle.stop();
  }

  const stagesMs = figures.reduce((s, f) => s + f.ms, 0);
  console.log(`\n  whole run (start-up and every term)       ${seconds(performance.now() - startedAt)} wall`);
  console.log(
    `  letters                                   ${emails.toLocaleString('en-GB')} sent; at the deployed ${DEPLOYED_SEND_RATE} a second they take at least ${seconds((emails / DEPLOYED_SEND_RATE) * 1000)} on AWS (not counted above: the bench lifts the rate)`,
  );

  // The floor: DynamoDB Local writing the same items as plainly as it can.
  console.log(
    `\n  storage floor: ${floor.items.toLocaleString('en-GB')} items (${floor.megabytes.toFixed(1)} MB) written with plain BatchWriteItem, ${FLOOR_PARALLEL} calls at a time: ${seconds(floor.ms)}`,
  );
  console.log(
    `  (the floor's copies of the tables have no index; the cycle's also keep ${floor.indexEntries.toLocaleString('en-GB')} index entries of these items)`,
  );
  console.log(`  the cycle's stages took ${seconds(stagesMs)} in all: ${(stagesMs / floor.ms).toFixed(1)}× the floor`);
  // Where the time went: the CPU of this process (the functions, with the local SES and the meter) and of DynamoDB
  // Local's Java, for the stages and for the floor. Both share the machine's cores, so on two cores a stage that keeps
  // both busy takes about half their sum; DynamoDB Local's own ratio says how much more storage work the cycle asks.
  const [stagesNodeCpu, stagesDynamoCpu] = [cpuSum(figures, 'nodeCpuMs'), cpuSum(figures, 'dynamoCpuMs')];
  if (stagesNodeCpu !== undefined && stagesDynamoCpu !== undefined && floor.dynamoCpuMs !== undefined) {
    console.log(
      `  CPU: the stages used ${seconds(stagesNodeCpu)} of this process's (the functions, the local SES, the meter) and ${seconds(stagesDynamoCpu)} of DynamoDB Local's, ${((stagesNodeCpu + stagesDynamoCpu) / stagesMs).toFixed(1)} of the ${cpus().length} cores on average;`,
    );
    console.log(
      `       the floor used ${seconds(floor.dynamoCpuMs)} of DynamoDB Local's and ${seconds(floor.nodeCpuMs)} of this process's: DynamoDB Local worked ${(stagesDynamoCpu / floor.dynamoCpuMs).toFixed(1)}× as long for the cycle as for the floor`,
    );
  }
  printGrowth(
    keepResult({
      label: schools === undefined ? 'example' : String(schools),
      schools: schoolsInCycle,
      stagesMs,
      floorMs: floor.ms,
      at: new Date().toISOString(),
      commit: commitOf(),
    }),
  );

  // Cost of one cycle (a term), from what the run measured.
  const perTerm = 1 / terms.length;
  const gbSeconds = figures.reduce((s, f) => s + ((memoryOf(f.state) ?? 0) / 1024) * (f.ms / 1000), 0) * perTerm;
  const invocations = figures.reduce((s, f) => s + f.invocations, 0) * perTerm;
  const lines: [string, number, string][] = [
    ['Step Functions state transitions', transitions * perTerm, '$0.025 per 1,000'],
    ['Lambda GB-seconds (arm64)', gbSeconds, '$0.0000133334 each'],
    ['Lambda requests', invocations, '$0.20 per million'],
    ['DynamoDB write request units', reading.writeUnits * perTerm, '$0.625 per million'],
    ['DynamoDB read request units', reading.readUnits * perTerm, '$0.125 per million'],
    ['SES messages', emails * perTerm, '$0.10 per 1,000'],
    ['S3 objects written (reports, archive, batches)', s3Objects * perTerm, '$0.005 per 1,000'],
  ];
  const unitPrice = [
    PRICES.stateTransition,
    PRICES.lambdaGbSecondArm,
    PRICES.lambdaRequest,
    PRICES.writeRequestUnit,
    PRICES.readRequestUnit,
    PRICES.sesMessage,
    PRICES.s3Put,
  ];
  console.log(
    `\n  AWS cost of one cycle of ${schoolsInCycle.toLocaleString('en-GB')} schools (the mean of the ${terms.length} terms run), at list prices in US East (N. Virginia):`,
  );
  let total = 0;
  lines.forEach(([what, count, price], i) => {
    const cost = count * unitPrice[i]!;
    total += cost;
    console.log(
      `    ${pad(what, 46)} ${Math.round(count).toLocaleString('en-GB').padStart(12)}  × ${pad(price, 22)} ${money(cost).padStart(9)}`,
    );
  });
  console.log(`    ${pad('total', 46)} ${' '.repeat(12)}    ${' '.repeat(22)} ${money(total).padStart(9)}`);
  // Step Functions' limits at this size, from the definition that ran (the stack test holds them at 250, 2,500 and
  // 22,000).
  const config = parseCycleConfig(cdkJsonContext(REPOSITORY_ROOT)[CONTEXT_KEY]);
  const limitInputs = limitInputsFor(config, schoolsInCycle);
  console.log(
    `\n  Step Functions at ${schoolsInCycle.toLocaleString('en-GB')} schools, worst case (every letter a school could be sent, every retry): ${historyEvents(cycle.definition as never, limitInputs).toLocaleString('en-GB')} history events of ${STEP_FUNCTIONS_LIMITS.historyEvents.toLocaleString('en-GB')}, ${notifyInvocations(limitInputs)} notify invocation(s), ${batchesFor(schoolsInCycle, limitInputs.schoolsPerBatch)} batch(es) of each per-school stage`,
  );
  console.log(
    `  The largest state the run passed between states: ${(largestStateBytes / 1024).toFixed(1)} KB of ${STEP_FUNCTIONS_LIMITS.stateBytes / 1024} KB (the limits test allows ${(stateBytes(limitInputs) / 1024).toFixed(1)} KB at this size)`,
  );
  // Lambda at this size, from each stage's declared work scaled to its share of a vCPU (the limits test holds each
  // under half its timeout).
  const longest = (Object.values(STAGES) as StageSpec[])
    .map((spec) => ({ spec, seconds: lambdaSeconds(spec, limitInputs) }))
    .sort((a, b) => b.seconds / b.spec.timeoutSeconds - a.seconds / a.spec.timeoutSeconds)[0]!;
  console.log(
    `  Lambda at this size: the invocation nearest its timeout is ${longest.spec.stateName}'s, ${Math.round(longest.seconds)} s of its ${longest.spec.timeoutSeconds} s (declared work, on its share of a vCPU); the largest payload at most the state, ${(lambdaPayloadBytes(limitInputs) / 1024).toFixed(1)} KB of ${LAMBDA_LIMITS.payloadBytes / 1024 / 1024} MB`,
  );
  console.log(
    `  DynamoDB requests: ${Object.entries(reading.byOperation)
      .map(([op, r]) => `${op} ${r.requests.toLocaleString('en-GB')}`)
      .join(', ')} (both terms)`,
  );
}

/** A bench of its own (scripts/<script>), in a process of its own, its exit code this one's. */
function runBench(script: string, options: string[]): void {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(REPOSITORY_ROOT, 'scripts', script), ...options], {
    cwd: REPOSITORY_ROOT,
    stdio: 'inherit',
  });
  process.exitCode = child.status ?? 1;
}

async function main(): Promise<void> {
  if (args.portal)
    return runBench('portal-bench.ts', [
      ...(args.sessions ? ['--sessions', args.sessions] : []),
      ...(args['school-sessions'] ? ['--school-sessions', args['school-sessions']] : []),
      ...(args['school-pace'] ? ['--school-pace', args['school-pace']] : []),
      ...(args.seconds ? ['--seconds', args.seconds] : []),
    ]);
  if (args.intake) return runBench('intake-bench.ts', args.runs ? ['--runs', args.runs] : []);
  const schools = args.schools === undefined ? undefined : Number(args.schools);
  if (schools !== undefined && (!Number.isInteger(schools) || schools < 250 || schools > MOST_SCHOOLS))
    throw new Error(
      `--schools ${args.schools}: give a whole number from 250 to ${MOST_SCHOOLS} (the most the state machine's timeout is built for)`,
    );
  await benchCycle(schools);
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
