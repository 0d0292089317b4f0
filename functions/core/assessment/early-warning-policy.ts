/**
 * The methodology's early-warning policy (its `earlyWarning` section), on its own with nothing but zod, so that the
 * methodology's schema can include it without importing the signals' workings (which read the reports' Ofsted bands,
 * which read the methodology).
 */
import { z } from 'zod';

export const earlyWarningPolicySchema = z.object({
  /** Recorded with each flag, so the record says which policy raised it. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { message: 'lower-case letters, digits and hyphens' }),
  /** The score at or above which a school is flagged. */
  threshold: z.number().positive(),
  /** The categories whose schools are looked at (those not already receiving support: A and B by default). */
  categories: z.array(z.string()).min(1),
  signals: z.object({
    /** Overall absence rose year on year by at least `minPoints` percentage points (attendance falling). */
    attendanceFalling: z.object({ points: z.number().min(0), minPoints: z.number().positive() }).optional(),
    /** Persistent absence rose year on year by at least `minPoints` percentage points. */
    persistentAbsenceRising: z.object({ points: z.number().min(0), minPoints: z.number().positive() }).optional(),
    /**
     * Key stage 2 (expected standard in reading, writing and maths) fell year on year by more than `minPoints` and by
     * more than `noise` standard errors for a cohort of the school's size (pupils on roll divided by its year groups).
     */
    resultsFalling: z
      .object({ points: z.number().min(0), minPoints: z.number().positive(), noise: z.number().min(0) })
      .optional(),
    /**
     * Key stage 4 Attainment 8 fell year on year by more than `minPoints` and by more than `noise` standard errors of
     * the difference of two cohorts' means, for a cohort of the school's size and pupils' scores spread by `pupilSd`.
     */
    attainment8Falling: z
      .object({
        points: z.number().min(0),
        minPoints: z.number().positive(),
        noise: z.number().min(0),
        pupilSd: z.number().positive(),
      })
      .optional(),
    /** At least `count` new headteachers within `withinMonths` of the term's start. */
    headteacherTurnover: z
      .object({ points: z.number().min(0), count: z.number().int().min(1), withinMonths: z.number().int().positive() })
      .optional(),
    /** At least `count` interim headteachers within `withinMonths`. */
    interimLeadership: z
      .object({ points: z.number().min(0), count: z.number().int().min(1), withinMonths: z.number().int().positive() })
      .optional(),
    /** The latest graded inspection (or report card) is more than `years` before the term's start. */
    inspectionOverdue: z.object({ points: z.number().min(0), years: z.number().positive() }).optional(),
    /** Judged good or better at its latest inspection, while its latest key stage 2 result is below `ks2Below` (%). */
    dataBelowGrade: z.object({ points: z.number().min(0), ks2Below: z.number() }).optional(),
  }),
});
export type EarlyWarningPolicy = z.infer<typeof earlyWarningPolicySchema>;
