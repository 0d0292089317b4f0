/** The portal's settings, from its function's environment (the stack's, or the local runner's on top of it). */
import { z } from 'zod';
import type { SignInSettings } from './sign-in';

const portalEnvSchema = z.object({
  AUTHORITY_NAME: z.string().min(1),
  PORTAL_ISSUER: z.string().url(),
  PORTAL_CLIENT_ID: z.string().min(1),
  PORTAL_GROUPS_CLAIM: z.string().min(1).default('cognito:groups'),
  PORTAL_SIGN_OUT_URL: z.string().url().optional(),
  /** How long each AAG has to decide, from when the cycle asks it (cdk.json moderationDeadlineHours; shorter locally). */
  MODERATION_DEADLINE_HOURS: z.coerce.number().positive(),
  /** How long the ECB has to confirm a held term (cdk.json ecbConfirmationHours; shorter locally). */
  ECB_CONFIRMATION_HOURS: z.coerce
    .number()
    .positive()
    .default(24 * 14),
});

export interface PortalSettings {
  authority: string;
  signIn: SignInSettings;
  moderationDeadlineHours: number;
  ecbConfirmationHours: number;
}

export function portalSettings(env: NodeJS.ProcessEnv = process.env): PortalSettings {
  const parsed = portalEnvSchema.parse(env);
  return {
    authority: parsed.AUTHORITY_NAME,
    signIn: {
      issuer: parsed.PORTAL_ISSUER,
      clientId: parsed.PORTAL_CLIENT_ID,
      groupsClaim: parsed.PORTAL_GROUPS_CLAIM,
      ...(parsed.PORTAL_SIGN_OUT_URL ? { signOutUrl: parsed.PORTAL_SIGN_OUT_URL } : {}),
    },
    moderationDeadlineHours: parsed.MODERATION_DEADLINE_HOURS,
    ecbConfirmationHours: parsed.ECB_CONFIRMATION_HOURS,
  };
}
