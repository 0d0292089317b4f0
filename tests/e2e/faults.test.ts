/**
 * Faults injected into the end-to-end run: SES throttling in the middle of the letters, an address SES rejects,
 * an intake that must halt, and a Task state with no handler. The main path is the real one; only the fault is fake.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteItemCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AAG_ROUND, AUDIT_TRAIL_KEYED } from '../../functions/adapters/cycle-store';
import { NOTIFY_LOOP } from '../../lib/stages';
import { bindTasks, UnboundTaskError } from '../../local/bind';
import { LocalCycle, type ProgressEvent, REPOSITORY_ROOT, type TermRunResult } from '../../local/local-cycle';
import { freePort } from '../../local/services';
import { templateFunctions } from '../../local/template';
import { SES_EVENTS, SES_MAIL } from '../fixtures/ses-events';
import { scan, tableOf } from './local-store';
import { type FaultProxy, startSesFaultProxy } from './ses-fault-proxy';
import { sharedDynamoDb } from './shared-dynamodb';

// A whole term through the state machine takes seconds on an idle machine and far longer on two busy shared cores:
// the limit only has to catch a hang.
vi.setConfig({ testTimeout: 180_000 });

const FIXTURE = join(REPOSITORY_ROOT, 'tests/fixtures/mini-authority');
const AUTUMN_LETTERS = 8;

describe('SES faults', () => {
  let work: string;
  let cycle: LocalCycle | undefined;
  let proxy: FaultProxy | undefined;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'sic-faults-'));
  });
  afterEach(async () => {
    await cycle?.stop();
    await proxy?.close();
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  async function startWith(rules: Parameters<typeof startSesFaultProxy>[1]) {
    const sesPort = await freePort();
    proxy = await startSesFaultProxy(`http://127.0.0.1:${sesPort}`, rules);
    cycle = await LocalCycle.start({
      dynamoDb: sharedDynamoDb(),
      dynamoDbPort: await freePort(),
      sesPort,
      retryIntervalMs: 0,
      environment: { AWS_ENDPOINT_URL_SES: proxy.endpoint },
    });
    return cycle;
  }

  it('retries a throttled stage and still sends every letter exactly once', async () => {
    // One letter's every attempt is throttled (the SDK's three, four times over in the handler): more than they
    // retry, so the stage fails with a TransientStageError, the letters in hand are finished or given back, and
    // Step Functions runs the stage again.
    const local = await startWith([
      { bodyContains: encodeURIComponent('head@delta.sch.example'), code: 'Throttling', times: 12 },
    ]);
    const events: ProgressEvent[] = [];
    const result = await local.runTerm('2026-autumn', {
      dataDir: FIXTURE,
      outDir: join(work, 'throttled'),
      decisions: 'agree',
      onEvent: (e) => events.push(e),
    });
    expect(result.status).toBe('succeeded');
    expect(proxy!.faults).toBe(12);
    expect(events).toContainEqual({ type: 'state-retried', state: 'Notify category changes', attempt: 1 });
    expect(result.emails).toHaveLength(AUTUMN_LETTERS);
    expect(new Set(result.emails).size).toBe(AUTUMN_LETTERS);
    // The letters the first attempt sent are found sent by the second, not sent again, and counted as this run's:
    // the run sent every letter, none before it.
    if (result.status !== 'succeeded') return;
    const records = await scan(local, tableOf(local, 'SENT_EMAILS_TABLE'));
    expect(new Set(records.map((r) => r.sentByRun)).size).toBe(1);
    expect(result.summary).toMatchObject({
      emailsSent: AUTUMN_LETTERS,
      emailsAlreadySent: 0,
      emailsFailed: 0,
      emailsPending: 0,
    });
    expect((await scan(local, tableOf(local, 'SENT_EMAILS_TABLE'))).every((r) => r.status === 'sent')).toBe(true);
  });

  it('records an address SES rejects, without the address, and carries on', async () => {
    const local = await startWith([
      {
        bodyContains: encodeURIComponent('head@delta.sch.example'),
        code: 'MessageRejected',
        message: 'Address blacklisted: head@delta.sch.example',
      },
    ]);
    const result = await local.runTerm('2026-autumn', {
      dataDir: FIXTURE,
      outDir: join(work, 'rejected'),
      decisions: 'agree',
    });
    expect(result.status).toBe('succeeded');
    if (result.status === 'succeeded')
      expect(result.summary).toMatchObject({ emailsSent: AUTUMN_LETTERS - 1, emailsFailed: 1 });
    const sent = await scan(local, tableOf(local, 'SENT_EMAILS_TABLE'));
    expect(sent.find((r) => String(r.letterKey).startsWith('2026-autumn#100004#C->D#headteacher#'))).toMatchObject({
      status: 'rejected',
      reason: 'MessageRejected: Address blacklisted: <address>',
    });
    expect(JSON.stringify(sent)).not.toContain('head@delta.sch.example');
    // The notify function logged the rejection for the LettersRejected alarm's metric filter.
    expect(readFileSync(join(work, 'rejected', '2026-autumn', 'function-logs.txt'), 'utf8')).toMatch(
      /\[Notify category changes\] .*"letter rejected".*"lettersRejected":1/,
    );
  });

  it('stops the run when SES pauses sending mid-term, marks no letter failed, and a rerun once it resumes sends each letter once', async () => {
    const rules: Parameters<typeof startSesFaultProxy>[1] = [
      { requests: { from: 4, to: 10_000 }, code: 'AccountSendingPausedException' },
    ];
    const local = await startWith(rules);
    const paused = await local.runTerm('2026-autumn', {
      dataDir: FIXTURE,
      outDir: join(work, 'paused'),
      decisions: 'agree',
    });
    expect(paused).toMatchObject({ status: 'failed', error: 'SesNotSending' });
    if (paused.status !== 'failed') return;
    expect(paused.cause).toContain(
      'SES is not sending letters (AccountSendingPausedException: Email sending is disabled for this account.), so this run has stopped: 3 letters were sent before it did, and no letter is marked as failed.',
    );
    expect(paused.cause).toContain('aws sesv2 put-account-sending-attributes --sending-enabled');
    const records = await scan(local, tableOf(local, 'SENT_EMAILS_TABLE'));
    expect(records.filter((r) => r.status === 'sent')).toHaveLength(3);
    expect(records.some((r) => r.status === 'rejected' || r.status === 'sending')).toBe(false);
    // SES sends again: the rerun sends the five not yet sent, and finds the three sent.
    rules.length = 0;
    const resumed = await local.runTerm('2026-autumn', {
      dataDir: FIXTURE,
      outDir: join(work, 'resumed'),
      decisions: 'agree',
    });
    expect(resumed.status).toBe('succeeded');
    if (resumed.status === 'succeeded')
      expect(resumed.summary).toMatchObject({ emailsSent: AUTUMN_LETTERS - 3, emailsAlreadySent: 3, emailsFailed: 0 });
    const all = [...paused.emails, ...resumed.emails].map((p) => p.split('/').at(-1));
    expect(new Set(all).size).toBe(AUTUMN_LETTERS);
    expect(all).toHaveLength(AUTUMN_LETTERS);
  });

  it('stops the run when SES answers as the sandbox does (a recipient not verified), keeping no address', async () => {
    const local = await startWith([
      {
        bodyContains: encodeURIComponent('head@delta.sch.example'),
        code: 'MessageRejected',
        message:
          'Email address is not verified. The following identities failed the check in region EU-WEST-2: head@delta.sch.example',
      },
    ]);
    const result = await local.runTerm('2026-autumn', {
      dataDir: FIXTURE,
      outDir: join(work, 'sandbox'),
      decisions: 'agree',
    });
    expect(result).toMatchObject({ status: 'failed', error: 'SesNotSending' });
    if (result.status === 'failed') {
      expect(result.cause).toContain('following identities failed the check in region EU-WEST-2: <address>');
      expect(result.cause).toContain('the SES sandbox');
      expect(result.cause).not.toContain('head@delta.sch.example');
    }
    const records = await scan(local, tableOf(local, 'SENT_EMAILS_TABLE'));
    expect(records.some((r) => r.status === 'rejected')).toBe(false);
  });
});

const HALTS = [
  {
    why: 'the register is missing',
    spoil: (dir: string) => rmSync(join(dir, 'register.csv')),
    cause: 'register.csv (or .xlsx) is missing',
  },
  {
    why: 'more than a quarter of the contacts are rejected',
    spoil: (dir: string) => {
      const lines = readFileSync(join(dir, 'contacts.csv'), 'utf8').split('\n');
      writeFileSync(
        join(dir, 'contacts.csv'),
        lines.map((line, i) => (i > 0 && i % 3 === 0 ? line.replace('@', ' at ') : line)).join('\n'),
      );
    },
    cause: 'contacts.csv: 6 of 18 rows (33%) were rejected, more than the 25% allowed',
  },
];

describe.each(HALTS)('an intake that must halt because $why', ({ spoil, cause }) => {
  let cycle: LocalCycle;
  let work: string;
  let result: TermRunResult;
  const events: ProgressEvent[] = [];
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'sic-halt-'));
    cpSync(join(FIXTURE, '2026-autumn'), join(work, 'data'), { recursive: true });
    spoil(join(work, 'data'));
    cycle = await LocalCycle.start({
      dynamoDb: sharedDynamoDb(),
      dynamoDbPort: await freePort(),
      sesPort: await freePort(),
      retryIntervalMs: 0,
    });
    result = await cycle.runTerm('2026-autumn', {
      dataDir: join(work, 'data'),
      outDir: join(work, 'out'),
      onEvent: (e) => events.push(e),
    });
  });
  afterAll(async () => {
    await cycle?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('fails the run, saying which file and why', () => {
    expect(result).toMatchObject({ status: 'failed', error: 'IntakeHalted' });
    if (result.status === 'failed') expect(result.cause).toContain(cause);
  });

  it('never reports the failed stage as passed', () => {
    const intake = events.filter((e) => 'state' in e && e.state === 'Data intake');
    expect(intake.map((e) => e.type)).toEqual(['state-entered', 'state-failed', 'state-caught', 'state-exited']);
    expect(intake.at(-1)).toMatchObject({ type: 'state-exited', caught: true });
  });

  it('changes no category and sends no email', async () => {
    expect(await scan(cycle, tableOf(cycle, 'ASSESSMENTS_TABLE'))).toEqual([]);
    expect(await scan(cycle, tableOf(cycle, 'CATEGORY_HISTORY_TABLE'))).toEqual([]);
    expect(await scan(cycle, tableOf(cycle, 'SENT_EMAILS_TABLE'))).toEqual([]);
    expect(result.emails).toEqual([]);
  });

  it('records the failed run', async () => {
    const items = await scan(cycle, tableOf(cycle, 'CYCLE_RUNS_TABLE'));
    // Beside the run, the term's mark that its audit entries carry the index's key (it was first run by this version).
    expect(items.filter((r) => r.startedAt === AUDIT_TRAIL_KEYED)).toEqual([
      { term: '2026-autumn', startedAt: AUDIT_TRAIL_KEYED },
    ]);
    const runs = items.filter((r) => r.startedAt !== AUDIT_TRAIL_KEYED);
    expect(runs).toEqual([
      expect.objectContaining({ term: '2026-autumn', status: 'failed', stage: 'Data intake', error: 'IntakeHalted' }),
    ]);
    // The error, the stage and the execution (for the team to follow its stages in the portal), never the run's state.
    expect(String(runs[0]!.executionId)).toMatch(/^local:2026-autumn:/);
    expect(Object.keys(runs[0]!).sort()).toEqual([
      'cause',
      'error',
      'executionId',
      'finishedAt',
      'stage',
      'startedAt',
      'status',
      'term',
    ]);
  });
});

describe('binding', () => {
  it("refuses a Task state whose resource is not one of the stack's functions", async () => {
    const cycle = await LocalCycle.start({
      dynamoDb: sharedDynamoDb(),
      dynamoDbPort: await freePort(),
      sesPort: await freePort(),
    });
    try {
      const functions = templateFunctions(cycle.template);
      const definition = structuredClone(cycle.definition);
      definition.States['AAG brokering']!.Resource = 'arn:aws:lambda:eu-west-2:000000000000:function:NotInTheStack';
      await expect(
        bindTasks(definition, functions, { repositoryRoot: REPOSITORY_ROOT, localEnvironment: {} }),
      ).rejects.toThrow(UnboundTaskError);
      await expect(
        bindTasks(definition, functions, { repositoryRoot: REPOSITORY_ROOT, localEnvironment: {} }),
      ).rejects.toThrow("'AAG brokering'");
      const withoutNotify = new Map([...functions].filter(([, f]) => f.entry !== 'functions/handlers/notify.ts'));
      await expect(
        bindTasks(cycle.definition, withoutNotify, { repositoryRoot: REPOSITORY_ROOT, localEnvironment: {} }),
      ).rejects.toThrow("'Notify category changes'");
    } finally {
      await cycle.stop();
    }
  });
});

describe("an AAG's decisions about another district's schools", () => {
  it('are refused when the round closes, naming who put them in, and the other district keeps its proposals', async () => {
    const work = mkdtempSync(join(tmpdir(), 'sic-forged-'));
    const cycle = await LocalCycle.start({
      dynamoDb: sharedDynamoDb(),
      dynamoDbPort: await freePort(),
      sesPort: await freePort(),
    });
    try {
      const events: ProgressEvent[] = [];
      // Ashdown's AAG puts its decisions in (under Ashdown, the only district its access reaches), overriding a
      // Riverton school; Riverton's AAG does not answer.
      const result = await cycle.runTerm('2026-autumn', {
        dataDir: FIXTURE,
        outDir: join(work, 'out'),
        onEvent: (e) => events.push(e),
        decisions: new Map([
          [
            'Ashdown',
            {
              submittedBy: 'arn:aws:sts::111122223333:assumed-role/AshdownAag/member',
              decisions: [
                {
                  urn: '100004',
                  decision: 'override' as const,
                  category: 'A',
                  rationale: 'Looks fine to us',
                  decidedBy: 'A Member (Ashdown AAG)',
                },
              ],
            },
          ],
        ]),
      });
      expect(result.status).toBe('succeeded');
      // The state carries only how many were refused; the round keeps what was refused and why, for the report.
      const closed = events.find((e) => e.type === 'state-exited' && e.state === 'Close the AAG round') as {
        output: { aagRound: { problems: number; decided: number; districts: number; accepted: number } };
      };
      expect(closed.output.aagRound).toEqual({ problems: 1, decided: 1, districts: 2, accepted: 0 });
      const round = (await scan(cycle, tableOf(cycle, 'MODERATION_TABLE'))).find(
        (item) => item.term === '2026-autumn' && item.district === AAG_ROUND,
      );
      expect(round).toMatchObject({
        problemCount: 1,
        problems: [
          "Ashdown: URN 100004 is not a school of this district (it is Riverton's); the decision put in for the Ashdown AAG by arn:aws:sts::111122223333:assumed-role/AshdownAag/member (decided by A Member (Ashdown AAG)) was refused",
        ],
      });
      expect(readFileSync(join(work, 'out', '2026-autumn', 'report.html'), 'utf8')).toContain(
        'AAG decisions not applied (1)',
      );
      const delta = readFileSync(join(work, 'out', '2026-autumn', 'assessments.csv'), 'utf8')
        .split('\r\n')
        .find((line) => line.includes(',100004,'))!;
      // Riverton's AAG did not answer: Delta's proposal stands, undecided, never agreed by another district's AAG.
      expect(delta).toContain(',D,none by the deadline,D,yes,');
    } finally {
      await cycle.stop();
      rmSync(work, { recursive: true, force: true });
    }
  });
});

describe('letters: never lost, never twice', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'sic-letters-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('sends a letter whose claim a dead run left unfinished once its lease has run out, and not before, waiting within the run for the lease to end', {
    timeout: 240_000,
  }, async () => {
    const sesPort = await freePort();
    // One letter's send dies after the claim: the run fails with that letter claimed and no message id; the letters
    // in hand with it are finished (those already with SES) or given back (those waiting for their turn).
    const proxy = await startSesFaultProxy(`http://127.0.0.1:${sesPort}`, [
      { bodyContains: encodeURIComponent('head@delta.sch.example'), code: 'InvocationKilled', times: 1 },
    ]);
    const cycle = await LocalCycle.start({
      storeDir: join(work, 'store'),
      dynamoDbPort: await freePort(),
      sesPort,
      environment: { AWS_ENDPOINT_URL_SES: proxy.endpoint },
    });
    try {
      const run = (
        name: string,
        lease: string,
        more: { leaseWaitMs?: number; onEvent?: (e: { type: string; state: string }) => void } = {},
      ) =>
        cycle.runTerm('2026-autumn', {
          dataDir: FIXTURE,
          outDir: join(work, name),
          decisions: 'agree',
          environment: { LETTER_CLAIM_LEASE_SECONDS: lease },
          ...more,
        });
      const killed = await run('killed', '3600');
      expect(killed).toMatchObject({ status: 'failed', error: 'InvocationKilled' });
      expect((await scan(cycle, tableOf(cycle, 'CYCLE_RUNS_TABLE'))).find((r) => r.status === 'failed')).toMatchObject({
        stage: 'Notify category changes',
        error: 'InvocationKilled',
      });
      const sentBefore = killed.emails.length;
      expect(sentBefore).toBeLessThan(AUTUMN_LETTERS - 1);
      const recorded = await scan(cycle, tableOf(cycle, 'SENT_EMAILS_TABLE'));
      expect(recorded.filter((r) => r.status === 'sent')).toHaveLength(sentBefore);
      const stuck = recorded.filter((r) => r.status === 'sending');
      expect(stuck).toHaveLength(1);
      expect(stuck[0]!.messageId).toBeUndefined();
      expect(String(stuck[0]!.letterKey)).toMatch(/^2026-autumn#100004#C->D#headteacher#/);

      // Within the lease the claim may still belong to a live run: the letter is neither sent nor forgotten. (The run
      // waits out the lease, three times, and reports it pending: here the waits are cut short.)
      const earlyStarted = Date.now();
      let reachedLetters = Infinity;
      const early = await run('early', '3600', {
        leaseWaitMs: 0,
        onEvent: (e) => {
          if (e.type === 'state-entered' && e.state === 'Notify category changes')
            reachedLetters = Math.min(reachedLetters, Date.now() - earlyStarted);
        },
      });
      expect(reachedLetters).toBeLessThan(Infinity);
      expect(early.status).toBe('succeeded');
      if (early.status === 'succeeded')
        expect(early.summary).toMatchObject({
          emailsSent: AUTUMN_LETTERS - 1 - sentBefore,
          emailsAlreadySent: sentBefore,
          emailsPending: 1,
        });

      // A run that finds the claim within its lease waits until the lease ends, takes the claim over and sends the
      // letter itself: every letter, each once, and none left for a person to chase.
      // The lease ends well after the run reaches its letters: three times as long from now as the same run just took
      // to reach them, and at least 8 s (a fixed 25 s margin made the test take 34 s, against 17 s).
      const claimedAt = Date.parse(String(stuck[0]!.claimedAt));
      const margin = Math.max(8, Math.ceil((3 * reachedLetters) / 1000));
      const lease = String(Math.ceil((Date.now() - claimedAt) / 1000) + margin);
      const states: string[] = [];
      const late = await run('late', lease, { onEvent: (e) => e.type === 'state-entered' && states.push(e.state) });
      expect(late.status).toBe('succeeded');
      expect(states).toContain(NOTIFY_LOOP.leaseWait);
      expect(states).toContain(NOTIFY_LOOP.afterLease);
      if (late.status === 'succeeded')
        expect(late.summary).toMatchObject({ emailsSent: 1, emailsAlreadySent: AUTUMN_LETTERS - 1, emailsPending: 0 });
      const everyEmail = [...killed.emails, ...early.emails, ...late.emails].map((p) => p.split('/').pop());
      expect(everyEmail).toHaveLength(AUTUMN_LETTERS);
      expect(new Set(everyEmail).size).toBe(AUTUMN_LETTERS);
      const records = await scan(cycle, tableOf(cycle, 'SENT_EMAILS_TABLE'));
      expect(records.every((r) => r.status === 'sent' && typeof r.messageId === 'string')).toBe(true);
      expect(records.filter((r) => r.reclaimedFrom)).toHaveLength(1);
    } finally {
      await cycle.stop();
      await proxy.close();
    }
  });

  it('honours letters an earlier version recorded under its key without the address: a store upgraded in place sends them again to nobody', async () => {
    const cycle = await LocalCycle.start({
      storeDir: join(work, 'store-legacy'),
      dynamoDbPort: await freePort(),
      sesPort: await freePort(),
    });
    try {
      const first = await cycle.runTerm('2026-autumn', {
        dataDir: FIXTURE,
        outDir: join(work, 'legacy-first'),
        decisions: 'agree',
      });
      expect(first.emails).toHaveLength(AUTUMN_LETTERS);
      // Rewrite every record as the earlier version kept it: keyed by term, school, change and role only.
      const table = tableOf(cycle, 'SENT_EMAILS_TABLE');
      const client = new DynamoDBClient(cycle.dynamoDbClientConfig);
      const records = await scan(cycle, table);
      for (const record of records) {
        const letterKey = String(record.letterKey);
        expect(letterKey).toMatch(/#[0-9a-f]{16}$/);
        await client.send(new DeleteItemCommand({ TableName: table, Key: { letterKey: { S: letterKey } } }));
        await client.send(
          new PutItemCommand({
            TableName: table,
            Item: marshall({ ...record, letterKey: letterKey.replace(/#[0-9a-f]{16}$/, '') }),
          }),
        );
      }
      client.destroy();
      const second = await cycle.runTerm('2026-autumn', {
        dataDir: FIXTURE,
        outDir: join(work, 'legacy-second'),
        decisions: 'agree',
      });
      expect(second.status).toBe('succeeded');
      expect(second.emails).toEqual([]);
      expect(second.status === 'succeeded' && second.summary).toMatchObject({
        emailsSent: 0,
        emailsAlreadySent: AUTUMN_LETTERS,
      });
    } finally {
      await cycle.stop();
    }
  });

  it('writes to a new headteacher appointed between two runs of a term, and to nobody else', async () => {
    const data = join(work, 'data');
    cpSync(join(FIXTURE, '2026-autumn'), join(data, '2026-autumn'), { recursive: true });
    const cycle = await LocalCycle.start({
      storeDir: join(work, 'store-new-head'),
      dynamoDbPort: await freePort(),
      sesPort: await freePort(),
    });
    try {
      const first = await cycle.runTerm('2026-autumn', {
        dataDir: data,
        outDir: join(work, 'first'),
        decisions: 'agree',
      });
      expect(first.emails).toHaveLength(AUTUMN_LETTERS);
      const contacts = join(data, '2026-autumn', 'contacts.csv');
      const before = readFileSync(contacts, 'utf8');
      const after = before.replace(
        /^100004,Headteacher,[^,]*,[^\r\n]*/m,
        '100004,Headteacher,Nia New,new.head@delta.sch.example',
      );
      expect(after).not.toBe(before);
      writeFileSync(contacts, after);
      const second = await cycle.runTerm('2026-autumn', {
        dataDir: data,
        outDir: join(work, 'second'),
        decisions: 'agree',
      });
      expect(second.status).toBe('succeeded');
      expect(second.emails.map((p) => p.split('/').pop())).toEqual(['100004-headteacher.eml']);
      expect(readFileSync(second.emails[0]!, 'utf8')).toContain('new.head@delta.sch.example');
    } finally {
      await cycle.stop();
    }
  });
});

describe("SES's events about the letters", () => {
  it('records a bounce against its letter, keeps it over a later delivery, and the next report lists it for officers', async () => {
    const work = mkdtempSync(join(tmpdir(), 'sic-bounce-'));
    const cycle = await LocalCycle.start({
      storeDir: join(work, 'store'),
      dynamoDbPort: await freePort(),
      sesPort: await freePort(),
    });
    try {
      const run = { dataDir: FIXTURE, outDir: join(work, 'out'), decisions: 'agree' as const };
      expect((await cycle.runTerm('2026-autumn', run)).status).toBe('succeeded');
      const letter = (await scan(cycle, tableOf(cycle, 'SENT_EMAILS_TABLE'))).find((r) =>
        String(r.letterKey).startsWith('2026-autumn#100004#C->D#headteacher#'),
      )!;
      // SES's event as the stack's topic hands it to the function: an SNS record whose message is the event.
      const asSns = (record: object, messageId = letter.messageId) => ({
        Records: [
          {
            EventSource: 'aws:sns',
            EventVersion: '1.0',
            EventSubscriptionArn: 'arn:aws:sns:eu-west-2:123456789012:SesEvents:1',
            Sns: {
              Type: 'Notification',
              MessageId: 'm-1',
              TopicArn: 'arn:aws:sns:eu-west-2:123456789012:SesEvents',
              Subject: null,
              Message: JSON.stringify({ ...record, mail: { ...SES_MAIL, messageId } }),
              Timestamp: '2026-09-03T06:02:05.000Z',
            },
          },
        ],
      });

      expect(await cycle.invoke('functions/handlers/letter-events.ts', asSns(SES_EVENTS.bounce), run)).toEqual([
        { recorded: true, outcome: 'bounced' },
      ]);
      expect(await cycle.invoke('functions/handlers/letter-events.ts', asSns(SES_EVENTS.delivery), run)).toEqual([
        { recorded: true, outcome: 'delivered' },
      ]);
      expect(
        await cycle.invoke('functions/handlers/letter-events.ts', asSns(SES_EVENTS.bounce, 'not-one-of-ours'), run),
      ).toEqual([{ recorded: false, outcome: 'bounced' }]);

      const record = (await scan(cycle, tableOf(cycle, 'SENT_EMAILS_TABLE'))).find(
        (r) => r.letterKey === letter.letterKey,
      )!;
      expect(record).toMatchObject({
        status: 'sent',
        outcome: 'bounced',
        outcomeDetail: 'Permanent bounce (General)',
        needsFollowUp: true,
      });

      const rerun = await cycle.runTerm('2026-autumn', { ...run, outDir: join(work, 'rerun') });
      expect(rerun.status).toBe('succeeded');
      if (rerun.status === 'succeeded') expect(rerun.summary).toMatchObject({ emailsSent: 0, lettersToFollowUp: 1 });
      const report = readFileSync(join(work, 'rerun', '2026-autumn', 'report.html'), 'utf8');
      expect(report).toContain('<caption>Letters that did not reach their reader</caption>');
      expect(report).toContain(
        '<td>100004</td><td>headteacher</td><td>Permanent bounce (General)</td><td>2026-09-03T06:02:05.000Z</td>',
      );
    } finally {
      await cycle.stop();
      rmSync(work, { recursive: true, force: true });
    }
  });
});

describe('one run of a term at a time', () => {
  it('refuses a second start of a term that is running, and runs the term again once the first has finished', async () => {
    const work = mkdtempSync(join(tmpdir(), 'sic-twice-'));
    const cycle = await LocalCycle.start({
      dynamoDb: sharedDynamoDb(),
      dynamoDbPort: await freePort(),
      sesPort: await freePort(),
    });
    try {
      const run = (name: string) =>
        cycle.runTerm('2026-autumn', { dataDir: FIXTURE, outDir: join(work, name), decisions: 'agree' });
      // The schedule and an officer start the same term at once.
      const [first, second] = await Promise.all([
        run('first'),
        new Promise((r) => setTimeout(r, 50)).then(() => run('second')),
      ]);
      expect(first.status).toBe('succeeded');
      expect(second).toMatchObject({ status: 'failed', error: 'TermAlreadyRunning' });
      if (second.status === 'failed')
        expect(second.cause).toMatch(
          /^2026-autumn is already being run \(execution local:2026-autumn:.*\): a second run at the same time would interleave its writes with the first's\./,
        );
      const sent = await scan(cycle, tableOf(cycle, 'SENT_EMAILS_TABLE'));
      expect(sent).toHaveLength(AUTUMN_LETTERS);
      const runs = (await scan(cycle, tableOf(cycle, 'CYCLE_RUNS_TABLE'))).filter(
        (r) => r.startedAt !== AUDIT_TRAIL_KEYED,
      );
      expect(runs.map((r) => r.status).sort()).toEqual(['failed', 'succeeded']); // no run is left marked in progress
      const again = await run('again');
      expect(again.status).toBe('succeeded');
      if (again.status === 'succeeded')
        expect(again.summary).toMatchObject({ emailsSent: 0, emailsAlreadySent: AUTUMN_LETTERS });
    } finally {
      await cycle.stop();
      rmSync(work, { recursive: true, force: true });
    }
  });
});

describe('outputs that disagree with each other', () => {
  it("fail the run at the check of the term's outputs, saying what and where, and the run is recorded as failed", async () => {
    const work = mkdtempSync(join(tmpdir(), 'sic-disagree-'));
    // The fault: the reporting stage returns a summary that says one letter more than its report does.
    const cycle = await LocalCycle.start({
      dynamoDb: sharedDynamoDb(),
      dynamoDbPort: await freePort(),
      sesPort: await freePort(),
      inject: (state, _fn, invoke) =>
        state === 'Reporting'
          ? async (event: unknown) => ({ ...((await invoke(event)) as Record<string, number>), emailsSent: 99 })
          : invoke,
    });
    try {
      const events: ProgressEvent[] = [];
      const result = await cycle.runTerm('2026-autumn', {
        dataDir: FIXTURE,
        outDir: join(work, 'out'),
        onEvent: (e) => events.push(e),
      });
      expect(result).toMatchObject({ status: 'failed', error: 'TermOutputsInconsistent' });
      if (result.status === 'failed')
        expect(result.cause).toContain(
          `report.html, the term in figures: "Letters sent this run" is 3, but summary.json's emailsSent is 99`,
        );
      expect(events.some((e) => e.type === 'state-failed' && e.state === "Check the term's outputs")).toBe(true);
      const runs = (await scan(cycle, tableOf(cycle, 'CYCLE_RUNS_TABLE'))).filter(
        (r) => r.startedAt !== AUDIT_TRAIL_KEYED,
      );
      expect(runs).toMatchObject([
        { status: 'failed', stage: "Check the term's outputs", error: 'TermOutputsInconsistent' },
      ]);
    } finally {
      await cycle.stop();
      rmSync(work, { recursive: true, force: true });
    }
  });
});
