/**
 * A school's response to its category or to a visit note, made in the portal by its headteacher, its chair of
 * governors or its trust board's chair: it agrees, or disagrees with the evidence it names, saying why, with files
 * that bear it out. A disagreement with a category within the letter's window (20 school days) is a challenge: the
 * school's AAG answers it at its next round (upheld, or not upheld, and why), and the school sees the answer. A
 * response is never refused for coming late: it is listed all the same, said to be after the window.
 */
import { z } from 'zod';
import { addDays, formatDate } from '../dates';
import type { Reason } from '../types';

/** How long a letter gives a school to challenge its category, as the letter says it. */
export const CHALLENGE_SCHOOL_DAYS = 20;

export const RESPONSE_SUBJECTS = ['category', 'visit note'] as const;
export type ResponseSubject = (typeof RESPONSE_SUBJECTS)[number];

export const ANSWER_OUTCOMES = ['upheld', 'not upheld', 'noted'] as const;
export type AnswerOutcome = (typeof ANSWER_OUTCOMES)[number];

/** A file given with a response, kept with the authority's records. */
export const attachmentSchema = z.object({
  name: z.string().min(1),
  /** Where it is kept (records/responses/...). */
  key: z.string().min(1),
  bytes: z.number().int().nonnegative(),
  type: z.string().min(1),
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const schoolResponseSchema = z.object({
  urn: z.string().min(1),
  /** `<term>#<time>#<id>`: a school's responses read in the order they were made. */
  responseId: z.string().min(1),
  /** The term of the category (or of the visit) responded to. */
  term: z.string().min(1),
  about: z.enum(RESPONSE_SUBJECTS),
  /** The visit note responded to (its record's id), for a response to a visit note. */
  visitId: z.string().optional(),
  agrees: z.boolean(),
  /** The evidence disagreed with, as the school was shown it when it responded. */
  disputed: z.array(z.string()),
  reason: z.string(),
  attachments: z.array(attachmentSchema),
  /** Who responded: their name, role and the identity provider's id. */
  by: z.object({ name: z.string(), role: z.string(), id: z.string() }),
  at: z.string().min(1),
  /** A disagreement with a category: whether it came within the letter's window, which ends on `windowEnds`. */
  challenge: z.object({ letterDate: z.string(), windowEnds: z.string(), withinWindow: z.boolean() }).optional(),
  /** The AAG's answer, once it has given one. */
  answer: z
    .object({
      outcome: z.enum(ANSWER_OUTCOMES),
      text: z.string().min(1),
      by: z.string().min(1),
      at: z.string().min(1),
      /** The term of the AAG's round it was answered at. */
      term: z.string().min(1),
    })
    .optional(),
});
export type SchoolResponse = z.infer<typeof schoolResponseSchema>;

/** The most files a response carries, and the most they come to together (the portal's posted form's limit). */
export const ATTACHMENT_LIMITS = { files: 3, totalBytes: 2_000_000 } as const;

/** The kinds of file a response may carry: documents and pictures, recognised by their first bytes, not their names. */
const FILE_KINDS: { type: string; extensions: string[]; starts: number[] }[] = [
  { type: 'application/pdf', extensions: ['pdf'], starts: [0x25, 0x50, 0x44, 0x46] },
  { type: 'image/png', extensions: ['png'], starts: [0x89, 0x50, 0x4e, 0x47] },
  { type: 'image/jpeg', extensions: ['jpg', 'jpeg'], starts: [0xff, 0xd8, 0xff] },
  {
    type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
    starts: [0x50, 0x4b, 0x03, 0x04],
  },
  {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx'],
    starts: [0x50, 0x4b, 0x03, 0x04],
  },
];

/** A file's kind, or what is wrong with it. */
export function attachmentKind(name: string, bytes: Uint8Array): { type: string } | { problem: string } {
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  const kind = FILE_KINDS.find((k) => k.extensions.includes(extension));
  if (!kind) return { problem: `${name} is not a PDF, Word document, Excel workbook, PNG or JPEG` };
  if (bytes.length === 0) return { problem: `${name} is empty` };
  if (!kind.starts.every((b, i) => bytes[i] === b))
    return { problem: `${name} is not a ${extension.toUpperCase()} file: its content is of another kind` };
  return { type: kind.type };
}

/** The day a letter's window for a challenge ends: 20 school days on, counted as weekdays (holidays not known). */
export function challengeWindowEnds(letterDate: string): string {
  let day = letterDate;
  let counted = 0;
  while (counted < CHALLENGE_SCHOOL_DAYS) {
    day = addDays(day, 1);
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) counted++;
  }
  return day;
}

/** What the portal offers the school to disagree with: each reason's evidence for the category, as the school sees it. */
export function evidenceChoices(reasons: readonly Reason[]): { id: string; said: string }[] {
  return reasons
    .filter((r) => r.evidence || r.text)
    .map((r, i) => ({ id: String(i + 1), said: r.evidence ? `${r.text}: ${r.evidence}` : r.text }));
}

export interface ResponseFormContext {
  readonly urn: string;
  readonly term: string;
  readonly about: ResponseSubject;
  readonly visitId?: string;
  readonly choices: readonly { id: string; said: string }[];
  /** The date of the letter that told the school of its category this term, where one was sent. */
  readonly letterDate?: string;
  readonly by: SchoolResponse['by'];
  /** The time of the response (ISO) and a unique id. */
  readonly at: string;
  readonly id: string;
  readonly attachments: readonly Attachment[];
}

export type FormProblem = { field: string; message: string };

/** A posted response read by the rules above: the response, or each problem named at its field. */
export function responseFromForm(
  form: Readonly<Record<string, string | undefined>>,
  context: ResponseFormContext,
): { response: SchoolResponse } | { problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const view = form.view;
  if (view !== 'agree' && view !== 'disagree')
    problems.push({ field: 'view', message: 'Say whether you agree or disagree' });
  const reason = (form.reason ?? '').trim();
  const chosen = Object.keys(form)
    .filter((k) => k.startsWith('evidence-') && form[k])
    .map((k) => k.slice('evidence-'.length));
  const disputed = context.choices.filter((c) => chosen.includes(c.id)).map((c) => c.said);
  if (view === 'disagree') {
    if (context.choices.length > 0 && disputed.length === 0)
      problems.push({ field: 'evidence', message: 'Select the evidence you disagree with' });
    if (!reason) problems.push({ field: 'reason', message: 'Say why you disagree' });
  }
  if (reason.length > 5000) problems.push({ field: 'reason', message: 'Say it in 5,000 characters or fewer' });
  if (problems.length > 0) return { problems };
  const agrees = view === 'agree';
  const windowEnds = context.letterDate ? challengeWindowEnds(context.letterDate) : undefined;
  return {
    response: {
      urn: context.urn,
      responseId: `${context.term}#${context.at}#${context.id}`,
      term: context.term,
      about: context.about,
      ...(context.visitId ? { visitId: context.visitId } : {}),
      agrees,
      disputed: agrees ? [] : disputed,
      reason,
      attachments: [...context.attachments],
      by: context.by,
      at: context.at,
      ...(!agrees && context.about === 'category' && context.letterDate && windowEnds
        ? {
            challenge: {
              letterDate: context.letterDate,
              windowEnds,
              withinWindow: context.at.slice(0, 10) <= windowEnds,
            },
          }
        : {}),
    },
  };
}

/** An AAG's answer to a response, from its form: the answer, or each problem named at its field. */
export function answerFromForm(
  form: Readonly<Record<string, string | undefined>>,
  response: SchoolResponse,
  context: { by: string; at: string; term: string },
): { answer: NonNullable<SchoolResponse['answer']> } | { problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  if (response.answer) problems.push({ field: 'outcome', message: 'The AAG has answered this response already' });
  const outcome = ANSWER_OUTCOMES.find((o) => o === form.outcome);
  const allowed: readonly AnswerOutcome[] = response.agrees ? ['noted'] : ['upheld', 'not upheld'];
  if (!outcome || !allowed.includes(outcome))
    problems.push({
      field: 'outcome',
      message: response.agrees ? 'Choose noted' : 'Choose whether the AAG upholds the challenge or not',
    });
  const text = (form.text ?? '').trim();
  if (!text) problems.push({ field: 'text', message: 'Say what the AAG decided and why, as the school will read it' });
  if (problems.length > 0 || !outcome) return { problems };
  return { answer: { outcome, text, by: context.by, at: context.at, term: context.term } };
}

/** Where a response stands, in words for the school and the AAG. */
export function responseStanding(response: SchoolResponse): string {
  if (response.answer) {
    const when = formatDate(response.answer.at.slice(0, 10));
    if (response.answer.outcome === 'noted') return `Noted by the AAG on ${when}`;
    return `${response.answer.outcome === 'upheld' ? 'Upheld' : 'Not upheld'} by the AAG on ${when}`;
  }
  if (response.agrees) return 'Received: the AAG sees it at its next round';
  if (response.challenge && !response.challenge.withinWindow)
    return `Received after the letter's ${CHALLENGE_SCHOOL_DAYS} school days (which ended on ${formatDate(response.challenge.windowEnds)}): the AAG considers it at its next round`;
  return 'Waiting for the AAG: it answers at its next round';
}

/** The responses the AAG has yet to answer, the oldest first. */
export const awaitingAnswer = (responses: readonly SchoolResponse[]): SchoolResponse[] =>
  responses.filter((r) => !r.answer).sort((a, b) => a.at.localeCompare(b.at));
