/**
 * A database of its own for a test's run that keeps no store, in the DynamoDB Local the whole `npm test` shares
 * (tests/global-setup.ts): new and empty, seen by no other run, its tables deleted when the run's cycle stops. Pass
 * it as LocalCycle.start's `dynamoDb`; a run that keeps a store (`storeDir`) launches its own over the store.
 */
import { inject } from 'vitest';
import { dynamoDbOfItsOwn, type LaunchedDynamoDb, LocalSetupError } from '../../local/services';

export function sharedDynamoDb(): LaunchedDynamoDb {
  const shared = inject('sharedDynamoDb');
  if ('missing' in shared) throw new LocalSetupError(`the tests' DynamoDB Local did not start: ${shared.missing}`);
  return dynamoDbOfItsOwn(shared.endpoint);
}
