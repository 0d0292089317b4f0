/** The portal's settings, from its function's environment (the stack's, or the local runner's on top of it). */
import { z } from 'zod';
import type { SignInSettings } from './sign-in';

const termStarts = z
  .string()
  .transform((v) => JSON.parse(v) as unknown)
  .pipe(z.object({ autumn: z.string(), spring: z.string(), summer: z.string() }));

const portalEnvSchema = z.object({
  AUTHORITY_NAME: z.string().min(1),
  LA_CODE: z.string().regex(/^\d{3}$/),
  TERM_START_DATES: termStarts,
  /** The share of a file's rows that may be rejected before the cycle stops (cdk.json maxRejectedShare). */
  MAX_REJECTED_SHARE: z.coerce.number().min(0).max(1).default(0.25),
  /** Where an officer's upload form posts: the term files bucket's address (a form may post there). */
  PORTAL_UPLOAD_ORIGIN: z.string().url().optional(),
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
  laCode: string;
  termStartDates: { autumn: string; spring: string; summer: string };
  maxRejectedShare: number;
  uploadOrigin?: string;
  signIn: SignInSettings;
  moderationDeadlineHours: number;
  ecbConfirmationHours: number;
}

export function portalSettings(env: NodeJS.ProcessEnv = process.env): PortalSettings {
  const parsed = portalEnvSchema.parse(env);
  return {
    authority: parsed.AUTHORITY_NAME,
    laCode: parsed.LA_CODE,
    termStartDates: parsed.TERM_START_DATES,
    maxRejectedShare: parsed.MAX_REJECTED_SHARE,
    ...(parsed.PORTAL_UPLOAD_ORIGIN ? { uploadOrigin: parsed.PORTAL_UPLOAD_ORIGIN } : {}),
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
