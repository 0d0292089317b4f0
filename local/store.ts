/** The store a cycle kept (npm run cycle -- --store <dir>), opened for a command that reads it: history, backtest. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort, type RunningDynamoDb, startDynamoDbLocal } from './services';

/** Where the cycle keeps DynamoDB Local's data within a store. */
export const storeDataDirectory = (store: string) => join(resolve(store), 'dynamodb');

/**
 * DynamoDB Local started on the store's data (stop it when done), or, where the folder holds no store, what to do
 * about it.
 */
export async function openLocalStore(
  store: string,
  port?: number,
): Promise<{ dynamo: RunningDynamoDb } | { missing: string }> {
  const dataDir = storeDataDirectory(store);
  if (!existsSync(dataDir))
    return {
      missing: `${store} is not a store a cycle kept: run a term with npm run cycle -- --store ${store} first.`,
    };
  return { dynamo: await startDynamoDbLocal(port ?? (await freePort()), dataDir) };
}
