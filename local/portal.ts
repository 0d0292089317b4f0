/**
 * The portal served locally: the same Hono app the portal's Lambda function serves (functions/portal/app.ts), under
 * @hono/node-server on the loopback. Each request is answered in the portal function's own environment from the
 * synthesized template (its tables, its methodology), in turn with the stages' invocations, as bind.ts runs every
 * function; people sign in through the local identity provider standing in for Cognito.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import { serve } from '@hono/node-server';
import { loadTaskGroups } from '../functions/adapters/cycle-store';
import { schoolsOnRecord } from '../functions/adapters/school-store';
import { exampleVisitors, schoolPeopleOf } from '../functions/core/access/school-people';
import { createPortal } from '../functions/portal/app';
import { inFunctionTurn } from './bind';
import {
  EXAMPLE_PASSWORD,
  type ExamplePerson,
  examplePeople,
  type RunningIdentityProvider,
  startIdentityProvider,
} from './identity-provider';
import type { TemplateFunction } from './template';

export interface RunningPortal {
  /** The portal's address, e.g. http://localhost:3000. */
  origin: string;
  identityProvider: RunningIdentityProvider;
  people: ExamplePerson[];
  /**
   * The school people invited from the contacts of the newest term run (each headteacher, chair of governors and
   * trust board chair, by their address), and the task groups' chairs as visiting advisers: Cognito's on AWS.
   */
  schoolPeople(): Promise<ExamplePerson[]>;
  stop(): Promise<void>;
}

export interface PortalOptions {
  /** The portal's function as the template deploys it. */
  fn: TemplateFunction;
  /** The local endpoints and credentials every function gets. */
  localEnvironment: Record<string, string>;
  /** The AAG areas (districts) whose example chair and member sign in. */
  districts: readonly string[];
  /** How long each AAG has to decide locally, in hours (a fraction of the deployed deadline). */
  moderationDeadlineHours: number;
  /** How long the ECB has to confirm a held term locally, in hours. */
  ecbConfirmationHours: number;
  port?: number;
  /** Where the portal's function logs (the run's function-logs.txt). */
  log?: (line: string) => void;
  /** Tests only: how long an ID token lasts, by user name. */
  sessionSeconds?: ReadonlyMap<string, number>;
}

export async function startPortal(options: PortalOptions): Promise<RunningPortal> {
  const app = createPortal();
  const environment: Record<string, string> = { ...options.localEnvironment };
  // The stack's Cognito sign-out address means nothing locally: the local provider names its own.
  const { PORTAL_SIGN_OUT_URL: _cognito, ...deployed } = options.fn.environment;
  const fn = { ...options.fn, environment: deployed };
  const log = options.log ?? (() => undefined);
  const server = serve({
    fetch: (request) =>
      new URL(request.url).pathname === LOCAL_UPLOAD_PATH
        ? localUpload(request, environment.LOCAL_INPUTS_DIR)
        : inFunctionTurn(fn, environment, log, async () => app.fetch(request)),
    port: options.port ?? 0,
    hostname: '127.0.0.1',
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  const people = examplePeople(options.districts);
  // Read in the portal function's environment (its tables), as a request is.
  const schoolPeople = () =>
    inFunctionTurn(fn, environment, log, async () => invitedFromStore(await schoolsOnRecord()));
  const stopServer = () => new Promise<void>((resolve) => server.close(() => resolve()));
  let identityProvider: RunningIdentityProvider;
  try {
    identityProvider = await startIdentityProvider({
      people,
      invited: schoolPeople,
      portalOrigin: origin,
      ...(options.sessionSeconds ? { sessionSeconds: options.sessionSeconds } : {}),
    });
  } catch (error) {
    await stopServer();
    throw error;
  }
  // In place of the stack's Cognito: the local provider, and the deadline as the local run keeps it.
  Object.assign(environment, {
    PORTAL_ISSUER: identityProvider.issuer,
    PORTAL_CLIENT_ID: identityProvider.clientId,
    MODERATION_DEADLINE_HOURS: String(options.moderationDeadlineHours),
    // An officer's upload posts to the stand-in for S3 below, on the portal's own address.
    LOCAL_UPLOAD_URL: `${origin}${LOCAL_UPLOAD_PATH}`,
    ECB_CONFIRMATION_HOURS: String(options.ecbConfirmationHours),
    // No IAM locally (DynamoDB Local checks no permission): an area's writes go with the function's own credentials.
    PORTAL_AREA_WRITER_ROLE_ARN: '',
  });
  return {
    origin,
    identityProvider,
    people,
    schoolPeople,
    stop: async () => {
      // Open keep-alive connections (a browser's) would hold the server open.
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      await Promise.all([stopServer(), identityProvider.stop()]);
    },
  };
}

/** The people the user pool would hold for the schools of the newest term run, each with the example password. */
async function invitedFromStore(onRecord: Awaited<ReturnType<typeof schoolsOnRecord>>): Promise<ExamplePerson[]> {
  if (!onRecord.term) return [];
  const taskGroups = await loadTaskGroups(onRecord.term);
  return [
    ...schoolPeopleOf([...onRecord.schools.values()]).map((p) => ({
      username: p.email,
      password: EXAMPLE_PASSWORD,
      name: p.name,
      email: p.email,
      groups: p.groups,
      role: p.role,
    })),
    ...exampleVisitors(taskGroups).map((v) => ({
      ...v,
      password: EXAMPLE_PASSWORD,
      email: `${v.username}@example.org`,
    })),
  ];
}

const LOCAL_UPLOAD_PATH = '/local-s3';
const FILENAME = ['$', '{filename}'].join('');

/**
 * The local stand-in for S3's POST upload (where the officer's upload form posts on AWS): it checks the form's policy
 * as S3 would (not expired, the key under the term's inputs, the size within range, the redirect the one signed), writes
 * the file under the term's inputs, and sends the browser on to the redirect. S3 checks the policy's signature too;
 * locally nothing signs it, and the form comes only from the local portal.
 */
async function localUpload(request: Request, inputsDir: string | undefined): Promise<Response> {
  const refuse = (why: string) =>
    new Response(`The upload was refused: ${why}.`, { status: 403, headers: { 'content-type': 'text/plain' } });
  if (request.method !== 'POST' || !inputsDir) return refuse('this takes a form posted to it');
  const form = await request.formData().catch(() => undefined);
  const file = form?.get('file');
  if (!form || !file || typeof file === 'string') return refuse('the form carries no file');
  let policy: { expiration: string; conditions: unknown[] };
  try {
    policy = JSON.parse(Buffer.from(String(form.get('Policy') ?? ''), 'base64').toString('utf8')) as typeof policy;
  } catch {
    return refuse('the form carries no policy');
  }
  if (Date.parse(policy.expiration) < Date.now()) return refuse('the form has expired: reload the page');
  const name = basename(file.name);
  // S3 puts the file's own name in place of the key's ${filename}.
  const key = String(form.get('key') ?? '').replace(FILENAME, name);
  const redirect = String(form.get('success_action_redirect') ?? '');
  for (const condition of policy.conditions) {
    const [op, field, value] = condition as [string, string, string | number, number?];
    if (op === 'starts-with' && field === '$key' && !key.startsWith(String(value)))
      return refuse(`the key is not under ${value}`);
    if (op === 'eq' && field === '$success_action_redirect' && redirect !== value)
      return refuse('the redirect differs');
    if (op === 'content-length-range') {
      const [, least, most] = condition as [string, number, number];
      if (file.size < least || file.size > most) return refuse(`the file is not from ${least} to ${most} bytes`);
    }
  }
  const [, term, ...rest] = key.split('/');
  if (!term || rest.join('/') !== name || !name || name.startsWith('.')) return refuse('the key names no file');
  await mkdir(join(inputsDir, term), { recursive: true });
  await writeFile(join(inputsDir, term, name), new Uint8Array(await file.arrayBuffer()));
  return new Response(null, { status: 303, headers: { location: redirect } });
}
