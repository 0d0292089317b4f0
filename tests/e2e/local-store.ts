/** Reading a local cycle's DynamoDB Local tables in the end-to-end tests, as an operator would with a Scan. */
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { LocalCycle } from '../../local/local-cycle';
import { sharedEnvironment } from '../../local/template';

/** A table's name, from the environment variable the stack's functions are given it by (e.g. CYCLE_RUNS_TABLE). */
export const tableOf = (cycle: LocalCycle, variable: string) => sharedEnvironment(cycle.template, variable)!;

/** Every item of a table (one page: the tests' tables are small). */
export async function scan(cycle: LocalCycle, table: string): Promise<Record<string, unknown>[]> {
  const client = new DynamoDBClient(cycle.dynamoDbClientConfig);
  try {
    const page = await client.send(new ScanCommand({ TableName: table, ConsistentRead: true }));
    return (page.Items ?? []).map((item) => unmarshall(item));
  } finally {
    client.destroy();
  }
}
