/**
 * The credentials the portal writes an AAG area's drafts and decisions with: on AWS, a session of the portal's area
 * writer role (PORTAL_AREA_WRITER_ROLE_ARN) assumed with the area's own session policy (core/access/people.ts
 * areaWritePolicy), so that IAM allows PutItem only on that area's items; the function's own role cannot write them
 * at all. Sessions are kept per area until a minute before they expire. Without the role (locally, where DynamoDB
 * Local checks no permission), the function's own client.
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { areaWritePolicy } from '../core/access/people';
import { documentClient, documentClientWith } from './dynamo';

let sts: STSClient | undefined;
const sessions = new Map<string, { client: DynamoDBDocumentClient; expires: number }>();

/** For tests: forget the STS client and the sessions kept. */
export function resetAreaWrites(): void {
  sts = undefined;
  sessions.clear();
}

/** How long a session lasts: STS's least. */
const SESSION_SECONDS = 900;

export async function areaClient(
  district: string,
  areaKey: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<DynamoDBDocumentClient> {
  const roleArn = env.PORTAL_AREA_WRITER_ROLE_ARN;
  if (!roleArn) return documentClient();
  const key = `${roleArn}#${district}#${areaKey}`;
  const kept = sessions.get(key);
  if (kept && kept.expires - Date.now() > 60_000) return kept.client;
  sts ??= new STSClient({});
  const { Credentials: credentials } = await sts.send(
    new AssumeRoleCommand({
      RoleArn: roleArn,
      RoleSessionName: `portal-${areaKey}`.slice(0, 64),
      Policy: areaWritePolicy(district, areaKey),
      DurationSeconds: SESSION_SECONDS,
    }),
  );
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey)
    throw new Error(`STS gave no credentials for the ${district} AAG's writes`);
  const client = documentClientWith({
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    ...(credentials.SessionToken ? { sessionToken: credentials.SessionToken } : {}),
    ...(credentials.Expiration ? { expiration: credentials.Expiration } : {}),
  });
  sessions.set(key, {
    client,
    expires: credentials.Expiration?.getTime() ?? Date.now() + SESSION_SECONDS * 1000,
  });
  return client;
}
