/**
 * For the bench: a loopback proxy in front of DynamoDB Local that counts what the cycle's functions ask of it.
 * Every request is passed on with ReturnConsumedCapacity TOTAL added, and the capacity units DynamoDB Local
 * reports back are added up by operation, so the bench can price a cycle from measured request units, not guesses.
 * The functions' answers are otherwise unchanged (the SDK ignores the ConsumedCapacity it did not ask for).
 *
 * But for TransactWriteItems: DynamoDB Local reports a transaction's units as if it wrote one item (4 for a
 * transaction of a hundred puts into a table with an index), where DynamoDB charges two write units a kilobyte for
 * each item a transaction writes, and one a kilobyte for each index the item is in. A successful transaction's
 * units are counted here from its items, as DynamoDB prices them.
 */
import { createServer, type IncomingMessage, request, type Server } from 'node:http';

/** Operations that report the capacity they consumed when asked to. */
const METERED = new Set([
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactGetItems',
  'TransactWriteItems',
]);
const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);

export interface MeterReading {
  requests: number;
  readUnits: number;
  writeUnits: number;
  byOperation: Record<string, { requests: number; units: number }>;
}

export interface DynamoDbMeter {
  endpoint: string;
  reading(): MeterReading;
  reset(): void;
  stop(): Promise<void>;
}

const body = (message: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on('data', (c: Buffer) => chunks.push(c));
    message.on('end', () => resolve(Buffer.concat(chunks)));
    message.on('error', reject);
  });

/** The capacity units of an answer's ConsumedCapacity: one table's, or a list of them (a batch's). */
function unitsIn(consumed: unknown): number {
  const list = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
  return list.reduce((sum: number, c) => sum + Number((c as { CapacityUnits?: number }).CapacityUnits ?? 0), 0);
}

type AttributeValue = {
  S?: string;
  N?: string;
  B?: string;
  BOOL?: boolean;
  NULL?: boolean;
  SS?: string[];
  NS?: string[];
  BS?: string[];
  L?: AttributeValue[];
  M?: Record<string, AttributeValue>;
};

/** An attribute value's size as DynamoDB counts it: strings and binaries by their bytes, numbers by their digits. */
function valueBytes(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) return Math.ceil(value.N.replace(/^[-+]|[.eE].*$/g, '').length / 2) + 1;
  if (value.B !== undefined) return Buffer.from(value.B, 'base64').length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS) return value.SS.reduce((n, v) => n + Buffer.byteLength(v), 0);
  if (value.NS) return value.NS.reduce((n, v) => n + valueBytes({ N: v }), 0);
  if (value.BS) return value.BS.reduce((n, v) => n + Buffer.from(v, 'base64').length, 0);
  if (value.L) return 3 + value.L.reduce((n, v) => n + 1 + valueBytes(v), 0);
  if (value.M) return 3 + itemBytes(value.M);
  return 0;
}

/** An item's size as DynamoDB counts it: each attribute's name and value. */
export function itemBytes(item: Record<string, AttributeValue>): number {
  return Object.entries(item).reduce((n, [name, value]) => n + Buffer.byteLength(name) + valueBytes(value), 0);
}

/**
 * The write units of a transaction, as DynamoDB charges them: two a kilobyte for each item it puts, and one a
 * kilobyte for each index of the item's table that holds the item (`indexKeys`: each table's indexes' key attributes).
 * The cycle's transactions put (the audit trail's entries) and, with a letter's entry, update the letter's record:
 * an update, whose item is not in the request, counts two units (a letter's record is under a kilobyte), without
 * the index entries it may make.
 */
export function transactionWriteUnits(
  request: { TransactItems?: { Put?: { TableName: string; Item: Record<string, AttributeValue> } }[] },
  indexKeys: ReadonlyMap<string, readonly (readonly string[])[]>,
): number {
  return (request.TransactItems ?? []).reduce((sum, action) => {
    if (!action.Put) return sum + 2;
    const units = Math.max(1, Math.ceil(itemBytes(action.Put.Item) / 1024));
    const indexes = (indexKeys.get(action.Put.TableName) ?? []).filter((keys) =>
      keys.every((k) => action.Put!.Item[k] !== undefined),
    ).length;
    return sum + 2 * units + indexes * units;
  }, 0);
}

/**
 * The request with ReturnConsumedCapacity TOTAL added, unless it asks already. The meter sits in the bench's own
 * process, in the path of every request the cycle makes, so it edits the request's text rather than parse and
 * write again the whole of it (a batch of writes is up to 400 KB): parsing every request and answer here took about
 * a tenth of the cycle's time at 2,500 schools, which the bench then counted as the cycle's.
 */
export function askingForCapacity(request: Buffer): Buffer {
  if (request.includes('"ReturnConsumedCapacity"')) return request;
  const open = request.indexOf('{');
  if (open < 0) return request;
  const rest = request.subarray(open + 1);
  const empty = rest.toString('utf8', 0, Math.min(rest.length, 64)).trimStart().startsWith('}');
  return Buffer.concat([
    request.subarray(0, open + 1),
    Buffer.from(`"ReturnConsumedCapacity":"TOTAL"${empty ? '' : ','}`),
    rest,
  ]);
}

const CONSUMED = Buffer.from('"ConsumedCapacity":');

/**
 * The ConsumedCapacity of an answer, read from its text without parsing the rest (a query's answer carries up to a
 * megabyte of items). The key can only be the answer's own: inside an item's string a quotation mark is escaped, and
 * no table of the cycle has an attribute of that name.
 */
export function consumedCapacityIn(answer: Buffer): unknown {
  const at = answer.indexOf(CONSUMED);
  if (at < 0) return undefined;
  const start = at + CONSUMED.length;
  // The value is an object or an array of them: its end is where its brackets close, strings skipped.
  let depth = 0;
  let inString = false;
  for (let i = start; i < answer.length; i += 1) {
    const c = answer[i]!;
    if (inString) {
      if (c === 0x5c) i += 1;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth += 1;
    else if (c === 0x7d || c === 0x5d) {
      depth -= 1;
      if (depth === 0) return JSON.parse(answer.toString('utf8', start, i + 1)) as unknown;
    }
  }
  return undefined;
}

/** `indexKeys`: each table's global secondary indexes, by their key attributes, for pricing transactions. */
export async function startDynamoDbMeter(
  target: string,
  indexKeys: ReadonlyMap<string, readonly (readonly string[])[]> = new Map(),
): Promise<DynamoDbMeter> {
  const upstream = new URL(target);
  let reading: MeterReading;
  const reset = () => {
    reading = { requests: 0, readUnits: 0, writeUnits: 0, byOperation: {} };
  };
  reset();
  const server: Server = createServer(async (req, res) => {
    try {
      const operation =
        String(req.headers['x-amz-target'] ?? '')
          .split('.')
          .pop() ?? '';
      let payload = await body(req);
      let transactionUnits: number | undefined;
      if (METERED.has(operation)) {
        if (operation === 'TransactWriteItems')
          transactionUnits = transactionWriteUnits(
            JSON.parse(payload.toString('utf8')) as Parameters<typeof transactionWriteUnits>[0],
            indexKeys,
          );
        payload = askingForCapacity(payload);
      }
      const headers = { ...req.headers, host: upstream.host, 'content-length': String(payload.length) };
      delete headers['accept-encoding'];
      const forwarded = request(
        { hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers },
        async (answer) => {
          const answerBody = await body(answer);
          if (METERED.has(operation) && (answer.statusCode ?? 500) < 300) {
            const units = transactionUnits ?? unitsIn(consumedCapacityIn(answerBody));
            reading.requests += 1;
            if (READS.has(operation)) reading.readUnits += units;
            else reading.writeUnits += units;
            const entry = reading.byOperation[operation] ?? { requests: 0, units: 0 };
            reading.byOperation[operation] = entry;
            entry.requests += 1;
            entry.units += units;
          }
          res.writeHead(answer.statusCode ?? 500, { ...answer.headers, 'content-length': String(answerBody.length) });
          res.end(answerBody);
        },
      );
      forwarded.on('error', (error) => {
        res.writeHead(502);
        res.end(String(error));
      });
      forwarded.end(payload);
    } catch (error) {
      res.writeHead(500);
      res.end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    reading: () => structuredClone(reading),
    reset,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
