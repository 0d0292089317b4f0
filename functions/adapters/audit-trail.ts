/**
 * The audit trail in DynamoDB (partition `subject`, sort `entryId`). Entries are put once each, on the condition
 * that they are not there already, a hundred to a transaction: a retried function adds nothing twice, and nothing is ever changed or deleted
 * (the stage functions hold PutItem only). Each entry expires after AUDIT_RETENTION_YEARS.
 */
import type { AuditEntry } from '../core/audit/trail';
import { tableName } from './config';
import { expiresIn, putAllIfAbsent, queryPartition } from './dynamo';

const YEAR_SECONDS = 365.25 * 24 * 3600;

/** Adds the entries; returns how many were new. */
export async function appendToAuditTrail(entries: readonly AuditEntry[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const years = Number(env.AUDIT_RETENTION_YEARS ?? '7');
  const expiresAt = expiresIn(years * YEAR_SECONDS);
  return putAllIfAbsent(tableName('auditTrail', env), entries.map((e) => ({ ...e, expiresAt })), { partition: 'subject', sort: 'entryId' });
}

/** Every entry about a subject (a URN, or `term:<term>`), in order. */
export async function auditTrailOf(subject: string): Promise<AuditEntry[]> {
  const items = await queryPartition<AuditEntry & { expiresAt?: number }>(tableName('auditTrail'), 'subject', subject);
  return items.map(({ expiresAt: _expires, ...e }) => e);
}
