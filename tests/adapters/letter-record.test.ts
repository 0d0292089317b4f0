/**
 * A letter's record that SES took it and its audit entry, written together (functions/adapters/sent-emails.ts,
 * markSent) in DynamoDB Local: both or neither, and where the entry is there already, the record alone. The
 * transaction's answers (a cancellation and its reasons) are DynamoDB Local's own, not injected.
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { appendToAuditTrail, termShardOf } from '../../functions/adapters/audit-trail';
import { documentClient, resetDocumentClient } from '../../functions/adapters/dynamo';
import { claimLetter, markSent } from '../../functions/adapters/sent-emails';
import { letterEntry } from '../../functions/core/audit/trail';
import type { Letter } from '../../functions/core/letters/letters';
import { freePort, type LaunchedDynamoDb, LOCAL_CREDENTIALS, launchDynamoDbLocal } from '../../local/services';
import { aLetter } from '../builders';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 90_000 });

const RUN = { term: '2026-autumn', startedAt: '2026-09-10T09:00:00.000Z', executionId: 'local:test' };
const letter = (urn: string): Letter => aLetter(urn);
const entryFor = (l: Letter, at: string, messageId: string) =>
  letterEntry(RUN, { urn: l.urn, role: l.role, change: { from: 'B', to: 'C' }, at, messageId });

describe("a letter's record and its audit entry, in one transaction, in DynamoDB Local", () => {
  let dynamo: LaunchedDynamoDb | undefined;

  beforeAll(async () => {
    dynamo = await launchDynamoDbLocal(await freePort());
    await dynamo.ready;
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamo.endpoint);
    vi.stubEnv('AWS_REGION', 'eu-west-2');
    vi.stubEnv('AWS_ACCESS_KEY_ID', LOCAL_CREDENTIALS.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', LOCAL_CREDENTIALS.secretAccessKey);
    vi.stubEnv('SENT_EMAILS_TABLE', 'sent-emails');
    vi.stubEnv('AUDIT_TRAIL_TABLE', 'audit-trail');
    resetDocumentClient();
    const client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'eu-west-2',
      credentials: LOCAL_CREDENTIALS,
    });
    try {
      await client.send(
        new CreateTableCommand({
          TableName: 'sent-emails',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'letterKey', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'letterKey', KeyType: 'HASH' }],
        }),
      );
      await client.send(
        new CreateTableCommand({
          TableName: 'audit-trail',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'subject', AttributeType: 'S' },
            { AttributeName: 'entryId', AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: 'subject', KeyType: 'HASH' },
            { AttributeName: 'entryId', KeyType: 'RANGE' },
          ],
        }),
      );
    } finally {
      client.destroy();
    }
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    resetDocumentClient();
    await dynamo?.stop();
  });

  const record = async (l: Letter) =>
    (await documentClient().send(new GetCommand({ TableName: 'sent-emails', Key: { letterKey: l.key } }))).Item;
  const entry = async (subject: string, entryId: string) =>
    (await documentClient().send(new GetCommand({ TableName: 'audit-trail', Key: { subject, entryId } }))).Item;

  it('records the letter as sent and puts its entry, keyed for the index and with its expiry', async () => {
    const l = letter('100001');
    expect(await claimLetter(l, new Date('2026-09-10T10:00:00Z'), new Map())).toEqual({ claimed: true });
    const e = entryFor(l, '2026-09-10T10:00:01.000Z', 'm-1');
    await markSent(l, 'm-1', new Date('2026-09-10T10:00:01Z'), e);
    expect(await record(l)).toMatchObject({ status: 'sent', messageId: 'm-1', sentAt: '2026-09-10T10:00:01.000Z' });
    expect(await entry(e.subject, e.entryId)).toMatchObject({
      ...e,
      termShard: termShardOf(e),
      expiresAt: expect.any(Number),
    });
  });

  it('records the letter alone where its entry is there already, and leaves the entry as it was', async () => {
    const l = letter('100002');
    await claimLetter(l, new Date('2026-09-10T10:00:00Z'), new Map());
    const e = entryFor(l, '2026-09-10T10:00:02.000Z', 'm-2');
    expect(await appendToAuditTrail([{ ...e, what: 'put before' }])).toBe(1);
    await markSent(l, 'm-2', new Date('2026-09-10T10:00:02Z'), e);
    expect(await record(l)).toMatchObject({ status: 'sent', messageId: 'm-2' });
    expect((await entry(e.subject, e.entryId))?.what).toBe('put before');
  });

  it('writes no entry when the record cannot be written', async () => {
    const l = letter('100003');
    await claimLetter(l, new Date('2026-09-10T10:00:00Z'), new Map());
    const e = entryFor(l, '2026-09-10T10:00:03.000Z', 'm-3');
    vi.stubEnv('SENT_EMAILS_TABLE', 'no-such-table');
    try {
      await expect(markSent(l, 'm-3', new Date('2026-09-10T10:00:03Z'), e)).rejects.toThrow();
    } finally {
      vi.stubEnv('SENT_EMAILS_TABLE', 'sent-emails');
    }
    expect(await entry(e.subject, e.entryId)).toBeUndefined();
    expect(await record(l)).toMatchObject({ status: 'sending' });
  });
});
