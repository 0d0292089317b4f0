/** What npm run cycle prints says each figure as the reports and rejected.csv do, in plain English. */
import { describe, expect, it } from 'vitest';
import type { CycleSummary } from '../../functions/core/reporting/report';
import { NOTIFY_LOOP } from '../../lib/stages';
import { STAGE_RESULT, summaryLine } from '../../local/progress';

const summary: CycleSummary = {
  term: '2026-autumn',
  methodology: 'default-2026',
  schools: 242,
  categories: { A: 174, B: 13, C: 44, D: 11 },
  overridden: 1,
  undecided: 0,
  changes: 19,
  emailsSent: 57,
  emailsAlreadySent: 0,
  emailsFailed: 0,
  emailsPending: 0,
  lettersHeld: 0,
  lettersAwaitingDecision: 0,
  correctionsHeld: 0,
  correctionsSent: 0,
  missingContacts: 2,
  lettersToFollowUp: 0,
  rejectedRows: 3,
  rejectedProblems: 4,
  brokered: 55,
  unmetNeeds: 14,
  taskGroups: 1,
  durationMs: 1000,
};

describe('what npm run cycle prints', () => {
  it("counts rejected rows as the intake report does, and names rejected.csv's problems where they are more", () => {
    expect(summaryLine(summary)).toBe(
      '242 schools (A 174 · B 13 · C 44 · D 11); 19 changes (1 AAG override); 57 emails sent; 3 rows rejected (4 problems in rejected.csv); 55 brokered; 1 task group',
    );
    expect(summaryLine({ ...summary, rejectedRows: 1, rejectedProblems: 1, overridden: 2, emailsSent: 1 })).toContain(
      '(2 AAG overrides); 1 email sent; 1 row rejected;',
    );
    expect(
      STAGE_RESULT['Data intake']!({ intake: { schools: 242, rejectedRows: 3, rejectedProblems: 4, archived: 1 } }),
    ).toBe('242 schools, 3 rows rejected (4 problems in rejected.csv), 1 file archived');
  });

  it('says one of a thing in the singular', () => {
    const brokering = {
      brokered: 1,
      chosenByAag: 0,
      supported: 1,
      unmet: 1,
      kept: 0,
      changed: 0,
      choicesRefused: 1,
      tscResponses: 0,
      tscResponsesUnmatched: 0,
    };
    expect(STAGE_RESULT['AAG brokering']!({ brokering })).toBe(
      '1 school matched with a support school, 1 receiving visits; 1 school with a need referred to the TSC board; 1 AAG choice of support could not stand (see the report)',
    );
    expect(STAGE_RESULT['Task-group monitoring']!({ taskGroups: { taskGroups: 1, continued: 0, needsChair: 1 } })).toBe(
      '1 task group (0 continued), 1 needs a chair',
    );
  });
});

describe('what npm run cycle says of letters held', () => {
  const notify = {
    emailsSent: 52,
    emailsAlreadySent: 0,
    emailsFailed: 0,
    emailsPending: 0,
    missingContacts: 0,
    lettersWritten: 0,
  };
  it('says letters wait for an AAG, not for an ECB that was never asked', () => {
    const line = STAGE_RESULT['Notify category changes']!({
      intake: { dryRun: false },
      notify: { ...notify, lettersHeld: 5, lettersAwaitingDecision: 5 },
    });
    expect(line).toBe(
      '52 emails sent, 0 already sent, 0 failed, 0 letters waiting for a missing contact; 5 letters HELD until the AAG decides or the ECB confirms (no AAG decision by the deadline; the report says how to send them)',
    );
    expect(line).not.toContain('undefined');
    expect(
      STAGE_RESULT['Notify category changes']!({
        intake: { dryRun: false },
        notify: {
          ...notify,
          emailsSent: 0,
          lettersHeld: 60,
          lettersAwaitingDecision: 5,
          heldBecause: '60 of 242 schools would change',
        },
      }),
    ).toBe(
      '55 letters HELD, none sent: 60 of 242 schools would change (run the term again with --confirm-changes once the ECB has); and 5 more letters held until an AAG decides',
    );
  });

  it('says a round of letters that leaves more for another invocation sent so many so far, and the last round the totals', () => {
    const first = STAGE_RESULT['Notify category changes']!({
      intake: { dryRun: false },
      notify: { ...notify, emailsSent: 135, next: { letter: 135 } },
    });
    expect(first).toBe('135 emails sent so far, 0 already sent; more letters to send, in another invocation');
    const last = STAGE_RESULT[NOTIFY_LOOP.again]!({
      intake: { dryRun: false },
      notify: { ...notify, emailsSent: 381 },
    });
    expect(last).toBe('381 emails sent, 0 already sent, 0 failed, 0 letters waiting for a missing contact');
  });
});
