/**
 * A batch's school pages read their schools' audit trails from the audit trail's index by term and shard, a range
 * of URNs a shard and term at a time, when every term the cycle-runs table knows was keyed from its first run; a
 * store an earlier version wrote some term of is read a school at a time, as before. DynamoDB's answers are given
 * here; tests/e2e/school-batches.test.ts reads the index in DynamoDB Local.
 */
import {
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AUDIT_SHARDS, appendToAuditTrail, auditTrailsOf, termShardOf } from '../../functions/adapters/audit-trail';
import { TABLE_INDEXES } from '../../functions/adapters/config';
import { AUDIT_TRAIL_KEYED, loadRuns, markAuditTrailKeyed } from '../../functions/adapters/cycle-store';
import { documentClient, resetDocumentClient } from '../../functions/adapters/dynamo';
import type { AuditEntry } from '../../functions/core/audit/trail';

const entry = (subject: string, term: string, kind: AuditEntry['kind'], at: string): AuditEntry => ({
  subject,
  entryId: `${term}#${kind}#${at}`,
  term,
  kind,
  at,
  by: 'the risk assessment',
  what: `${kind} for ${subject}`,
});
const stored = (e: AuditEntry) => ({
  ...e,
  expiresAt: 2_000_000_000,
  ...(termShardOf(e) ? { termShard: termShardOf(e) } : {}),
});

/**
 * Answers scans of the cycle-runs table with `runs`, queries of the index or the table from `entries`; keeps what was
 * sent.
 */
function answer(runs: { term: string; startedAt: string }[], entries: AuditEntry[]) {
  const sent: unknown[] = [];
  vi.spyOn(documentClient(), 'send').mockImplementation((async (command: unknown) => {
    sent.push(command);
    if (command instanceof ScanCommand) return { Items: runs };
    if (command instanceof QueryCommand) {
      const input: QueryCommandInput = command.input;
      const {
        ':pk': pk,
        ':from': from,
        ':to': to,
      } = input.ExpressionAttributeValues as Record<string, string | undefined>;
      if (input.TableName === 'cycleRuns') return { Items: runs.filter((r) => r.term === pk) };
      if (input.IndexName === TABLE_INDEXES.auditTrailByTermShard) {
        // The batch's range of URNs (BETWEEN includes both ends), in the shard's partition: within a subject, in the
        // order written, not the entries' own.
        const items = entries
          .map(stored)
          .filter(
            (e) =>
              e.termShard === pk && (from === undefined || e.subject >= from) && (to === undefined || e.subject <= to),
          );
        return { Items: items };
      }
      return { Items: entries.filter((e) => e.subject === pk).map(stored) };
    }
    return {};
  }) as never);
  return sent;
}

beforeEach(() => {
  vi.stubEnv('AUDIT_TRAIL_TABLE', 'auditTrail');
  vi.stubEnv('CYCLE_RUNS_TABLE', 'cycleRuns');
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  resetDocumentClient();
});

const queries = (sent: unknown[]) =>
  sent.filter((c): c is QueryCommand => c instanceof QueryCommand).map((c) => c.input);

describe("the audit trail's index by term and shard", () => {
  it('keys each entry about a school with its term and a shard of its URN, spread over every shard; an entry about the whole term has no key', async () => {
    const sent = answer([], []);
    const urns = Array.from({ length: 400 }, (_, i) => String(100000 + i * 7));
    await appendToAuditTrail([
      ...urns.map((urn) => entry(urn, '2026-autumn', 'proposal', '2026-09-01')),
      entry('term:2026-autumn', '2026-autumn', 'methodology in force', '2026-09-01'),
    ]);
    // A hundred to a transaction; the one left over, a plain conditional put.
    const items = sent.flatMap((c) =>
      c instanceof TransactWriteCommand
        ? c.input.TransactItems!.map((t) => t.Put!.Item!)
        : c instanceof PutCommand
          ? [c.input.Item!]
          : [],
    );
    expect(items).toHaveLength(401);
    expect(items.find((i) => i.subject === 'term:2026-autumn')).not.toHaveProperty('termShard');
    const shards = new Map<string, number>();
    for (const item of items.filter((i) => i.subject !== 'term:2026-autumn')) {
      expect(item.termShard).toMatch(/^2026-autumn#\d\d$/);
      expect(item.termShard).toBe(termShardOf({ subject: String(item.subject), term: '2026-autumn' }));
      shards.set(String(item.termShard), (shards.get(String(item.termShard)) ?? 0) + 1);
    }
    // Every shard used, none with more than twice its share.
    expect(shards.size).toBe(AUDIT_SHARDS);
    expect(Math.max(...shards.values())).toBeLessThanOrEqual((2 * 400) / AUDIT_SHARDS);
  });

  it("reads a batch's trails from the index, a range of URNs a shard and term, when every term was keyed: each school's own entries, in order", async () => {
    const entries = [
      entry('100002', '2026-autumn', 'proposal', '2026-09-01'),
      entry('100002', '2026-autumn', 'AAG decision', '2026-10-01'),
      entry('100002', '2027-spring', 'proposal', '2027-01-05'),
      entry('100005', '2026-autumn', 'proposal', '2026-09-01'),
      entry('100009', '2026-autumn', 'proposal', '2026-09-01'),
      entry('100001', '2026-autumn', 'proposal', '2026-09-01'),
    ];
    const runs = [
      { term: '2026-autumn', startedAt: AUDIT_TRAIL_KEYED },
      { term: '2026-autumn', startedAt: '2026-09-01T06:00:00Z' },
      { term: '2027-spring', startedAt: AUDIT_TRAIL_KEYED },
    ];
    const sent = answer(runs, entries);
    const trails = await auditTrailsOf({ from: '100002', to: '100009' }, ['100002', '100005']);
    expect([...trails.keys()]).toEqual(['100002', '100005']);
    expect(trails.get('100002')!.map((e) => e.entryId)).toEqual([
      '2026-autumn#AAG decision#2026-10-01',
      '2026-autumn#proposal#2026-09-01',
      '2027-spring#proposal#2027-01-05',
    ]);
    expect(trails.get('100005')!.map((e) => e.subject)).toEqual(['100005']);
    // The stored attributes that are not the entry's are not handed on.
    expect(trails.get('100002')![0]).toEqual(entries[1]);
    const asked = queries(sent);
    expect(asked.every((q) => q.IndexName === TABLE_INDEXES.auditTrailByTermShard)).toBe(true);
    expect(asked.map((q) => q.ExpressionAttributeValues![':pk']).sort()).toEqual(
      ['2026-autumn', '2027-spring']
        .flatMap((t) => Array.from({ length: AUDIT_SHARDS }, (_, s) => `${t}#${String(s).padStart(2, '0')}`))
        .sort(),
    );
    expect(
      new Set(asked.map((q) => `${q.ExpressionAttributeValues![':from']}..${q.ExpressionAttributeValues![':to']}`)),
    ).toEqual(new Set(['100002..100009']));
  });

  it('reads each school of the batch from the table when any term the store knows was run before the index: its entries carry no key', async () => {
    const entries = [
      entry('100002', '2026-summer', 'proposal', '2026-05-01'),
      entry('100002', '2026-autumn', 'proposal', '2026-09-01'),
    ];
    const runs = [
      { term: '2026-summer', startedAt: '2026-05-01T06:00:00Z' },
      { term: '2026-autumn', startedAt: AUDIT_TRAIL_KEYED },
    ];
    const sent = answer(runs, entries);
    const trails = await auditTrailsOf({ to: '100009' }, ['100002', '100005']);
    expect(trails.get('100002')!.map((e) => e.term)).toEqual(['2026-summer', '2026-autumn']);
    expect(trails.get('100005')).toEqual([]);
    expect(
      queries(sent)
        .map((q) => [q.IndexName, q.ExpressionAttributeValues![':pk']])
        .sort(),
    ).toEqual([
      [undefined, '100002'],
      [undefined, '100005'],
    ]);
  });

  it("marks a term being run for the first time as keyed, before its claim; never a term run before; and leaves the mark out of the term's runs", async () => {
    const puts = (sent: unknown[]) =>
      sent.filter((c): c is PutCommand => c instanceof PutCommand).map((c) => c.input.Item);
    let sent = answer([], []);
    expect(await markAuditTrailKeyed('2026-autumn')).toBe(true);
    expect(puts(sent)).toEqual([{ term: '2026-autumn', startedAt: AUDIT_TRAIL_KEYED }]);
    vi.restoreAllMocks();
    sent = answer([{ term: '2026-autumn', startedAt: '2026-09-01T06:00:00Z' }], []);
    expect(await markAuditTrailKeyed('2026-autumn')).toBe(false);
    expect(puts(sent)).toEqual([]);
    vi.restoreAllMocks();
    const runs = [
      { term: '2026-autumn', startedAt: AUDIT_TRAIL_KEYED },
      { term: '2026-autumn', startedAt: 'in progress' },
    ];
    sent = answer(runs, []);
    expect(await markAuditTrailKeyed('2026-autumn')).toBe(true);
    expect(puts(sent)).toEqual([]);
    expect((await loadRuns('2026-autumn')).map((r) => r.startedAt)).toEqual(['in progress']);
  });
});
