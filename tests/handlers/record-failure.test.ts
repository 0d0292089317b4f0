/** The failure record names the stage that failed, from which stages' results the state holds. */
import { describe, expect, it } from 'vitest';
import { failedStage } from '../../functions/handlers/record-failure';

const upTo = (keys: string[], extra: Record<string, unknown> = {}) => ({
  ...Object.fromEntries(keys.map((k) => [k, {}])),
  ...extra,
});
const before = ['intake', 'assessed', 'riskAssessment', 'moderation', 'aagRound', 'decisionsApplied', 'agreed'];
const counted = [...before, 'noticesProposed'];

describe('the stage a failed run is recorded against', () => {
  it('is the first stage whose result the state lacks, the Maps and the steps around them by their own names', () => {
    expect(failedStage({})).toBe('Data intake');
    expect(failedStage(upTo(['intake']))).toBe('Risk assessment');
    expect(failedStage(upTo(['intake', 'assessed']))).toBe('Propose support');
    expect(failedStage(upTo(['intake', 'assessed', 'riskAssessment', 'moderation']))).toBe('Close the AAG round');
    expect(failedStage(upTo(['intake', 'assessed', 'riskAssessment', 'moderation', 'aagRound']))).toBe(
      'Apply AAG decisions',
    );
    expect(
      failedStage(upTo(['intake', 'assessed', 'riskAssessment', 'moderation', 'aagRound', 'decisionsApplied'])),
    ).toBe('Count the agreed categories');
    expect(failedStage(upTo(before))).toBe('Propose warning notices');
    expect(failedStage(upTo([...before, 'noticesProposed']))).toBe('Count the warning notices');
  });

  it("asks after the ECB's warning-notice steps only when the ECB had questions", () => {
    expect(failedStage(upTo(counted, { notices: { questions: 0 } }))).toBe('AAG brokering');
    expect(failedStage(upTo(counted, { notices: { questions: 2 } }))).toBe('Ask the ECB about warning notices');
    expect(failedStage(upTo([...counted, 'ecbNotices'], { notices: { questions: 2 } }))).toBe(
      'Apply ECB notice decisions',
    );
    expect(failedStage(upTo([...counted, 'ecbNotices', 'noticeDecisions'], { notices: { questions: 2 } }))).toBe(
      'AAG brokering',
    );
  });

  it("names the check of SES, notify while it still had letters to send, then the school pages, the term's figures, the AAG area reports, then reporting", () => {
    expect(failedStage(upTo([...counted, 'brokering', 'taskGroups', 'ecb'], { notices: { questions: 0 } }))).toBe(
      'Check SES can send',
    );
    const sent = [...counted, 'brokering', 'taskGroups', 'ecb', 'ses'];
    expect(failedStage(upTo(sent, { notices: { questions: 0 } }))).toBe('Notify category changes');
    expect(failedStage(upTo(sent, { notices: { questions: 0 }, notify: { next: { batch: 1, letter: 0 } } }))).toBe(
      'Notify category changes',
    );
    expect(failedStage(upTo(sent, { notices: { questions: 0 }, notify: {} }))).toBe('School pages');
    expect(failedStage(upTo([...sent, 'pagesWritten'], { notices: { questions: 0 }, notify: {} }))).toBe(
      "Count the term's figures",
    );
    expect(failedStage(upTo([...sent, 'pagesWritten', 'termFigures'], { notices: { questions: 0 }, notify: {} }))).toBe(
      'AAG area reports',
    );
    expect(
      failedStage(
        upTo([...sent, 'pagesWritten', 'termFigures', 'areaReports'], { notices: { questions: 0 }, notify: {} }),
      ),
    ).toBe('Reporting');
  });
});
