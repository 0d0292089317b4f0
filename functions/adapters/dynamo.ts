/** The small DynamoDB adapter the handlers share. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { transientAware } from './errors';

let client: DynamoDBDocumentClient | undefined;

export function documentClient(): DynamoDBDocumentClient {
  client ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return client;
}

/** For the local runner and tests: forget the client so the next call picks up a new endpoint. */
export function resetDocumentClient(): void {
  client = undefined;
}

export type Item = Record<string, unknown>;

/**
 * The most items a page of a query or scan is asked for. DynamoDB ends a page at 1 MB whatever the limit: on AWS
 * pages of the cycle's larger items (schools, assessments: about 1 KB) are no shorter for it, and those of its
 * smallest (a few hundred bytes) up to half as long, a few more requests for a whole term. DynamoDB Local, given
 * no limit, reads every item left in the key range for each page and returns the first megabyte, so reading a
 * partition page by page took time growing with its square (40,000 items of 1 KB: 4.2 to 4.7 s, against 0.9 to
 * 1.0 s with this limit).
 */
export const PAGE_ITEMS = 2000;

export async function queryAll<T = Item>(input: QueryCommandInput): Promise<T[]> {
  const items: T[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await transientAware(`query ${input.TableName}`, () =>
      documentClient().send(new QueryCommand({ Limit: PAGE_ITEMS, ...input, ExclusiveStartKey })),
    );
    items.push(...((page.Items ?? []) as T[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** The first item a query finds, if any: one request, one item (where queryAll would go on page after page). */
export async function queryOne<T = Item>(input: QueryCommandInput): Promise<T | undefined> {
  const page = await transientAware(`query ${input.TableName}`, () =>
    documentClient().send(new QueryCommand({ ...input, Limit: 1 })),
  );
  return page.Items?.[0] as T | undefined;
}

/** The first item of a partition (of the table, or of one of its indexes), if it has any. */
export function queryFirst<T = Item>(
  table: string,
  partitionKey: string,
  value: string,
  index?: string,
): Promise<T | undefined> {
  return queryOne<T>({
    TableName: table,
    ...(index ? { IndexName: index } : {}),
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': partitionKey },
    ExpressionAttributeValues: { ':pk': value },
  });
}

/** Every item of a (small) table that matches `filter`. */
export async function scanWhere<T = Item>(table: string, filter: Condition): Promise<T[]> {
  const items: T[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await transientAware(`scan ${table}`, () =>
      documentClient().send(
        new ScanCommand({
          TableName: table,
          FilterExpression: filter.condition,
          ExpressionAttributeNames: filter.names,
          ExpressionAttributeValues: filter.values,
          Limit: PAGE_ITEMS,
          ExclusiveStartKey,
        }),
      ),
    );
    items.push(...((page.Items ?? []) as T[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** Sort keys from `from` (inclusive) up to `to` (exclusive); an end left out is open. */
export interface SortKeyRange {
  sortKey: string;
  from?: string;
  to?: string;
}

/** How to narrow a partition's query: a range of its sort keys, the attributes wanted, a filter on the items. */
export interface PartitionQuery {
  /** A global secondary index to query, whose partition and sort keys the query names, instead of the table. */
  index?: string;
  range?: SortKeyRange;
  /** The attributes wanted, by name. */
  projection?: readonly string[];
  /** Applied by DynamoDB after the key condition: fewer items come back, though every item in the range is read. */
  filter?: Condition;
}

/**
 * The attributes wanted, as a request names them (each by a placeholder, so reserved words such as `name` can be asked
 * for); nothing for all.
 */
function projectionOf(projection: readonly string[] | undefined): {
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
} {
  if (!projection) return {};
  return {
    ProjectionExpression: projection.map((name) => `#${name}`).join(', '),
    ExpressionAttributeNames: Object.fromEntries(projection.map((name) => [`#${name}`, name])),
  };
}

/**
 * A partition's items (of the table, or of one of its indexes), or those whose sort key falls in `range`: one key
 * condition (DynamoDB allows one on the sort key), BETWEEN when both ends are given, with the item at `to` itself
 * then left out.
 */
export async function queryPartition<T = Item>(
  table: string,
  partitionKey: string,
  value: string,
  query: PartitionQuery = {},
): Promise<T[]> {
  const { index, range, projection, filter } = query;
  const names: Record<string, string> = { '#pk': partitionKey, ...(filter?.names ?? {}) };
  const values: Record<string, unknown> = { ':pk': value, ...(filter?.values ?? {}) };
  let condition = '#pk = :pk';
  if (range && (range.from !== undefined || range.to !== undefined)) {
    names['#sk'] = range.sortKey;
    if (range.from !== undefined) values[':from'] = range.from;
    if (range.to !== undefined) values[':to'] = range.to;
    condition +=
      range.from !== undefined && range.to !== undefined
        ? ' AND #sk BETWEEN :from AND :to'
        : range.from !== undefined
          ? ' AND #sk >= :from'
          : ' AND #sk < :to';
  }
  const only = projectionOf(projection);
  const items = await queryAll<T>({
    TableName: table,
    ...(index ? { IndexName: index } : {}),
    KeyConditionExpression: condition,
    ExpressionAttributeNames: { ...names, ...only.ExpressionAttributeNames },
    ExpressionAttributeValues: values,
    ...(only.ProjectionExpression ? { ProjectionExpression: only.ProjectionExpression } : {}),
    ...(filter ? { FilterExpression: filter.condition } : {}),
  });
  return range?.from !== undefined && range.to !== undefined
    ? items.filter((item) => (item as Item)[range.sortKey] !== range.to)
    : items;
}

/**
 * A time-to-live attribute's value: `seconds` from now, in whole epoch seconds (DynamoDB deletes the item after it).
 */
export const expiresIn = (seconds: number, now = Date.now()): number => Math.floor(now / 1000 + seconds);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `items` in chunks of `size`. */
function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Batch calls in flight at once: enough to keep DynamoDB busy, few enough not to be throttled on a new table. */
const BATCH_CONCURRENCY = 8;
const MAX_ATTEMPTS = 9;
const backoff = (attempt: number) => sleep(Math.min(2000, 50 * 2 ** attempt));

/** Writes in chunks of 25, several chunks at once, retrying what DynamoDB left unprocessed with backoff. */
async function batchWrite(table: string, requests: Record<string, unknown>[]): Promise<void> {
  await mapLimit(chunks(requests, 25), BATCH_CONCURRENCY, async (chunk) => {
    let pending = chunk;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_ATTEMPTS)
        throw new Error(`batch write to ${table}: ${pending.length} items still unprocessed after ${attempt} attempts`);
      if (attempt > 0) await backoff(attempt);
      const result = await transientAware(`batch write ${table}`, () =>
        documentClient().send(new BatchWriteCommand({ RequestItems: { [table]: pending } })),
      );
      pending = (result.UnprocessedItems?.[table] ?? []) as Record<string, unknown>[];
    }
  });
}

/**
 * Why DynamoDB cancelled a transaction of `actions` actions, a reason for each in order (ConditionalCheckFailed,
 * TransactionConflict, None, ...); any other error, or one without its reasons, is thrown again.
 */
function cancellationReasons(error: unknown, actions: number): { Code?: string }[] {
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  if ((error as Error).name !== 'TransactionCanceledException' || !reasons || reasons.length !== actions) throw error;
  return reasons;
}

/** DynamoDB's most actions in one transaction. */
const TRANSACTION_ITEMS = 100;

/**
 * Puts each item where no item has its key yet, a hundred to a transaction, several transactions at once; returns
 * how many were new. A transaction in which some items are there already (a rerun) is cancelled whole, and
 * DynamoDB says which: the rest are put again at once without them. Any other cancellation (a conflicting
 * transaction, throttling) is retried with backoff. Each put is a PutItem to IAM, so a function that may only put
 * may do this. Items with the same key are put once, the first. A transactional write costs two write units an
 * item where a plain put costs one: these puts cost twice as much for a hundredth of the requests.
 */
export async function putAllIfAbsent(
  table: string,
  items: readonly Item[],
  keys: { partition: string; sort: string },
): Promise<number> {
  const seen = new Set<string>();
  const unique = items.filter((item) => {
    const key = `${String(item[keys.partition])}\u0000${String(item[keys.sort])}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const added = await mapLimit(chunks(unique, TRANSACTION_ITEMS), BATCH_CONCURRENCY, async (chunk) => {
    // One item alone (a letter's entry) is a plain conditional put: a transaction costs twice the write.
    if (chunk.length === 1) return (await putIfAbsent(table, chunk[0]!, keys.partition)) ? 1 : 0;
    let pending: readonly Item[] = chunk;
    for (let attempt = 0; pending.length > 0; ) {
      try {
        await transientAware(`transaction on ${table}`, () =>
          documentClient().send(
            new TransactWriteCommand({
              TransactItems: pending.map((Item) => ({
                Put: {
                  TableName: table,
                  Item,
                  ConditionExpression: 'attribute_not_exists(#pk)',
                  ExpressionAttributeNames: { '#pk': keys.partition },
                },
              })),
            }),
          ),
        );
        return pending.length;
      } catch (error) {
        const reasons = cancellationReasons(error, pending.length);
        const left = pending.filter((_, i) => reasons[i]?.Code !== 'ConditionalCheckFailed');
        // Only items there already: the rest go again at once. Anything else: again after a wait, a few times.
        if (
          left.length < pending.length &&
          reasons.every((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'None')
        ) {
          pending = left;
          continue;
        }
        pending = left;
        attempt += 1;
        if (attempt >= MAX_ATTEMPTS)
          throw new Error(
            `conditional puts to ${table}: ${pending.length} items not written after ${attempt} attempts (${[...new Set(reasons.map((r) => r.Code))].join(', ')})`,
          );
        await backoff(attempt);
      }
    }
    return 0;
  });
  return added.reduce((a, b) => a + b, 0);
}

/**
 * The items with these keys (those that exist), in chunks of 100, several at once, retrying unprocessed keys with
 * backoff.
 */
export async function batchGet<T = Item>(
  table: string,
  keys: readonly Item[],
  projection?: readonly string[],
): Promise<T[]> {
  const only = projectionOf(projection);
  const found = await mapLimit(chunks(keys, 100), BATCH_CONCURRENCY, async (chunk) => {
    const items: T[] = [];
    let pending: Item[] = chunk;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_ATTEMPTS)
        throw new Error(`batch get from ${table}: ${pending.length} keys still unprocessed after ${attempt} attempts`);
      if (attempt > 0) await backoff(attempt);
      const result = await transientAware(`batch get ${table}`, () =>
        documentClient().send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ...only } } })),
      );
      items.push(...((result.Responses?.[table] ?? []) as T[]));
      pending = (result.UnprocessedKeys?.[table]?.Keys ?? []) as Item[];
    }
    return items;
  });
  return found.flat();
}

export function putAll(table: string, items: readonly Item[]): Promise<void> {
  return batchWrite(
    table,
    items.map((Item) => ({ PutRequest: { Item } })),
  );
}

/**
 * Makes a partition (or the range of its sort keys given) hold exactly `items`: writes them all and deletes what a
 * previous run of the same term left that is no longer there. A rerun of a term therefore replaces its data rather
 * than adding to it.
 */
export async function replacePartition(
  table: string,
  keys: { partition: string; sort: string },
  value: string,
  items: readonly Item[],
  range?: { from?: string; to?: string },
): Promise<void> {
  const existing = await queryPartition<Item>(table, keys.partition, value, {
    range: range && { sortKey: keys.sort, ...range },
    projection: [keys.partition, keys.sort],
  });
  const keep = new Set(items.map((item) => String(item[keys.sort])));
  const stale = existing.filter((item) => !keep.has(String(item[keys.sort])));
  await putAll(table, items);
  await batchWrite(
    table,
    stale.map((item) => ({ DeleteRequest: { Key: { [keys.partition]: value, [keys.sort]: item[keys.sort] } } })),
  );
}

/** A DynamoDB condition: its expression, and the names and values it uses. */
export interface Condition {
  condition: string;
  names: Record<string, string>;
  values?: Record<string, unknown>;
}

/** Runs a conditional write: true if it was made, false if its condition did not hold. */
async function conditionally(what: string, write: () => Promise<unknown>): Promise<boolean> {
  try {
    await transientAware(what, write);
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** Puts an item only if nothing has that key yet. Returns false if one was already there. */
export function putIfAbsent(table: string, item: Item, partitionKey: string): Promise<boolean> {
  return putIf(table, item, { condition: 'attribute_not_exists(#pk)', names: { '#pk': partitionKey } });
}

/** Puts an item only if `condition` holds; false if it did not. */
export function putIf(
  table: string,
  item: Item,
  condition: Condition,
  client: DynamoDBDocumentClient = documentClient(),
): Promise<boolean> {
  return conditionally(`conditional put ${table}`, () =>
    client.send(
      new PutCommand({
        TableName: table,
        Item: item,
        ConditionExpression: condition.condition,
        ExpressionAttributeNames: condition.names,
        ExpressionAttributeValues: condition.values,
      }),
    ),
  );
}

/** Deletes an item only if `condition` holds; false if it did not. */
export function deleteIf(table: string, key: Item, condition: Condition): Promise<boolean> {
  return conditionally(`conditional delete ${table}`, () =>
    documentClient().send(
      new DeleteCommand({
        TableName: table,
        Key: key,
        ConditionExpression: condition.condition,
        ExpressionAttributeNames: condition.names,
        ExpressionAttributeValues: condition.values,
      }),
    ),
  );
}

export async function getItem<T = Item>(table: string, key: Item): Promise<T | undefined> {
  const result = await transientAware(`get ${table}`, () =>
    documentClient().send(new GetCommand({ TableName: table, Key: key })),
  );
  return result.Item as T | undefined;
}

/** Puts an item; with `client`, under other credentials than the function's own (an AAG area's, in the portal). */
export async function putItem(
  table: string,
  item: Item,
  client: DynamoDBDocumentClient = documentClient(),
): Promise<void> {
  await transientAware(`put ${table}`, () => client.send(new PutCommand({ TableName: table, Item: item })));
}

/** A document client signing with `credentials`, marshalling as the function's own does. */
export function documentClientWith(credentials: {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({ credentials }), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

export async function deleteItem(table: string, key: Item): Promise<void> {
  await transientAware(`delete ${table}`, () =>
    documentClient().send(new DeleteCommand({ TableName: table, Key: key })),
  );
}

/** An update that sets these attributes to these values: its expression, and the names and values it uses. */
function setting(values: Item): {
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
} {
  const names: Record<string, string> = {};
  const vals: Record<string, unknown> = {};
  const sets = Object.entries(values).map(([k, v], i) => {
    names[`#a${i}`] = k;
    vals[`:v${i}`] = v;
    return `#a${i} = :v${i}`;
  });
  return {
    UpdateExpression: `SET ${sets.join(', ')}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: vals,
  };
}

export async function updateItem(table: string, key: Item, values: Item): Promise<void> {
  await transientAware(`update ${table}`, () =>
    documentClient().send(new UpdateCommand({ TableName: table, Key: key, ...setting(values) })),
  );
}

/**
 * Updates one item and puts another where no item has its key, in one transaction: both are written, or neither.
 * Where the put's item is there already (and nothing else stopped the transaction), the update is made alone and
 * false is returned; any other cancellation (a conflicting transaction, throttling) is retried with backoff, as
 * putAllIfAbsent's are. Each is an UpdateItem and a PutItem to IAM.
 */
export async function updateWithPutIfAbsent(
  update: { table: string; key: Item; values: Item },
  put: { table: string; item: Item; partition: string },
): Promise<boolean> {
  for (let attempt = 0; ; ) {
    try {
      await transientAware(`transaction on ${update.table} and ${put.table}`, () =>
        documentClient().send(
          new TransactWriteCommand({
            TransactItems: [
              { Update: { TableName: update.table, Key: update.key, ...setting(update.values) } },
              {
                Put: {
                  TableName: put.table,
                  Item: put.item,
                  ConditionExpression: 'attribute_not_exists(#pk)',
                  ExpressionAttributeNames: { '#pk': put.partition },
                },
              },
            ],
          }),
        ),
      );
      return true;
    } catch (error) {
      const reasons = cancellationReasons(error, 2);
      if (reasons[1]?.Code === 'ConditionalCheckFailed' && reasons[0]?.Code === 'None') {
        await updateItem(update.table, update.key, update.values);
        return false;
      }
      attempt += 1;
      if (attempt >= MAX_ATTEMPTS)
        throw new Error(
          `a transaction on ${update.table} and ${put.table}: not written after ${attempt} attempts (${[...new Set(reasons.map((r) => r.Code))].join(', ')})`,
        );
      await backoff(attempt);
    }
  }
}

/** Updates an item only if `condition` holds; false if it did not. */
export function updateIf(table: string, key: Item, values: Item, condition: Condition): Promise<boolean> {
  const names: Record<string, string> = { ...condition.names };
  const vals: Record<string, unknown> = { ...condition.values };
  const sets = Object.entries(values).map(([k, v], i) => {
    names[`#u${i}`] = k;
    vals[`:u${i}`] = v;
    return `#u${i} = :u${i}`;
  });
  return conditionally(`conditional update ${table}`, () =>
    documentClient().send(
      new UpdateCommand({
        TableName: table,
        Key: key,
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: condition.condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: vals,
      }),
    ),
  );
}

/**
 * One update written as an expression, returning the item as it is after it; undefined if `condition` did not
 * hold. For what SET alone cannot say: adding to a set (idempotent), keeping the first value (if_not_exists).
 */
export async function updateReturning<T = Item>(
  table: string,
  key: Item,
  update: { expression: string; condition?: string; names: Record<string, string>; values: Record<string, unknown> },
): Promise<T | undefined> {
  let item: T | undefined;
  const made = await conditionally(`update ${table}`, async () => {
    const result = await documentClient().send(
      new UpdateCommand({
        TableName: table,
        Key: key,
        UpdateExpression: update.expression,
        ConditionExpression: update.condition,
        ExpressionAttributeNames: update.names,
        ExpressionAttributeValues: update.values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    item = result.Attributes as T | undefined;
  });
  return made ? item : undefined;
}

/** Runs `work` over `items` with at most `limit` at a time. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  });
  await Promise.all(workers);
  return results;
}
