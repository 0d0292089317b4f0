/**
 * An AAG area's writes in the portal (functions/adapters/area-writes.ts): made as a session of the area writer role
 * that STS gives with the area's own session policy, kept until near its end, one session an area; without the role
 * (locally), with the function's own client. STS is a stand-in on the loopback that answers AssumeRole as STS does.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { areaClient, resetAreaWrites } from '../../functions/adapters/area-writes';
import { documentClient, resetDocumentClient } from '../../functions/adapters/dynamo';

const ROLE = 'arn:aws:iam::123456789012:role/portal-area-writer';
let server: Server;
let endpoint: string;
const asked: URLSearchParams[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const form = new URLSearchParams(body);
      asked.push(form);
      response.writeHead(200, { 'content-type': 'text/xml' });
      response.end(
        `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>AKIA${asked.length}</AccessKeyId><SecretAccessKey>secret</SecretAccessKey><SessionToken>token</SessionToken><Expiration>${new Date(Date.now() + 900_000).toISOString()}</Expiration></Credentials><AssumedRoleUser><Arn>${ROLE}/s</Arn><AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AssumeRoleResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  asked.length = 0;
  vi.stubEnv('AWS_REGION', 'eu-west-2');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'function');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'function');
  vi.stubEnv('AWS_ENDPOINT_URL_STS', endpoint);
});
afterEach(() => {
  vi.unstubAllEnvs();
  resetAreaWrites();
  resetDocumentClient();
});

describe("an AAG area's writes", () => {
  it('go as a session of the area writer role, held by its session policy to the area’s own keys', async () => {
    const client = await areaClient("King's Lynn, Wisbech & Downham", 'king-s-lynn-wisbech-downham', {
      PORTAL_AREA_WRITER_ROLE_ARN: ROLE,
    });
    expect(client).not.toBe(documentClient());
    expect((await client.config.credentials()).accessKeyId).toBe('AKIA1');
    expect(asked).toHaveLength(1);
    const form = asked[0]!;
    expect(form.get('Action')).toBe('AssumeRole');
    expect(form.get('RoleArn')).toBe(ROLE);
    expect(form.get('RoleSessionName')).toBe('portal-king-s-lynn-wisbech-downham');
    expect(form.get('DurationSeconds')).toBe('900');
    const policy = JSON.parse(form.get('Policy')!) as {
      Statement: { Action: string[]; Condition?: Record<string, Record<string, string[]>> }[];
    };
    expect(policy.Statement[0]).toMatchObject({
      Action: ['dynamodb:PutItem'],
      Condition: {
        'ForAllValues:StringEquals': {
          'dynamodb:LeadingKeys': ["King's Lynn, Wisbech & Downham", 'king-s-lynn-wisbech-downham'],
        },
      },
    });
  });

  it('keep one session an area while it lasts, and ask for another area’s', async () => {
    const env = { PORTAL_AREA_WRITER_ROLE_ARN: ROLE };
    const first = await areaClient('Ashdown', 'ashdown', env);
    expect(await areaClient('Ashdown', 'ashdown', env)).toBe(first);
    const other = await areaClient('Riverton', 'riverton', env);
    expect(other).not.toBe(first);
    expect(asked.map((f) => f.get('RoleSessionName'))).toEqual(['portal-ashdown', 'portal-riverton']);
  });

  it("go with the function's own client where there is no role (locally)", async () => {
    expect(await areaClient('Ashdown', 'ashdown', { PORTAL_AREA_WRITER_ROLE_ARN: '' })).toBe(documentClient());
    expect(asked).toHaveLength(0);
  });
});
