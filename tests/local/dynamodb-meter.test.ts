/**
 * The bench's meter prices a cycle from the capacity units DynamoDB Local reports, but for transactions: DynamoDB
 * Local reports a transaction of a hundred puts as a handful of units, and DynamoDB charges two a kilobyte for each
 * item and one for each index that holds it (scripts/dynamodb-meter.ts).
 */
import { CreateTableCommand, DynamoDBClient, PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemBytes, startDynamoDbMeter, transactionWriteUnits, type DynamoDbMeter } from '../../scripts/dynamodb-meter';
import { freePort, LOCAL_CREDENTIALS, startDynamoDbLocal, type RunningDynamoDb } from '../../local/services';

const INDEXES = new Map([['audit', [['termShard', 'subject']]]]);
const entry = (i: number, what = 'proposed category B', shard = true) => ({ subject: { S: String(100000 + i) }, entryId: { S: '2026-autumn#01' }, what: { S: what }, ...(shard ? { termShard: { S: `2026-autumn#${String(i % 16).padStart(2, '0')}` } } : {}) });

describe("the bench's meter", () => {
  it('sizes an item as DynamoDB does: names and values, numbers by their digits', () => {
    expect(itemBytes({ subject: { S: '100001' } })).toBe(7 + 6);
    expect(itemBytes({ n: { N: '12345' } })).toBe(1 + 4);
    expect(itemBytes({ ok: { BOOL: true }, m: { M: { a: { S: 'xy' } } } })).toBe(2 + 1 + 1 + 3 + 1 + 2);
  });

  it('prices a transaction of puts at two units a kilobyte an item, and one for each index that holds it', () => {
    const puts = (items: Record<string, unknown>[]) => ({ TransactItems: items.map((Item) => ({ Put: { TableName: 'audit', Item: Item as never } })) });
    expect(transactionWriteUnits(puts(Array.from({ length: 100 }, (_, i) => entry(i))), INDEXES)).toBe(300);
    // Without the index's key, an item is in no index; an item of 1.5 KB is two kilobytes' worth.
    expect(transactionWriteUnits(puts([entry(1, 'x', false)]), INDEXES)).toBe(2);
    expect(transactionWriteUnits(puts([entry(1, 'x'.repeat(1500))]), INDEXES)).toBe(6);
    expect(transactionWriteUnits(puts([entry(1)]), new Map())).toBe(2);
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
          KeySchema: [{ AttributeName: 'subject', KeyType: 'HASH' }, { AttributeName: 'entryId', KeyType: 'RANGE' }],
          AttributeDefinitions: ['subject', 'entryId', 'termShard'].map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const })),
          GlobalSecondaryIndexes: [{ IndexName: 'byTermShard', KeySchema: [{ AttributeName: 'termShard', KeyType: 'HASH' }, { AttributeName: 'subject', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
    });
    afterAll(async () => {
      client?.destroy();
      await meter?.stop();
      await dynamo?.stop();
    });

    it("counts a transaction of a hundred entries as 300 units, and a plain put as DynamoDB Local reports it", async () => {
      meter.reset();
      await client.send(new TransactWriteItemsCommand({ TransactItems: Array.from({ length: 100 }, (_, i) => ({ Put: { TableName: 'audit', Item: entry(i), ConditionExpression: 'attribute_not_exists(subject)' } })) }));
      await client.send(new PutItemCommand({ TableName: 'audit', Item: entry(500) }));
      const reading = meter.reading();
      expect(reading.byOperation.TransactWriteItems).toEqual({ requests: 1, units: 300 });
      // A put of a small item into a table with one index that holds it: one unit each.
      expect(reading.byOperation.PutItem).toEqual({ requests: 1, units: 2 });
      expect(reading.writeUnits).toBe(302);
    });
  });
});
