/**
 * The portal served locally: the same Hono app the portal's Lambda function serves (functions/portal/app.ts), under
 * @hono/node-server on the loopback. Each request is answered in the portal function's own environment from the
 * synthesized template (its tables, its methodology), in turn with the stages' invocations, as bind.ts runs every
 * function; people sign in through the local identity provider standing in for Cognito.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createPortal } from '../functions/portal/app';
import { inFunctionTurn } from './bind';
import {
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
    fetch: (request) => inFunctionTurn(fn, environment, log, async () => app.fetch(request)),
    port: options.port ?? 0,
    hostname: '127.0.0.1',
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  const people = examplePeople(options.districts);
  const stopServer = () => new Promise<void>((resolve) => server.close(() => resolve()));
  let identityProvider: RunningIdentityProvider;
  try {
    identityProvider = await startIdentityProvider({
      people,
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
    ECB_CONFIRMATION_HOURS: String(options.ecbConfirmationHours),
  });
  return {
    origin,
    identityProvider,
    people,
    stop: async () => {
      // Open keep-alive connections (a browser's) would hold the server open.
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      await Promise.all([stopServer(), identityProvider.stop()]);
    },
  };
}
