/**
 * The bench's meter (dynamodb-meter.ts) in a process of its own, started by startDynamoDbMeterProcess: its work for
 * every request the cycle makes is then not done on the thread that runs the cycle's functions. It tells its
 * endpoint when it listens, answers 'reading' with its reading, and stops when the bench lets go of it (or dies).
 */
import { startDynamoDbMeter } from './dynamodb-meter';

const { target, indexKeys } = JSON.parse(process.argv[2] ?? '{}') as { target: string; indexKeys: [string, string[][]][] };
const meter = await startDynamoDbMeter(target, new Map(indexKeys));
process.on('message', (message) => {
  if (message === 'reading') process.send?.({ reading: meter.reading() });
});
process.on('disconnect', () => {
  void meter.stop().finally(() => process.exit(0));
});
process.send?.({ endpoint: meter.endpoint });
