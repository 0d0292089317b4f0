/**
 * Batched DynamoDB access, with DynamoDB's partial answers injected: keys and items it leaves unprocessed are
 * retried (with backoff) until none is left, and an answer that never completes is an error, not a silent loss.
 */
import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { batchGet, documentClient, putAll, resetDocumentClient } from '../../functions/adapters/dynamo';

afterEach(() => {
  vi.restoreAllMocks();
  resetDocumentClient();
});

describe('batched reads and writes', () => {
  it('reads 250 keys in chunks of 100, and asks again for the keys DynamoDB left unprocessed', async () => {
    const calls: number[] = [];
    let throttledOnce = false;
    vi.spyOn(documentClient(), 'send').mockImplementation((async (command: unknown) => {
      const keys = (command as BatchGetCommand).input.RequestItems!.schools!.Keys! as { urn: string }[];
      calls.push(keys.length);
      // The first answer leaves its last ten keys unprocessed, as DynamoDB does under load.
      const [answered, unprocessed] = !throttledOnce && keys.length === 100 ? (throttledOnce = true, [keys.slice(0, 90), keys.slice(90)]) : [keys, []];
      return { Responses: { schools: answered.map((k) => ({ ...k, name: `School ${k.urn}` })) }, UnprocessedKeys: unprocessed.length > 0 ? { schools: { Keys: unprocessed } } : {} };
    }) as never);
    const keys = Array.from({ length: 250 }, (_, i) => ({ urn: String(100000 + i) }));
    const items = await batchGet<{ urn: string }>('schools', keys);
    expect(items.map((i) => i.urn).sort()).toEqual(keys.map((k) => k.urn));
    expect(calls.slice(0, 3).sort((a, b) => b - a)).toEqual([100, 100, 50]);
    expect(calls.slice(3)).toEqual([10]);
  });

  it('writes in chunks of 25, retrying unprocessed items, and says so when they never go', async () => {
    const written: string[] = [];
    vi.spyOn(documentClient(), 'send').mockImplementation((async (command: unknown) => {
      const requests = (command as BatchWriteCommand).input.RequestItems!.assessments! as { PutRequest: { Item: { urn: string } } }[];
      const [done, left] = [requests.slice(0, 20), requests.slice(20)];
      written.push(...done.map((r) => r.PutRequest.Item.urn));
      return { UnprocessedItems: left.length > 0 ? { assessments: left } : {} };
    }) as never);
    const items = Array.from({ length: 60 }, (_, i) => ({ term: '2026-autumn', urn: String(100000 + i) }));
    await putAll('assessments', items);
    expect(written.sort()).toEqual(items.map((i) => i.urn));

    vi.restoreAllMocks();
    resetDocumentClient();
    vi.useFakeTimers();
    try {
      vi.spyOn(documentClient(), 'send').mockImplementation((async (command: unknown) => ({ UnprocessedItems: { assessments: (command as BatchWriteCommand).input.RequestItems!.assessments } })) as never);
      const failing = putAll('assessments', items.slice(0, 3));
      const expectation = expect(failing).rejects.toThrow('batch write to assessments: 3 items still unprocessed after 9 attempts');
      await vi.runAllTimersAsync();
      await expectation;
    } finally {
      vi.useRealTimers();
    }
  });
});
