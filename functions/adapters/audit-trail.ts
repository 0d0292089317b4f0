/**
 * The audit trail in DynamoDB (partition `subject`, sort `entryId`). Entries are put once each, on the condition
 * that they are not there already: a retried function adds nothing twice, and nothing is ever changed or deleted
 * (the stage functions hold PutItem only). Each entry expires after AUDIT_RETENTION_YEARS.
 */
import type { AuditEntry } from '../core/audit/trail';
import { tableName } from './config';
import { mapLimit, putIfAbsent, queryPartition } from './dynamo';

const YEAR_SECONDS = 365.25 * 24 * 3600;

/** Adds the entries; returns how many were new. */
export async function appendToAuditTrail(entries: readonly AuditEntry[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const years = Number(env.AUDIT_RETENTION_YEARS ?? '7');
  const expiresAt = Math.floor(Date.now() / 1000 + years * YEAR_SECONDS);
  const added = await mapLimit(entries, 64, (e) => putIfAbsent(tableName('auditTrail', env), { ...e, expiresAt }, 'subject'));
  return added.filter(Boolean).length;
}

/** Every entry about a subject (a URN, or `term:<term>`), in order. */
export async function auditTrailOf(subject: string): Promise<AuditEntry[]> {
  const items = await queryPartition<AuditEntry & { expiresAt?: number }>(tableName('auditTrail'), 'subject', subject);
  return items.map(({ expiresAt: _expires, ...e }) => e);
}
