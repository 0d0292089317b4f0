/**
 * The bench's meter prices a cycle from the capacity units DynamoDB Local reports, but for transactions: DynamoDB
 * Local reports a transaction of a hundred puts as a handful of units, and DynamoDB charges two a kilobyte for each
 * item and one for each index that holds it (scripts/dynamodb-meter.ts).
 */
import {
  BatchGetItemCommand,
  CreateTableCommand,
  DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, LOCAL_CREDENTIALS, type RunningDynamoDb, startDynamoDbLocal } from '../../local/services';
import {
  askingForCapacity,
  consumedCapacityIn,
  type DynamoDbMeter,
  itemBytes,
  startDynamoDbMeter,
  transactionWriteUnits,
} from '../../scripts/dynamodb-meter';

const INDEXES = new Map([['audit', [['termShard', 'subject']]]]);
const entry = (i: number, what = 'proposed category B', shard = true) => ({
  subject: { S: String(100000 + i) },
  entryId: { S: '2026-autumn#01' },
  what: { S: what },
  ...(shard ? { termShard: { S: `2026-autumn#${String(i % 16).padStart(2, '0')}` } } : {}),
});

describe("the bench's meter", () => {
  it('sizes an item as DynamoDB does: names and values, numbers by their digits', () => {
    expect(itemBytes({ subject: { S: '100001' } })).toBe(7 + 6);
    expect(itemBytes({ n: { N: '12345' } })).toBe(1 + 4);
    expect(itemBytes({ ok: { BOOL: true }, m: { M: { a: { S: 'xy' } } } })).toBe(2 + 1 + 1 + 3 + 1 + 2);
  });

  it('prices a transaction of puts at two units a kilobyte an item, and one for each index that holds it', () => {
    const puts = (items: Record<string, unknown>[]) => ({
      TransactItems: items.map((Item) => ({ Put: { TableName: 'audit', Item: Item as never } })),
    });
    expect(transactionWriteUnits(puts(Array.from({ length: 100 }, (_, i) => entry(i))), INDEXES)).toBe(300);
    // Without the index's key, an item is in no index; an item of 1.5 KB is two kilobytes' worth.
    expect(transactionWriteUnits(puts([entry(1, 'x', false)]), INDEXES)).toBe(2);
    expect(transactionWriteUnits(puts([entry(1, 'x'.repeat(1500))]), INDEXES)).toBe(6);
    expect(transactionWriteUnits(puts([entry(1)]), new Map())).toBe(2);
  });

  it("asks for the capacity in a request's text, leaving a request that asks already as it is", () => {
    const asked = (text: string) => JSON.parse(askingForCapacity(Buffer.from(text)).toString()) as unknown;
    expect(asked('{"TableName":"audit","Key":{"subject":{"S":"1"}}}')).toEqual({
      ReturnConsumedCapacity: 'TOTAL',
      TableName: 'audit',
      Key: { subject: { S: '1' } },
    });
    expect(asked('{}')).toEqual({ ReturnConsumedCapacity: 'TOTAL' });
    expect(asked('{"ReturnConsumedCapacity":"INDEXES","TableName":"audit"}')).toEqual({
      ReturnConsumedCapacity: 'INDEXES',
      TableName: 'audit',
    });
  });

  it("reads an answer's consumed capacity, not a look-alike inside an item's string", () => {
    const answer = JSON.stringify({
      Items: [{ what: { S: '"ConsumedCapacity":{"CapacityUnits":99} } ] {' } }],
      Count: 1,
      ConsumedCapacity: { TableName: 'audit', CapacityUnits: 0.5 },
    });
    expect(consumedCapacityIn(Buffer.from(answer))).toEqual({ TableName: 'audit', CapacityUnits: 0.5 });
    expect(
      consumedCapacityIn(
        Buffer.from(
          JSON.stringify({
            Responses: {},
            ConsumedCapacity: [
              { TableName: 'a', CapacityUnits: 1 },
              { TableName: 'b', CapacityUnits: 2.5 },
            ],
          }),
        ),
      ),
    ).toEqual([
      { TableName: 'a', CapacityUnits: 1 },
      { TableName: 'b', CapacityUnits: 2.5 },
    ]);
    expect(consumedCapacityIn(Buffer.from('{"Items":[]}'))).toBeUndefined();
  });

  describe('in front of DynamoDB Local', { timeout: 90_000 }, () => {
    let dynamo: RunningDynamoDb;
    let meter: DynamoDbMeter;
    let client: DynamoDBClient;
    beforeAll(async () => {
      dynamo = await startDynamoDbLocal(await freePort());
      meter = await startDynamoDbMeter(dynamo.endpoint, INDEXES);
      client = new DynamoDBClient({ endpoint: meter.endpoint, region: 'eu-west-2', credentials: LOCAL_CREDENTIALS });
      await client.send(
        new CreateTableCommand({
          TableName: 'audit',
          KeySchema: [
            { AttributeName: 'subject', KeyType: 'HASH' },
            { AttributeName: 'entryId', KeyType: 'RANGE' },
          ],
          AttributeDefinitions: ['subject', 'entryId', 'termShard'].map((AttributeName) => ({
            AttributeName,
            AttributeType: 'S' as const,
          })),
          GlobalSecondaryIndexes: [
            {
              IndexName: 'byTermShard',
              KeySchema: [
                { AttributeName: 'termShard', KeyType: 'HASH' },
                { AttributeName: 'subject', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            },
          ],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
    });
    afterAll(async () => {
      client?.destroy();
      await meter?.stop();
      await dynamo?.stop();
    });

    it('counts a transaction of a hundred entries as 300 units, and a plain put as DynamoDB Local reports it', async () => {
      meter.reset();
      await client.send(
        new TransactWriteItemsCommand({
          TransactItems: Array.from({ length: 100 }, (_, i) => ({
            Put: { TableName: 'audit', Item: entry(i), ConditionExpression: 'attribute_not_exists(subject)' },
          })),
        }),
      );
      await client.send(new PutItemCommand({ TableName: 'audit', Item: entry(500) }));
      const reading = meter.reading();
      expect(reading.byOperation.TransactWriteItems).toEqual({ requests: 1, units: 300 });
      // A put of a small item into a table with one index that holds it: one unit each.
      expect(reading.byOperation.PutItem).toEqual({ requests: 1, units: 2 });
      expect(reading.writeUnits).toBe(302);
    });

    it('counts reads as DynamoDB Local reports them when asked directly', async () => {
      const direct = new DynamoDBClient({
        endpoint: dynamo.endpoint,
        region: 'eu-west-2',
        credentials: LOCAL_CREDENTIALS,
      });
      try {
        const query = {
          TableName: 'audit',
          KeyConditionExpression: 'subject = :s',
          ExpressionAttributeValues: { ':s': { S: '100007' } },
        };
        const batch = {
          RequestItems: {
            audit: {
              Keys: [0, 1, 2].map((i) => ({ subject: { S: String(100000 + i) }, entryId: { S: '2026-autumn#01' } })),
            },
          },
        };
        const expected =
          (await direct.send(new QueryCommand({ ...query, ReturnConsumedCapacity: 'TOTAL' }))).ConsumedCapacity!
            .CapacityUnits! +
          (await direct.send(new BatchGetItemCommand({ ...batch, ReturnConsumedCapacity: 'TOTAL' })))
            .ConsumedCapacity![0]!.CapacityUnits!;
        meter.reset();
        const answer = await client.send(new QueryCommand(query));
        await client.send(new BatchGetItemCommand(batch));
        // The function's answer is DynamoDB's, with the capacity it did not ask for beside it.
        expect(answer.Items).toHaveLength(1);
        const reading = meter.reading();
        expect(expected).toBeGreaterThan(0);
        expect(reading.readUnits).toBe(expected);
        expect(reading.byOperation.Query!.requests).toBe(1);
        expect(reading.byOperation.BatchGetItem!.requests).toBe(1);
      } finally {
        direct.destroy();
      }
    });
  });
});
