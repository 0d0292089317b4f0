/**
 * The local stand-in for the portal's Cognito user pool: an OpenID Connect provider (oidc-provider) on the loopback,
 * with example people in the same groups the pool has (officer, ecb, aag:<area key>, aag-chair:<area key>), put in
 * the ID token's cognito:groups claim as Cognito puts them. The portal signs people in against it exactly as it does
 * against Cognito: the authorization code flow with PKCE, the ID token verified with aws-jwt-verify. Its sign-in page
 * asks for a user name and password, which the local run prints.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Provider from 'oidc-provider';
import { aagChairGroup, aagMemberGroup, areaKeyOf, ECB_GROUP, OFFICER_GROUP } from '../functions/core/access/people';
import { escapeHtml } from '../functions/core/html';

export interface ExamplePerson {
  username: string;
  password: string;
  name: string;
  email: string;
  groups: string[];
  /** What the person is, as the run prints it. */
  role: string;
}

/** The password every example person signs in with locally: printed by the run, never used on AWS. */
export const EXAMPLE_PASSWORD = 'example-only';

const CHAIR_NAMES = ['Priya Shah', 'David Owusu', 'Helen Marsh', 'Tomasz Nowak', 'Grace Adebayo', 'Ian Fletcher'];
const MEMBER_NAMES = ['Sam Turner', 'Aisha Khan', 'Mark Bell', 'Ruth Evans', 'Joe Murphy', 'Lena Fischer'];

/** The example people: the team's officer, an ECB member, and each AAG area's chair and a member. */
export function examplePeople(districts: readonly string[]): ExamplePerson[] {
  const person = (username: string, name: string, groups: string[], role: string): ExamplePerson => ({
    username,
    password: EXAMPLE_PASSWORD,
    name,
    email: `${username}@example.org`,
    groups,
    role,
  });
  return [
    person('officer', 'Olivia Grant', [OFFICER_GROUP], 'school-improvement officer'),
    person('ecb', 'Martin Reid', [ECB_GROUP], 'ECB member'),
    ...districts.flatMap((district, i) => {
      const key = areaKeyOf(district);
      return [
        person(
          `${key}-chair`,
          CHAIR_NAMES[i % CHAIR_NAMES.length]!,
          [aagMemberGroup(key), aagChairGroup(key)],
          `${district} AAG chair`,
        ),
        person(
          `${key}-member`,
          MEMBER_NAMES[i % MEMBER_NAMES.length]!,
          [aagMemberGroup(key)],
          `${district} AAG member`,
        ),
      ];
    }),
  ];
}

/** The provider's records (sessions, grants, codes), in this process's memory: the local provider lives as long as its run. */
class MemoryAdapter {
  private static readonly records = new Map<string, { payload: Record<string, unknown>; expiresAt: number }>();
  constructor(private readonly model: string) {}
  private key(id: string) {
    return `${this.model}:${id}`;
  }
  async upsert(id: string, payload: Record<string, unknown>, expiresIn: number) {
    MemoryAdapter.records.set(this.key(id), { payload, expiresAt: Date.now() + expiresIn * 1000 });
    for (const index of ['uid', 'userCode'] as const)
      if (typeof payload[index] === 'string')
        MemoryAdapter.records.set(`${this.model}:${index}:${payload[index]}`, {
          payload: { id },
          expiresAt: Date.now() + expiresIn * 1000,
        });
  }
  async find(id: string) {
    const record = MemoryAdapter.records.get(this.key(id));
    if (!record || record.expiresAt < Date.now()) return undefined;
    return record.payload as never;
  }
  private async findBy(index: string, value: string) {
    const pointer = MemoryAdapter.records.get(`${this.model}:${index}:${value}`);
    return pointer ? this.find(String(pointer.payload.id)) : undefined;
  }
  findByUid(uid: string) {
    return this.findBy('uid', uid);
  }
  findByUserCode(userCode: string) {
    return this.findBy('userCode', userCode);
  }
  async consume(id: string) {
    const record = MemoryAdapter.records.get(this.key(id));
    if (record) record.payload.consumed = Math.floor(Date.now() / 1000);
  }
  async destroy(id: string) {
    MemoryAdapter.records.delete(this.key(id));
  }
  async revokeByGrantId(grantId: string) {
    for (const [key, record] of MemoryAdapter.records)
      if (record.payload.grantId === grantId) MemoryAdapter.records.delete(key);
  }
}

export interface RunningIdentityProvider {
  issuer: string;
  clientId: string;
  stop(): Promise<void>;
}

export const LOCAL_CLIENT_ID = 'school-improvement-portal';

export async function startIdentityProvider(options: {
  people: readonly ExamplePerson[];
  /** The portal's address, to which the provider sends people back. */
  portalOrigin: string;
  port?: number;
  /** Tests only: how long an ID token lasts, by user name (default an hour). */
  sessionSeconds?: ReadonlyMap<string, number>;
  /**
   * The people invited since the provider started (school people from the contacts the store holds, as Cognito's are
   * invited from them): asked at each sign-in, so that a headteacher no longer in the contacts cannot sign in.
   */
  invited?: () => Promise<readonly ExamplePerson[]>;
}): Promise<RunningIdentityProvider> {
  const fixed = new Map(options.people.map((p) => [p.username, p]));
  const byName = {
    get: async (username: string): Promise<ExamplePerson | undefined> =>
      fixed.get(username) ?? (await options.invited?.())?.find((p) => p.username === username),
  };
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve()));
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('the local identity provider has no port');
  const issuer = `http://localhost:${address.port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'local', use: 'sig', alg: 'RS256' };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: LOCAL_CLIENT_ID,
        token_endpoint_auth_method: 'none',
        redirect_uris: [`${options.portalOrigin}/sign-in/callback`],
        post_logout_redirect_uris: [`${options.portalOrigin}/signed-out`],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    jwks: { keys: [jwk as never] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    pkce: { required: () => true },
    // Cognito puts the groups in the ID token: so does the stand-in.
    conformIdTokenClaims: false,
    claims: { openid: ['sub'], email: ['email'], profile: ['name', 'cognito:groups'] },
    findAccount: async (_ctx, id) => {
      const person = await byName.get(id);
      if (!person) return undefined;
      return {
        accountId: id,
        claims: async () => ({ sub: id, name: person.name, email: person.email, 'cognito:groups': person.groups }),
      };
    },
    adapter: MemoryAdapter,
    ttl: {
      IdToken: (_ctx, token) =>
        options.sessionSeconds?.get(String((token as unknown as { available?: { sub?: unknown } }).available?.sub)) ??
        3600,
      Interaction: 3600,
      Grant: 8 * 3600,
      Session: 8 * 3600,
      AuthorizationCode: 60,
    },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  });
  const callback = provider.callback();
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', issuer);
    const interaction = /^\/interaction\/([^/]+)$/.exec(url.pathname);
    if (!interaction) return void callback(request, response);
    signInPage(provider, byName, request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`The local sign-in failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  return {
    issuer,
    clientId: LOCAL_CLIENT_ID,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The provider's sign-in page (as Cognito's hosted page would be): a user name and a password. */
async function signInPage(
  provider: Provider,
  people: { get(username: string): Promise<ExamplePerson | undefined> },
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const details = await provider.interactionDetails(request, response);
  let problem = '';
  if (request.method === 'POST') {
    const form = new URLSearchParams(await bodyOf(request));
    const person = await people.get(form.get('username') ?? '');
    if (person && form.get('password') === person.password) {
      const grant = new provider.Grant({ accountId: person.username, clientId: String(details.params.client_id) });
      grant.addOIDCScope('openid email profile');
      const grantId = await grant.save();
      await provider.interactionFinished(
        request,
        response,
        { login: { accountId: person.username }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    problem = 'The user name or password is not right.';
  }
  response.writeHead(problem ? 401 : 200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  response.end(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sign in (local identity provider)</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: arial, sans-serif; max-width: 30em; margin: 2em auto; line-height: 1.5">
<main>
<h1>Sign in</h1>
<p>This is the local stand-in for the authority's sign-in (Cognito on AWS). The run printed the example people.</p>
${problem ? `<p role="alert" style="color:#d4351c"><strong>${escapeHtml(problem)}</strong></p>` : ''}
<form method="post" action="/interaction/${escapeHtml(details.uid)}">
<p><label for="username">User name</label><br><input id="username" name="username" autocomplete="username" required></p>
<p><label for="password">Password</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">Sign in</button></p>
</form>
</main>
</body></html>`);
}

function bodyOf(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
      if (body.length > 16_384) request.destroy();
    });
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}
