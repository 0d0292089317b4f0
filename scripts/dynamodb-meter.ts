/**
 * For the bench: a loopback proxy in front of DynamoDB Local that counts what the cycle's functions ask of it.
 * Every request is passed on with ReturnConsumedCapacity TOTAL added, and the capacity units DynamoDB Local
 * reports back are added up by operation, so the bench can price a cycle from measured request units, not guesses.
 * The functions' answers are otherwise unchanged (the SDK ignores the ConsumedCapacity it did not ask for).
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';

/** Operations that report the capacity they consumed when asked to. */
const METERED = new Set(['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan', 'BatchGetItem', 'BatchWriteItem', 'TransactGetItems', 'TransactWriteItems']);
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

function unitsIn(response: unknown): number {
  const consumed = (response as { ConsumedCapacity?: unknown }).ConsumedCapacity;
  const list = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
  return list.reduce((sum: number, c) => sum + Number((c as { CapacityUnits?: number }).CapacityUnits ?? 0), 0);
}

export async function startDynamoDbMeter(target: string): Promise<DynamoDbMeter> {
  const upstream = new URL(target);
  let reading: MeterReading;
  const reset = () => {
    reading = { requests: 0, readUnits: 0, writeUnits: 0, byOperation: {} };
  };
  reset();
  const server: Server = createServer(async (req, res) => {
    try {
      const operation = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
      let payload = await body(req);
      if (METERED.has(operation)) {
        const json = JSON.parse(payload.toString('utf8')) as Record<string, unknown>;
        json.ReturnConsumedCapacity ??= 'TOTAL';
        payload = Buffer.from(JSON.stringify(json));
      }
      const headers = { ...req.headers, host: upstream.host, 'content-length': String(payload.length) };
      delete headers['accept-encoding'];
      const forwarded = request({ hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers }, async (answer) => {
        const answerBody = await body(answer);
        if (METERED.has(operation) && (answer.statusCode ?? 500) < 300) {
          const units = unitsIn(JSON.parse(answerBody.toString('utf8')));
          reading.requests += 1;
          if (READS.has(operation)) reading.readUnits += units;
          else reading.writeUnits += units;
          const entry = (reading.byOperation[operation] ??= { requests: 0, units: 0 });
          entry.requests += 1;
          entry.units += units;
        }
        res.writeHead(answer.statusCode ?? 500, { ...answer.headers, 'content-length': String(answerBody.length) });
        res.end(answerBody);
      });
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
