/**
 * The audit trail in DynamoDB (partition `subject`, sort `entryId`). Entries are put once each, on the condition
 * that they are not there already, a hundred to a transaction: a retried function adds nothing twice, and nothing is
 * ever changed or deleted
 * (the stage functions hold PutItem only). Each entry expires after AUDIT_RETENTION_YEARS.
 *
 * An entry about a school also carries the key of the index by term (`termShard`: its term and one of
 * AUDIT_SHARDS shards of its URN, sorted by subject), so that a batch's school pages read their schools' trails a
 * range of URNs a shard and term at a time, not a query a school. The shards spread a term's entries over sixteen
 * partitions of the index: a term's batches write thousands of entries a second, more than one partition takes.
 */
import type { AuditEntry } from '../core/audit/trail';
import type { SchoolBatch } from '../core/batches';
import { TABLE_INDEXES, tableName } from './config';
import { type AuditTrailTerm, cycleRunTerms } from './cycle-store';
import { expiresIn, type Item, mapLimit, putAllIfAbsent, queryPartition } from './dynamo';

const YEAR_SECONDS = 365.25 * 24 * 3600;

/** How many partitions of the index a term's entries are spread over. */
export const AUDIT_SHARDS = 16;

/** The index key of an entry about a school: its term and its URN's shard. An entry about the whole term has none. */
export function termShardOf(entry: Pick<AuditEntry, 'subject' | 'term'>): string | undefined {
  // Only a school's entries (a URN) are indexed: not the term's (`term:`) nor the portal's (`portal:`).
  if (entry.subject.includes(':')) return undefined;
  let hash = 0;
  for (let i = 0; i < entry.subject.length; i += 1) hash = (hash * 31 + entry.subject.charCodeAt(i)) >>> 0;
  return `${entry.term}#${String(hash % AUDIT_SHARDS).padStart(2, '0')}`;
}

/** The entries as the table holds them: each with its expiry and, about a school, its index key. */
function stored(entries: readonly AuditEntry[], env: NodeJS.ProcessEnv): Item[] {
  const expiresAt = expiresIn(Number(env.AUDIT_RETENTION_YEARS ?? '7') * YEAR_SECONDS);
  return entries.map((e) => {
    const termShard = termShardOf(e);
    return { ...e, expiresAt, ...(termShard ? { termShard } : {}) };
  });
}

/** Adds the entries; returns how many were new. */
export async function appendToAuditTrail(
  entries: readonly AuditEntry[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return putAllIfAbsent(tableName('auditTrail', env), stored(entries, env), { partition: 'subject', sort: 'entryId' });
}

/**
 * One entry as a put where none is yet (updateWithPutIfAbsent), for a write that must go with another in one
 * transaction: a letter's record that it was sent, and its entry.
 */
export function auditTrailPut(
  entry: AuditEntry,
  env: NodeJS.ProcessEnv = process.env,
): { table: string; item: Item; partition: string } {
  return { table: tableName('auditTrail', env), item: stored([entry], env)[0]!, partition: 'subject' };
}

type StoredEntry = AuditEntry & { expiresAt?: number; termShard?: string };
const asEntry = ({ expiresAt: _expires, termShard: _shard, ...e }: StoredEntry): AuditEntry => e;

/** Every entry about a subject (a URN, or `term:<term>`), in order. */
export async function auditTrailOf(subject: string): Promise<AuditEntry[]> {
  const items = await queryPartition<StoredEntry>(tableName('auditTrail'), 'subject', subject);
  return items.map(asEntry);
}

/** How many queries a batch's trails take at once. */
const QUERIES_AT_ONCE = 16;

/**
 * The audit trails of a batch's schools (every term's entries about each), by URN, each in order. When every term
 * the cycle-runs table knows was keyed from its first run, from the index: AUDIT_SHARDS range queries a term, over
 * the batch's URNs. Otherwise (a store an earlier version wrote some term of) a query a school, as before the index.
 * `known`: the terms, where the caller has read them already (cycleRunTerms); otherwise they are read here.
 */
export async function auditTrailsOf(
  batch: SchoolBatch,
  urns: readonly string[],
  known?: readonly AuditTrailTerm[],
): Promise<Map<string, AuditEntry[]>> {
  const table = tableName('auditTrail');
  const terms = known ?? (await cycleRunTerms()).auditTrail;
  const trails = new Map<string, AuditEntry[]>(urns.map((urn) => [urn, []]));
  if (terms.length === 0 || !terms.every((t) => t.keyed)) {
    await mapLimit(urns, QUERIES_AT_ONCE, async (urn) => trails.set(urn, await auditTrailOf(urn)));
    return trails;
  }
  const partitions = terms.flatMap(({ term }) =>
    Array.from({ length: AUDIT_SHARDS }, (_, shard) => `${term}#${String(shard).padStart(2, '0')}`),
  );
  const found = await mapLimit(partitions, QUERIES_AT_ONCE, (termShard) =>
    queryPartition<StoredEntry>(table, 'termShard', termShard, {
      index: TABLE_INDEXES.auditTrailByTermShard,
      range: { sortKey: 'subject', ...batch },
    }),
  );
  for (const item of found.flat()) trails.get(item.subject)?.push(asEntry(item));
  for (const trail of trails.values())
    trail.sort((a, b) => (a.entryId < b.entryId ? -1 : a.entryId > b.entryId ? 1 : 0));
  return trails;
}
