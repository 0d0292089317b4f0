/**
 * Sign-in to the portal with OpenID Connect: the authorization code flow with PKCE, against Cognito's user pool on AWS
 * (which may itself federate the authority's own identity provider) or a local provider standing in for it. The ID
 * token the provider signs is the session: kept in an HttpOnly, SameSite=Lax cookie (Secure wherever the browser
 * allows), verified at every request with aws-jwt-verify, and the person's roles read from its groups claim. Every
 * form carries a CSRF token derived from the session, which a page of another site cannot read.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { JwtVerifier } from 'aws-jwt-verify';
import { JwtExpiredError } from 'aws-jwt-verify/error';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { Person } from '../core/access/people';

export interface SignInSettings {
  /** The OpenID Connect issuer: Cognito's user pool, or the local provider. */
  issuer: string;
  clientId: string;
  /** The claim that lists the person's groups (Cognito's: cognito:groups). */
  groupsClaim: string;
  /** Where the provider signs a person out, when its discovery document names none (Cognito's /logout). */
  signOutUrl?: string;
}

const discoverySchema = z.object({
  issuer: z.string(),
  authorization_endpoint: z.string().url(),
  token_endpoint: z.string().url(),
  jwks_uri: z.string().url(),
  end_session_endpoint: z.string().url().optional(),
});
type Discovery = z.infer<typeof discoverySchema>;

const discoveries = new Map<string, Promise<Discovery>>();

async function discover(issuer: string): Promise<Discovery> {
  let found = discoveries.get(issuer);
  if (!found) {
    found = fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`).then(
      async (response) => {
        if (!response.ok) throw new SignInUnavailable(`the identity provider answered ${response.status}`);
        const parsed = discoverySchema.safeParse(await response.json().catch(() => undefined));
        if (!parsed.success) throw new SignInUnavailable("the identity provider's discovery document is not readable");
        return parsed.data;
      },
      (error: unknown) => {
        throw new SignInUnavailable(
          `the identity provider could not be reached (${error instanceof Error ? error.message : String(error)})`,
        );
      },
    );
    found.catch(() => discoveries.delete(issuer));
    discoveries.set(issuer, found);
  }
  return found;
}

export class SignInUnavailable extends Error {
  override readonly name = 'SignInUnavailable';
}

const verifiers = new Map<string, ReturnType<typeof verifierFor>>();

function verifierFor(settings: SignInSettings, jwksUri: string) {
  return JwtVerifier.create({
    issuer: settings.issuer,
    audience: settings.clientId,
    jwksUri,
    includeRawJwtInErrors: true,
    // Cognito marks its ID tokens; an access token is not a session.
    customJwtCheck: ({ payload }) => {
      if (payload.token_use !== undefined && payload.token_use !== 'id') throw new Error('not an ID token');
    },
  });
}

async function verifier(settings: SignInSettings) {
  const discovery = await discover(settings.issuer);
  const key = `${settings.issuer}#${settings.clientId}`;
  let found = verifiers.get(key);
  if (!found) {
    found = verifierFor(settings, discovery.jwks_uri);
    // aws-jwt-verify fetches keys over HTTPS only; the local provider serves them over HTTP on the loopback.
    if (discovery.jwks_uri.startsWith('http://')) {
      const response = await fetch(discovery.jwks_uri).catch(() => undefined);
      if (!response?.ok) throw new SignInUnavailable("the identity provider's keys could not be read");
      found.cacheJwks((await response.json()) as Parameters<typeof found.cacheJwks>[0]);
    }
    verifiers.set(key, found);
  }
  return found;
}

const b64url = (bytes: Buffer) => bytes.toString('base64url');

export const SESSION_COOKIE = 'portal-session';
/** How long the browser keeps the session cookie: a working day, though the token in it lasts an hour. */
const KEEP_EXPIRED_SESSION_SECONDS = 12 * 3600;
const SIGN_IN_COOKIE = 'portal-sign-in';

/** Whether the browser keeps a Secure cookie from this origin: over HTTPS, or from the loopback. */
const secureOrigin = (c: Context) => {
  const url = new URL(c.req.url);
  return url.protocol === 'https:' || url.hostname === 'localhost' || url.hostname === '127.0.0.1';
};

/** An HttpOnly, SameSite=Lax cookie of the portal's, Secure wherever the browser keeps one so. */
export function cookieOptions(c: Context, maxAge: number) {
  return { httpOnly: true, secure: secureOrigin(c), sameSite: 'Lax' as const, path: '/', maxAge };
}

/** The portal's own address, as the provider sends the browser back to it. */
export const originOf = (c: Context): string => {
  const url = new URL(c.req.url);
  // Behind API Gateway the function sees the API's host; the scheme is HTTPS.
  const proto = c.req.header('x-forwarded-proto') ?? url.protocol.replace(':', '');
  return `${proto}://${c.req.header('host') ?? url.host}`;
};

/** Sends the browser to the provider to sign in, then back to `returnTo` (a path of the portal). */
export async function startSignIn(c: Context, settings: SignInSettings, returnTo: string): Promise<Response> {
  const discovery = await discover(settings.issuer);
  const state = b64url(randomBytes(24));
  const nonce = b64url(randomBytes(24));
  const verifierText = b64url(randomBytes(32));
  const challenge = b64url(createHash('sha256').update(verifierText).digest());
  setCookie(
    c,
    SIGN_IN_COOKIE,
    b64url(Buffer.from(JSON.stringify({ state, nonce, verifier: verifierText, returnTo: safePath(returnTo) }))),
    cookieOptions(c, 600),
  );
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: `${originOf(c)}/sign-in/callback`,
    scope: 'openid email profile',
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  return c.redirect(url.toString(), 302);
}

/** Only a path of the portal itself: never another site (an open redirect). */
export function safePath(path: string | undefined): string {
  return path && /^\/(?![/\\])/.test(path) ? path : '/';
}

const signInStateSchema = z.object({
  state: z.string(),
  nonce: z.string(),
  verifier: z.string(),
  returnTo: z.string(),
});

/**
 * The provider's answer: the code exchanged for tokens, the ID token verified and kept as the session. Returns where
 * to go next, or why sign-in failed (in words for the person).
 */
export async function finishSignIn(
  c: Context,
  settings: SignInSettings,
): Promise<{ returnTo: string } | { problem: string }> {
  const raw = getCookie(c, SIGN_IN_COOKIE);
  deleteCookie(c, SIGN_IN_COOKIE, { path: '/', secure: secureOrigin(c) });
  const error = c.req.query('error');
  if (error) return { problem: `The identity provider did not sign you in (${error}).` };
  let pending: z.infer<typeof signInStateSchema>;
  try {
    pending = signInStateSchema.parse(JSON.parse(Buffer.from(raw ?? '', 'base64url').toString('utf8')));
  } catch {
    return { problem: 'Your sign-in took too long or was started in another browser.' };
  }
  if (c.req.query('state') !== pending.state) return { problem: 'Your sign-in could not be matched to this browser.' };
  const discovery = await discover(settings.issuer);
  const response = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: c.req.query('code') ?? '',
      redirect_uri: `${originOf(c)}/sign-in/callback`,
      client_id: settings.clientId,
      code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) return { problem: 'The identity provider did not confirm your sign-in.' };
  const { id_token: idToken } = (await response.json()) as { id_token?: string };
  if (!idToken) return { problem: 'The identity provider sent no identity.' };
  const payload = await (await verifier(settings)).verify(idToken);
  if (payload.nonce !== pending.nonce) return { problem: 'Your sign-in could not be matched to this browser.' };
  // The cookie outlives the token, so that a form posted after the session expired is recognised as this browser's
  // (its CSRF token still checkable) and kept for the person to save again once signed in; the token itself is refused.
  setCookie(c, SESSION_COOKIE, idToken, cookieOptions(c, KEEP_EXPIRED_SESSION_SECONDS));
  return { returnTo: pending.returnTo };
}

export type Session =
  | { state: 'signed in'; person: Person; csrf: string; idToken: string }
  | { state: 'expired'; csrf: string }
  | { state: 'none' };

/** The request's session: the person it is, an expired one (its CSRF token still checkable), or none. */
export async function sessionOf(c: Context, settings: SignInSettings): Promise<Session> {
  const idToken = getCookie(c, SESSION_COOKIE);
  if (!idToken) return { state: 'none' };
  // The provider out of reach is not "no session": it is said as it is (SignInUnavailable).
  const verify = await verifier(settings);
  try {
    const payload = await verify.verify(idToken);
    return { state: 'signed in', person: personOf(payload, settings), csrf: csrfTokenOf(idToken), idToken };
  } catch (error) {
    // A key the provider has since added is fetched by aws-jwt-verify itself; a fetch that fails is the provider's.
    if ((error as Error).name === 'FetchError')
      throw new SignInUnavailable("the identity provider's keys could not be read");
    // Expired, but signed by the provider: its forms' tokens still prove they came from this browser.
    if (error instanceof JwtExpiredError && error.rawJwt) return { state: 'expired', csrf: csrfTokenOf(idToken) };
    return { state: 'none' };
  }
}

function personOf(payload: JwtPayload, settings: SignInSettings): Person {
  const groups = payload[settings.groupsClaim];
  const email = typeof payload.email === 'string' ? payload.email : undefined;
  return {
    id: String(payload.sub),
    name: typeof payload.name === 'string' && payload.name ? payload.name : (email ?? String(payload.sub)),
    ...(email ? { email } : {}),
    groups: Array.isArray(groups) ? groups.map(String) : [],
  };
}

/** The session's CSRF token: a digest of the session cookie, which only this browser and the portal hold. */
export const csrfTokenOf = (idToken: string): string =>
  createHash('sha256').update(`csrf:${idToken}`).digest('base64url');

/** Whether a form's token is the session's. */
export function csrfMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

/** Ends the session here, and where the provider's own session ends too (its sign-out address), if it has one. */
export async function signOut(c: Context, settings: SignInSettings, idToken: string | undefined): Promise<string> {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: secureOrigin(c) });
  const back = `${originOf(c)}/signed-out`;
  const discovery = await discover(settings.issuer);
  if (discovery.end_session_endpoint) {
    const url = new URL(discovery.end_session_endpoint);
    url.search = new URLSearchParams({
      post_logout_redirect_uri: back,
      client_id: settings.clientId,
      ...(idToken ? { id_token_hint: idToken } : {}),
    }).toString();
    return url.toString();
  }
  if (settings.signOutUrl) {
    const url = new URL(settings.signOutUrl);
    url.search = new URLSearchParams({ client_id: settings.clientId, logout_uri: back }).toString();
    return url.toString();
  }
  return back;
}
