/**
 * The portal on Lambda: the Hono app (functions/portal/app.ts) behind API Gateway's HTTP API. The same app runs
 * locally under @hono/node-server (local/portal.ts).
 */
import { handle } from 'hono/aws-lambda';
import { createPortal } from '../portal/app';

export const handler = handle(createPortal());
