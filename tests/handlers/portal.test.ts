/**
 * The portal's Lambda function as API Gateway's HTTP API invokes it (a version 2.0 event, through Hono's AWS Lambda
 * adapter): the same app as locally, answering with its security headers, sending a person with no session to sign
 * in, and serving GOV.UK Frontend's stylesheet without the GOV.UK-only typeface.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/handlers/portal';
import { examplePeople, type RunningIdentityProvider, startIdentityProvider } from '../../local/identity-provider';

const event = (path: string, headers: Record<string, string> = {}) => ({
  version: '2.0',
  routeKey: '$default',
  rawPath: path,
  rawQueryString: '',
  headers: { host: 'portal.example.org', 'x-forwarded-proto': 'https', ...headers },
  requestContext: {
    accountId: '000000000000',
    apiId: 'api',
    domainName: 'portal.example.org',
    domainPrefix: 'portal',
    http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
    requestId: 'id',
    routeKey: '$default',
    stage: '$default',
    time: '07/Dec/2026:14:00:00 +0000',
    timeEpoch: 1796652000000,
  },
  isBase64Encoded: false,
});

type Result = { statusCode: number; headers: Record<string, string>; body: string; isBase64Encoded: boolean };

describe('the portal on Lambda', () => {
  // The local stand-in for Cognito: its discovery document and keys are what the function verifies sessions against.
  let provider: RunningIdentityProvider;
  beforeAll(async () => {
    provider = await startIdentityProvider({
      people: examplePeople(['Ashdown']),
      portalOrigin: 'https://portal.example.org',
    });
  });
  afterAll(() => provider?.stop());
  beforeEach(() => {
    vi.stubEnv('AUTHORITY_NAME', 'Ardenshire County Council');
    vi.stubEnv('LA_CODE', '999');
    vi.stubEnv('TERM_START_DATES', '{"autumn":"09-03","spring":"01-05","summer":"04-20"}');
    vi.stubEnv('PORTAL_ISSUER', provider.issuer);
    vi.stubEnv('PORTAL_CLIENT_ID', 'client');
    vi.stubEnv('MODERATION_DEADLINE_HOURS', '336');
  });
  afterEach(() => vi.unstubAllEnvs());

  it('sends a person without a session to sign in, with the security headers on every answer', async () => {
    const result = (await handler(event('/aag/ashdown') as never, {} as never)) as Result;
    expect(result.statusCode).toBe(303);
    expect(result.headers.location).toBe('/sign-in?return=%2Faag%2Fashdown');
    expect(result.headers['content-security-policy']).toBe(
      `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self' ${new URL(provider.issuer).origin}`,
    );
    expect(result.headers['strict-transport-security']).toMatch(/^max-age=31536000/);
    expect(result.headers['cache-control']).toBe('no-store');
  });

  it('refuses a session cookie the provider did not sign, as no session', async () => {
    const forged = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x","cognito:groups":["officer"]}').toString('base64url')}.`;
    const result = (await handler(event('/', { cookie: `portal-session=${forged}` }) as never, {} as never)) as Result;
    expect(result.statusCode).toBe(303);
    expect(result.headers.location).toBe('/sign-in?return=%2F');
  });

  it('says sign-in is not available when the provider cannot be reached, not that the person has no session', async () => {
    vi.stubEnv('PORTAL_ISSUER', 'http://127.0.0.1:9/nobody-here');
    const result = (await handler(event('/', { cookie: 'portal-session=a.b.c' }) as never, {} as never)) as Result;
    expect(result.statusCode).toBe(503);
    expect(result.body).toContain('Sign-in is not available just now');
  });

  it("serves GOV.UK Frontend's styles without the GDS Transport typeface, and its script as a module", async () => {
    const css = (await handler(event('/assets/portal.css') as never, {} as never)) as Result;
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const text = css.isBase64Encoded ? Buffer.from(css.body, 'base64').toString('utf8') : css.body;
    expect(text).toContain('.govuk-button');
    expect(text).not.toContain('GDS Transport');
    expect(text).toContain('.portal-link-button');
    const script = (await handler(event('/assets/portal.js') as never, {} as never)) as Result;
    expect(script.statusCode).toBe(200);
    expect(script.body).toContain("import { initAll } from '/assets/govuk-frontend.min.js'");
    expect(((await handler(event('/assets/nothing.js') as never, {} as never)) as Result).statusCode).toBe(404);
  });
});
