/**
 * The AAGs' notices (functions/handlers/remind-aags.ts) over DynamoDB Local and the local SES, invoked as the hourly
 * schedule invokes them, at chosen times of a round: each member of an area whose chair has not submitted is told
 * once that its proposals are ready and once, three days before the deadline, that its decisions are due; a member SES
 * throttles is told at the next invocation, one whose address SES refuses is not tried again, and an area with no one
 * in its groups is told once people are put in them. Nothing goes to an area that submitted, for a closed round, for
 * an earlier run's request, or after the deadline.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AAG_ROUND } from '../../functions/adapters/cycle-store';
import { EVENT_FUNCTIONS } from '../../lib/stages';
import { examplePeople } from '../../local/identity-provider';
import { LocalCycle } from '../../local/local-cycle';
import { freePort } from '../../local/services';
import { scan, tableOf } from './local-store';
import { type FaultProxy, startSesFaultProxy } from './ses-fault-proxy';
import { sharedDynamoDb } from './shared-dynamodb';

vi.setConfig({ testTimeout: 120_000 });

const TERM = '2026-autumn';
const REQUESTED_AT = '2026-12-07T09:00:00.000Z';
const HOUR = 3_600_000;
const DEADLINE_HOURS = 336;
const REMINDER_HOURS = 72;
const at = (hours: number) => new Date(Date.parse(REQUESTED_AT) + hours * HOUR).toISOString();

type Outcome = { sent: number; areasWithNoOne: string[]; notSent: number };

describe("the AAGs' notices", () => {
  let work: string;
  let cycle: LocalCycle;
  let proxy: FaultProxy;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'sic-aag-notices-'));
    const sesPort = await freePort();
    proxy = await startSesFaultProxy(`http://127.0.0.1:${sesPort}`, [
      // Throttled past every retry: not sent this time.
      { bodyContains: encodeURIComponent('kingsmere-chair@example.org'), code: 'Throttling', times: 12 },
      // Refused for good.
      { bodyContains: encodeURIComponent('ashdown-member@example.org'), code: 'MessageRejected' },
    ]);
    cycle = await LocalCycle.start({
      dynamoDb: sharedDynamoDb(),
      dynamoDbPort: await freePort(),
      sesPort,
      environment: { AWS_ENDPOINT_URL_SES: proxy.endpoint },
    });
    const client = DynamoDBDocumentClient.from(new DynamoDBClient(cycle.dynamoDbClientConfig));
    const table = tableOf(cycle, 'MODERATION_TABLE');
    const put = (item: Record<string, unknown>) => client.send(new PutCommand({ TableName: table, Item: item }));
    const request = (term: string, district: string, requestedAt = REQUESTED_AT) =>
      put({ term, district, requestedAt, proposals: `reports/${term}/proposals/${district.toLowerCase()}.csv` });
    // This term's open round: Eastbrook's chair has submitted; Riverton's request is an earlier run's.
    await put({
      term: TERM,
      district: AAG_ROUND,
      taskToken: 'token',
      requestedAt: REQUESTED_AT,
      districts: 5,
      answered: new Set(['Eastbrook']),
    });
    for (const district of ['Ashdown', 'Eastbrook', 'Kingsmere', 'Northvale']) await request(TERM, district);
    await request(TERM, 'Riverton', '2026-12-01T09:00:00.000Z');
    // Last term's round, closed.
    await put({
      term: '2026-summer',
      district: AAG_ROUND,
      taskToken: 'old',
      requestedAt: REQUESTED_AT,
      districts: 1,
      closedAt: at(2),
    });
    await request('2026-summer', 'Ashdown');
    client.destroy();
  });
  afterAll(async () => {
    await cycle?.stop();
    await proxy?.close();
    rmSync(work, { recursive: true, force: true });
  });

  /** The notices function as the schedule invokes it, at `now`, with these areas' example people in their groups. */
  const remind = (now: string, areas: string[]) =>
    cycle.invoke(
      EVENT_FUNCTIONS.aagReminders.entry,
      { now },
      {
        dataDir: work,
        outDir: work,
        environment: {
          PORTAL_URL: 'https://portal.example.org',
          MODERATION_DEADLINE_HOURS: String(DEADLINE_HOURS),
          AAG_REMINDER_HOURS: String(REMINDER_HOURS),
          LOCAL_PORTAL_PEOPLE: JSON.stringify(
            examplePeople(areas).map(({ name, email, groups }) => ({ name, email, groups })),
          ),
        },
      },
    ) as Promise<Outcome>;
  /** Who each message taken since `from` went to, and its subject. */
  const takenSince = (from: number) =>
    proxy.taken.slice(from).map((raw) => ({
      to: /^To: .*<([^>]+)>/m.exec(raw)?.[1],
      subject: /^Subject: (.*)$/m.exec(raw)?.[1]?.trim(),
    }));
  const body = (raw: string) =>
    raw
      .split(/\r\n--=_letter_[0-9a-f]+/)
      .filter((part) => part.includes('text/plain'))
      .map((part) => Buffer.from(part.split('\r\n\r\n')[1] ?? '', 'base64').toString('utf8'))
      .join('');

  it('tells each member once that the proposals are ready, retrying whom SES throttled, not whom it refused', async () => {
    const first = await remind(at(1), ['Ashdown', 'Eastbrook', 'Kingsmere']);
    expect(first).toEqual({ sent: 2, notSent: 2, areasWithNoOne: ['Northvale'] });
    expect(takenSince(0)).toEqual([
      {
        to: 'ashdown-chair@example.org',
        subject: 'Ashdown AAG: the autumn term 2026 proposals are ready for your decisions',
      },
      {
        to: 'kingsmere-member@example.org',
        subject: 'Kingsmere AAG: the autumn term 2026 proposals are ready for your decisions',
      },
    ]);
    const member = body(proxy.taken[1]!);
    expect(member).toContain('Dear Mark Bell,');
    expect(member).toContain('Decisions are due by 9:00am on 21 Dec 2026.');
    expect(member).toContain('The AAG’s chair submits them');
    expect(member).not.toContain('As the AAG’s chair');
    expect(member).toContain('https://portal.example.org/aag/kingsmere');
    expect(body(proxy.taken[0]!)).toContain('As the AAG’s chair, you submit them');

    // An hour on: the throttled chair, and Northvale's people now in their groups; no one twice.
    const second = await remind(at(2), ['Ashdown', 'Eastbrook', 'Kingsmere', 'Northvale']);
    expect(second).toEqual({ sent: 3, notSent: 0, areasWithNoOne: [] });
    expect(takenSince(2).map((m) => m.to)).toEqual([
      'kingsmere-chair@example.org',
      'northvale-chair@example.org',
      'northvale-member@example.org',
    ]);
    expect(await remind(at(3), ['Ashdown', 'Eastbrook', 'Kingsmere', 'Northvale'])).toEqual({
      sent: 0,
      notSent: 0,
      areasWithNoOne: [],
    });
    const requests = (await scan(cycle, tableOf(cycle, 'MODERATION_TABLE'))).filter((i) => i.term === TERM);
    const marked = (district: string) =>
      [...((requests.find((r) => r.district === district)?.noticesSent as Set<string> | undefined) ?? [])].filter(
        (m) => !m.includes('#'),
      );
    expect(['Ashdown', 'Eastbrook', 'Kingsmere', 'Northvale', 'Riverton'].map(marked)).toEqual([
      ['proposals ready'],
      [],
      ['proposals ready'],
      ['proposals ready'],
      [],
    ]);
  });

  it('reminds each area not submitted once, from three days before its deadline, and no one after it', async () => {
    const areas = ['Ashdown', 'Eastbrook', 'Kingsmere', 'Northvale'];
    const before = proxy.taken.length;
    expect((await remind(at(DEADLINE_HOURS - REMINDER_HOURS - 0.02), areas)).sent).toBe(0);
    const reminded = await remind(at(DEADLINE_HOURS - REMINDER_HOURS), areas);
    // Ashdown's member's address is refused again.
    expect(reminded).toEqual({ sent: 5, notSent: 1, areasWithNoOne: [] });
    expect(new Set(takenSince(before).map((m) => m.subject))).toEqual(
      new Set([
        'Ashdown AAG: decisions due by 9:00am on 21 Dec 2026',
        'Kingsmere AAG: decisions due by 9:00am on 21 Dec 2026',
        'Northvale AAG: decisions due by 9:00am on 21 Dec 2026',
      ]),
    );
    expect(body(proxy.taken[before]!)).toContain('has not yet submitted its decisions');
    expect((await remind(at(DEADLINE_HOURS - 1), areas)).sent).toBe(0);
    expect((await remind(at(DEADLINE_HOURS), areas)).sent).toBe(0);
  });
});
