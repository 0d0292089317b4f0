/**
 * Batched DynamoDB access, with DynamoDB's partial answers injected: keys and items it leaves unprocessed are
 * retried (with backoff) until none is left, and an answer that never completes is an error, not a silent loss.
 */
import {
  type BatchGetCommand,
  type BatchWriteCommand,
  type QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  batchGet,
  documentClient,
  PAGE_ITEMS,
  putAll,
  putAllIfAbsent,
  queryOne,
  queryPartition,
  resetDocumentClient,
  updateWithPutIfAbsent,
} from '../../functions/adapters/dynamo';
import { lettersToFollowUp } from '../../functions/adapters/sent-emails';

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
      const throttleNow = !throttledOnce && keys.length === 100;
      if (throttleNow) throttledOnce = true;
      const [answered, unprocessed] = throttleNow ? [keys.slice(0, 90), keys.slice(90)] : [keys, []];
      return {
        Responses: { schools: answered.map((k) => ({ ...k, name: `School ${k.urn}` })) },
        UnprocessedKeys: unprocessed.length > 0 ? { schools: { Keys: unprocessed } } : {},
      };
    }) as never);
    const keys = Array.from({ length: 250 }, (_, i) => ({ urn: String(100000 + i) }));
    const items = await batchGet<{ urn: string }>('schools', keys);
    expect(items.map((i) => i.urn).sort()).toEqual(keys.map((k) => k.urn));
    expect(calls.slice(0, 3).sort((a, b) => b - a)).toEqual([100, 100, 50]);
    expect(calls.slice(3)).toEqual([10]);
  });

  it("asks for only the attributes named, on every request, the unprocessed keys' too", async () => {
    const asked: unknown[] = [];
    let first = true;
    vi.spyOn(documentClient(), 'send').mockImplementation((async (command: unknown) => {
      const { Keys, ...rest } = (command as BatchGetCommand).input.RequestItems!.schools! as {
        Keys: { urn: string }[];
      };
      asked.push(rest);
      const [answered, unprocessed] = first ? [Keys.slice(0, 1), Keys.slice(1)] : [Keys, []];
      first = false;
      return {
        Responses: { schools: answered.map((k) => ({ urn: k.urn, district: 'Ashdown' })) },
        UnprocessedKeys: unprocessed.length > 0 ? { schools: { Keys: unprocessed } } : {},
      };
    }) as never);
    const items = await batchGet<{ urn: string }>(
      'schools',
      [{ urn: '100001' }, { urn: '100002' }],
      ['urn', 'district'],
    );
    expect(items).toHaveLength(2);
    expect(asked).toEqual(
      [0, 1].map(() => ({
        ProjectionExpression: '#urn, #district',
        ExpressionAttributeNames: { '#urn': 'urn', '#district': 'district' },
      })),
    );
  });

  it('writes in chunks of 25, retrying unprocessed items, and says so when they never go', async () => {
    const written: string[] = [];
    vi.spyOn(documentClient(), 'send').mockImplementation((async (command: unknown) => {
      const requests = (command as BatchWriteCommand).input.RequestItems!.assessments! as {
        PutRequest: { Item: { urn: string } };
      }[];
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
      vi.spyOn(documentClient(), 'send').mockImplementation((async (command: unknown) => ({
        UnprocessedItems: { assessments: (command as BatchWriteCommand).input.RequestItems!.assessments },
      })) as never);
      const failing = putAll('assessments', items.slice(0, 3));
      const expectation = expect(failing).rejects.toThrow(
        'batch write to assessments: 3 items still unprocessed after 9 attempts',
      );
      await vi.runAllTimersAsync();
      await expectation;
    } finally {
      vi.useRealTimers();
    }
  });

  it("reads a batch's range of a partition with one key condition, leaving out the key that starts the next batch, and filters as asked", async () => {
    const inputs: QueryCommand['input'][] = [];
    vi.spyOn(documentClient(), 'send').mockImplementation((async (command: unknown) => {
      inputs.push((command as QueryCommand).input);
      // DynamoDB's BETWEEN includes both ends: the item at `to` comes back, and is the next batch's.
      return {
        Items: [
          { term: 't', urn: '100003' },
          { term: 't', urn: '100005' },
          { term: 't', urn: '100007' },
        ],
      };
    }) as never);
    const items = await queryPartition<{ urn: string }>('schools', 'term', 't', {
      range: { sortKey: 'urn', from: '100003', to: '100007' },
      filter: { condition: '#kind IN (:k0)', names: { '#kind': 'kind' }, values: { ':k0': 'inspection' } },
    });
    expect(items.map((i) => i.urn)).toEqual(['100003', '100005']);
    expect(inputs[0]).toMatchObject({
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      FilterExpression: '#kind IN (:k0)',
      ExpressionAttributeNames: { '#pk': 'term', '#sk': 'urn', '#kind': 'kind' },
      ExpressionAttributeValues: { ':pk': 't', ':from': '100003', ':to': '100007', ':k0': 'inspection' },
    });

    // The first batch has no start and the last no end: one bound each, and the whole partition for a single batch.
    await queryPartition('schools', 'term', 't', { range: { sortKey: 'urn', to: '100007' } });
    await queryPartition('schools', 'term', 't', { range: { sortKey: 'urn', from: '100007' } });
    await queryPartition('schools', 'term', 't', { range: { sortKey: 'urn' } });
    expect(inputs.slice(1).map((i) => i.KeyConditionExpression)).toEqual([
      '#pk = :pk AND #sk < :to',
      '#pk = :pk AND #sk >= :from',
      '#pk = :pk',
    ]);
    expect(inputs[3]!.ExpressionAttributeNames).toEqual({ '#pk': 'term' });
  });

  it('reads a partition page after page, asking each page for at most PAGE_ITEMS items (DynamoDB Local reads every item left without a limit)', async () => {
    const inputs: QueryCommand['input'][] = [];
    vi.spyOn(documentClient(), 'send').mockImplementation((async (command: unknown) => {
      const input = (command as QueryCommand).input;
      inputs.push(input);
      const page = inputs.length;
      return {
        Items: [{ term: 't', urn: `10000${page}` }],
        ...(page < 3 ? { LastEvaluatedKey: { term: 't', urn: `10000${page}` } } : {}),
      };
    }) as never);
    const items = await queryPartition<{ urn: string }>('schools', 'term', 't');
    expect(items.map((i) => i.urn)).toEqual(['100001', '100002', '100003']);
    expect(inputs.map((i) => [i.Limit, i.ExclusiveStartKey])).toEqual([
      [PAGE_ITEMS, undefined],
      [PAGE_ITEMS, { term: 't', urn: '100001' }],
      [PAGE_ITEMS, { term: 't', urn: '100002' }],
    ]);
  });

  it("asks for one item, once, for a query's first item, though DynamoDB says there are more", async () => {
    const inputs: QueryCommand['input'][] = [];
    vi.spyOn(documentClient(), 'send').mockImplementation((async (command: unknown) => {
      inputs.push((command as QueryCommand).input);
      return { Items: [{ urn: '100001', termKey: '2026-2' }], LastEvaluatedKey: { urn: '100001', termKey: '2026-2' } };
    }) as never);
    expect(
      await queryOne({
        TableName: 'categoryHistory',
        KeyConditionExpression: 'urn = :urn',
        ExpressionAttributeValues: { ':urn': '100001' },
        ScanIndexForward: false,
      }),
    ).toEqual({ urn: '100001', termKey: '2026-2' });
    expect(inputs.map((i) => [i.Limit, i.ScanIndexForward])).toEqual([[1, false]]);
  });

  it("reads a batch's letters to follow up from the term's index, its schools' range of letter keys, the next batch's first left out", async () => {
    vi.stubEnv('SENT_EMAILS_TABLE', 'sent-emails');
    const inputs: QueryCommand['input'][] = [];
    const letter = (urn: string, more: object) => ({
      term: '2026-autumn',
      letterKey: `2026-autumn#${urn}#D#headteacher`,
      urn,
      role: 'headteacher',
      status: 'sent',
      claimedAt: '2026-09-02T00:00:00Z',
      ...more,
    });
    vi.spyOn(documentClient(), 'send').mockImplementation((async (command: unknown) => {
      inputs.push((command as QueryCommand).input);
      return {
        Items: [
          letter('100004', {
            needsFollowUp: true,
            outcome: 'bounced',
            outcomeDetail: 'bounced: mailbox full',
            outcomeAt: '2026-09-03T00:00:00Z',
          }),
          letter('100005', {}),
          { ...letter('100005', { status: 'rejected', reason: 'address invalid' }), role: 'chair of governors' },
        ],
      };
    }) as never);
    const letters = await lettersToFollowUp('2026-autumn', { from: '100004', to: '100006' });
    expect(inputs[0]).toMatchObject({
      TableName: 'sent-emails',
      IndexName: 'byTerm',
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      ExpressionAttributeNames: { '#pk': 'term', '#sk': 'letterKey' },
      ExpressionAttributeValues: { ':pk': '2026-autumn', ':from': '2026-autumn#100004', ':to': '2026-autumn#100006' },
    });
    // Only the letters that did not reach their reader.
    expect(letters.map((l) => [l.urn, l.what])).toEqual([
      ['100004', 'bounced: mailbox full'],
      ['100005', 'SES refused it: address invalid'],
    ]);
    await lettersToFollowUp('2026-autumn');
    expect(inputs[1]).toMatchObject({ IndexName: 'byTerm', KeyConditionExpression: '#pk = :pk' });
    vi.unstubAllEnvs();
  });

  it('puts entries a hundred to a transaction, each only where none is, leaving out on a rerun those there already', async () => {
    const stored = new Set<string>(['s1#e003', 's1#e150']);
    const calls: number[] = [];
    vi.spyOn(documentClient(), 'send').mockImplementation((async (command: unknown) => {
      const puts = (command as TransactWriteCommand).input.TransactItems!.map((t) => t.Put!);
      calls.push(puts.length);
      expect(
        puts.every(
          (p) =>
            p.ConditionExpression === 'attribute_not_exists(#pk)' && p.ExpressionAttributeNames?.['#pk'] === 'subject',
        ),
      ).toBe(true);
      const there = puts.map((p) => stored.has(`${p.Item!.subject}#${p.Item!.entryId}`));
      if (there.some(Boolean)) {
        // As DynamoDB answers: the whole transaction cancelled, with a reason for each action in order.
        throw Object.assign(new Error('Transaction cancelled'), {
          name: 'TransactionCanceledException',
          CancellationReasons: there.map((t) => ({ Code: t ? 'ConditionalCheckFailed' : 'None' })),
        });
      }
      for (const p of puts) stored.add(`${p.Item!.subject}#${p.Item!.entryId}`);
      return {};
    }) as never);
    const entries = Array.from({ length: 250 }, (_, i) => ({
      subject: 's1',
      entryId: `e${String(i).padStart(3, '0')}`,
    }));
    // The same entry twice in one call is put once.
    const added = await putAllIfAbsent('audit', [...entries, entries[0]!], { partition: 'subject', sort: 'entryId' });
    expect(added).toBe(248);
    expect(stored.size).toBe(250);
    // Three transactions of 100, 100 and 50; the two holding an entry already, once more without it.
    expect(calls.sort((a, b) => b - a)).toEqual([100, 100, 99, 99, 50]);
    calls.length = 0;
    expect(await putAllIfAbsent('audit', entries, { partition: 'subject', sort: 'entryId' })).toBe(0);
  });

  it('retries a transaction that conflicted with another, and stops with an error when it never goes', async () => {
    vi.useFakeTimers();
    try {
      let conflicts = 2;
      const send = vi.spyOn(documentClient(), 'send').mockImplementation((async (command: unknown) => {
        const n = (command as TransactWriteCommand).input.TransactItems!.length;
        if (conflicts-- > 0)
          throw Object.assign(new Error('conflict'), {
            name: 'TransactionCanceledException',
            CancellationReasons: Array.from({ length: n }, (_, i) => ({
              Code: i === 0 ? 'TransactionConflict' : 'None',
            })),
          });
        return {};
      }) as never);
      const items = Array.from({ length: 3 }, (_, i) => ({ subject: 's', entryId: `e${i}` }));
      const added = putAllIfAbsent('audit', items, { partition: 'subject', sort: 'entryId' });
      await vi.runAllTimersAsync();
      expect(await added).toBe(3);
      expect(send).toHaveBeenCalledTimes(3);

      send.mockImplementation((async (command: unknown) => {
        const n = (command as TransactWriteCommand).input.TransactItems!.length;
        throw Object.assign(new Error('conflict'), {
          name: 'TransactionCanceledException',
          CancellationReasons: Array.from({ length: n }, () => ({ Code: 'TransactionConflict' })),
        });
      }) as never);
      const never = putAllIfAbsent('audit', items, { partition: 'subject', sort: 'entryId' });
      const expectation = expect(never).rejects.toThrow(
        /conditional puts to audit: 3 items not written after \d+ attempts \(TransactionConflict\)/,
      );
      await vi.runAllTimersAsync();
      await expectation;
    } finally {
      vi.useRealTimers();
    }
  });

  describe("an update and a put where none is, in one transaction (a letter's record and its audit entry)", () => {
    const update = { table: 'sentEmails', key: { letterKey: 'k' }, values: { status: 'sent', messageId: 'm-1' } };
    const put = { table: 'audit', item: { subject: '100001', entryId: 'e1' }, partition: 'subject' };
    const cancelled = (...codes: string[]) =>
      Object.assign(new Error('Transaction cancelled'), {
        name: 'TransactionCanceledException',
        CancellationReasons: codes.map((Code) => ({ Code })),
      });

    it('writes both in one request: the update, and the put on the condition that its item is not there', async () => {
      const sent: unknown[] = [];
      vi.spyOn(documentClient(), 'send').mockImplementation((async (command: unknown) => {
        sent.push(command);
        return {};
      }) as never);
      expect(await updateWithPutIfAbsent(update, put)).toBe(true);
      expect(sent).toHaveLength(1);
      expect((sent[0] as TransactWriteCommand).input.TransactItems).toEqual([
        {
          Update: {
            TableName: 'sentEmails',
            Key: { letterKey: 'k' },
            UpdateExpression: 'SET #a0 = :v0, #a1 = :v1',
            ExpressionAttributeNames: { '#a0': 'status', '#a1': 'messageId' },
            ExpressionAttributeValues: { ':v0': 'sent', ':v1': 'm-1' },
          },
        },
        {
          Put: {
            TableName: 'audit',
            Item: { subject: '100001', entryId: 'e1' },
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': 'subject' },
          },
        },
      ]);
    });

    it("makes the update alone where the put's item is there already, and says the put was not made", async () => {
      const sent: string[] = [];
      vi.spyOn(documentClient(), 'send').mockImplementation((async (command: unknown) => {
        sent.push(command!.constructor.name);
        if (command instanceof TransactWriteCommand) throw cancelled('None', 'ConditionalCheckFailed');
        if (command instanceof UpdateCommand) return {};
        throw new Error(`unexpected ${command?.constructor.name}`);
      }) as never);
      expect(await updateWithPutIfAbsent(update, put)).toBe(false);
      expect(sent).toEqual(['TransactWriteCommand', 'UpdateCommand']);
    });

    it('retries a transaction that conflicted with another, writing neither alone, and stops with an error when it never goes', async () => {
      vi.useFakeTimers();
      try {
        let conflicts = 2;
        const sent: string[] = [];
        const send = vi.spyOn(documentClient(), 'send').mockImplementation((async (command: unknown) => {
          sent.push(command!.constructor.name);
          if (conflicts-- > 0) throw cancelled('TransactionConflict', 'None');
          return {};
        }) as never);
        const written = updateWithPutIfAbsent(update, put);
        await vi.runAllTimersAsync();
        expect(await written).toBe(true);
        expect(sent).toEqual(['TransactWriteCommand', 'TransactWriteCommand', 'TransactWriteCommand']);

        send.mockImplementation((async () => {
          throw cancelled('None', 'TransactionConflict');
        }) as never);
        const never = updateWithPutIfAbsent(update, put);
        const expectation = expect(never).rejects.toThrow(
          /a transaction on sentEmails and audit: not written after \d+ attempts \(None, TransactionConflict\)/,
        );
        await vi.runAllTimersAsync();
        await expectation;
      } finally {
        vi.useRealTimers();
      }
    });
  });
});
