/**
 * The school people in the portal's user pool (functions/adapters/school-users.ts), against a stand-in for Cognito on
 * the loopback that keeps a pool in memory and answers its JSON protocol as Cognito does: the newest contacts' people
 * are invited (their groups made as needed), a replaced headteacher's school group is taken away while their other
 * groups stay, and a second pass changes nothing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { applySchoolAccess, resetSchoolUsersClient, schoolUsers } from '../../functions/adapters/school-users';
import { schoolAccessChanges, schoolPeopleOf } from '../../functions/core/access/school-people';

const POOL = 'eu-west-2_pool';
let server: Server;
let endpoint: string;
/** The pool: each user's attributes and groups, by user name; the groups made. */
const users = new Map<string, { attributes: Record<string, string>; groups: Set<string> }>();
const groups = new Set<string>();
const calls: string[] = [];

function answer(action: string, input: Record<string, unknown>): [number, unknown] {
  calls.push(action);
  if (input.UserPoolId !== POOL) return [400, { __type: 'ResourceNotFoundException', message: 'no such pool' }];
  const username = String(input.Username ?? '');
  const group = String(input.GroupName ?? '');
  switch (action) {
    case 'ListGroups':
      return [200, { Groups: [...groups].map((GroupName) => ({ GroupName })) }];
    case 'ListUsersInGroup':
      return [
        200,
        {
          Users: [...users]
            .filter(([, u]) => u.groups.has(group))
            .map(([Username, u]) => ({
              Username,
              Enabled: true,
              Attributes: Object.entries(u.attributes).map(([Name, Value]) => ({ Name, Value })),
            })),
        },
      ];
    case 'CreateGroup':
      if (groups.has(group)) return [400, { __type: 'GroupExistsException', message: 'exists' }];
      groups.add(group);
      return [200, { Group: { GroupName: group } }];
    case 'AdminCreateUser': {
      if (users.has(username)) return [400, { __type: 'UsernameExistsException', message: 'exists' }];
      const attributes = Object.fromEntries(
        (input.UserAttributes as { Name: string; Value: string }[]).map((a) => [a.Name, a.Value]),
      );
      users.set(username, { attributes, groups: new Set() });
      return [200, { User: { Username: username } }];
    }
    case 'AdminAddUserToGroup':
      if (!groups.has(group)) return [400, { __type: 'ResourceNotFoundException', message: 'no such group' }];
      users.get(username)?.groups.add(group);
      return [200, {}];
    case 'AdminRemoveUserFromGroup':
      users.get(username)?.groups.delete(group);
      return [200, {}];
    default:
      return [400, { __type: 'InvalidParameterException', message: action }];
  }
}

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const action = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      const [status, out] = answer(action, JSON.parse(body || '{}') as Record<string, unknown>);
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(out));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  users.clear();
  groups.clear();
  calls.length = 0;
  vi.stubEnv('AWS_REGION', 'eu-west-2');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'function');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'function');
  vi.stubEnv('AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER', endpoint);
});
afterEach(() => {
  vi.unstubAllEnvs();
  resetSchoolUsersClient();
});

const school = (head: { name: string; email: string }) => ({
  urn: '125166',
  name: "Bramcote St Mary's",
  contacts: [
    { role: 'headteacher', ...head },
    { role: 'chair of governors', name: 'Nadia Lewis', email: 'chair@bramcote.example' },
  ],
});

async function bringIn(schools: Parameters<typeof schoolPeopleOf>[0]) {
  const now = await schoolUsers(POOL);
  return applySchoolAccess(POOL, now, schoolAccessChanges(now, schoolPeopleOf(schools)));
}

describe("the school people in the portal's user pool", () => {
  it("invites the contacts' people into their school's group, made as needed, and a second pass changes nothing", async () => {
    expect(await bringIn([school({ name: 'David White', email: 'Head@Bramcote.example' })])).toEqual({
      invited: 2,
      added: 0,
      removed: 0,
    });
    expect(groups).toEqual(new Set(['school:125166']));
    expect(users.get('head@bramcote.example')).toEqual({
      attributes: { email: 'head@bramcote.example', email_verified: 'true', name: 'David White' },
      groups: new Set(['school:125166']),
    });
    expect(calls.filter((c) => c === 'AdminCreateUser')).toHaveLength(2);
    calls.length = 0;
    expect(await bringIn([school({ name: 'David White', email: 'head@bramcote.example' })])).toEqual({
      invited: 0,
      added: 0,
      removed: 0,
    });
    expect(calls.filter((c) => c.startsWith('Admin') || c === 'CreateGroup')).toEqual([]);
  });

  it("takes a replaced headteacher's school group away, leaving their other groups, and invites the new one", async () => {
    groups.add('aag:kingsmere');
    await bringIn([school({ name: 'David White', email: 'head@bramcote.example' })]);
    users.get('head@bramcote.example')!.groups.add('aag:kingsmere');
    expect(await bringIn([school({ name: 'Nadia Rahman', email: 'n.rahman@bramcote.example' })])).toEqual({
      invited: 1,
      added: 0,
      removed: 1,
    });
    expect(users.get('head@bramcote.example')!.groups).toEqual(new Set(['aag:kingsmere']));
    expect(users.get('n.rahman@bramcote.example')!.groups).toEqual(new Set(['school:125166']));
    expect(users.get('chair@bramcote.example')!.groups).toEqual(new Set(['school:125166']));
  });

  it('gives a person already in the pool (an AAG member, say) their school group without inviting them again', async () => {
    users.set('head@bramcote.example', {
      attributes: { email: 'head@bramcote.example', name: 'David White' },
      groups: new Set(),
    });
    expect(await bringIn([school({ name: 'David White', email: 'head@bramcote.example' })])).toMatchObject({
      invited: 2,
    });
    expect(users.get('head@bramcote.example')!.groups).toEqual(new Set(['school:125166']));
  });
});
