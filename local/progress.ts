/**
 * What `npm run cycle` prints of each stage as it finishes, and of each term at its end: the figures the stages
 * returned, each said the way the reports say it (one definition per figure).
 */
import type { CycleSummary } from '../functions/core/reporting/report';
import { count } from '../functions/core/words';
import { LEASE_ROUNDS, NOTIFY_LOOP, STAGES } from '../lib/stages';

/** "1 batch", "3 batches": how many batches (of schools, or of AAG areas) a Map ran. */
const inBatches = (n: number) => count(n, 'batch', 'batches');

/**
 * The state machine's state after a stage, as JSON: each stage's result under its own key (the handlers' result types
 * say its shape). Read loosely here, for a line of progress, not validated.
 */
// biome-ignore lint/suspicious/noExplicitAny: the state is the state machine's JSON, read only to print a line of progress
export type StageOutput = Record<string, any>;

export const STAGE_RESULT: Record<string, (output: StageOutput) => string> = {
  'Data intake': (o) =>
    `${count(o.intake.schools, 'school')}, ${rejectedRows(o.intake)}, ${count(o.intake.archived, 'file')} archived`,
  "Store the term's intake": (o) =>
    `${count(o.intake.schools, 'school')} and their evidence stored in ${inBatches(o.stored.batches)}`,
  'Risk assessment': (o) => `${count(o.intake.schools, 'school')} assessed in ${inBatches(o.assessed.batches)}`,
  'Propose support': (o) =>
    `proposed ${counts(o.riskAssessment.categories)}; ${count(o.riskAssessment.proposedChanges, 'change')} proposed (${o.riskAssessment.methodology})${o.riskAssessment.atRisk ? `; ${o.riskAssessment.atRisk} at risk: review (early warning)` : ''}; support proposed for ${count(o.riskAssessment.supportProposed, 'school')}`,
  'Ask the AAGs': (o) =>
    o.moderation.outcome === 'agreed automatically'
      ? 'every proposal agreed automatically (--agree)'
      : `the AAGs of all ${o.moderation.districts} districts decided`,
  'Proposals stand': () => "not every AAG decided by the deadline: those districts' proposals stand",
  'Close the AAG round': (o) =>
    `${o.aagRound.decided} of ${count(o.aagRound.districts, 'AAG')} decided; ${count(o.aagRound.accepted, 'decision')} to apply${o.aagRound.problems ? `; ${o.aagRound.problems} not applied (the report says why)` : ''}`,
  'Apply AAG decisions': (o) =>
    `categories agreed for ${count(o.intake.schools, 'school')} in ${inBatches(o.decisionsApplied.batches)}`,
  'Count the agreed categories': (o) =>
    `${o.agreed.undecided ? 'categories' : 'agreed'} ${counts(o.agreed.categories)}; ${count(o.agreed.changes, 'change')}, ${o.agreed.overridden} overridden${o.agreed.undecided ? `, ${o.agreed.undecided} undecided (no AAG decision by the deadline: the proposals stand)` : ''}${o.agreed.ecbConfirmationNeeded ? '; more changes than the ECB allows without its confirmation' : ''}`,
  'Propose warning notices': (o) =>
    `notices carried and proposed for ${count(o.intake.schools, 'school')} in ${inBatches(o.noticesProposed.batches)}`,
  'Count the warning notices': (o) =>
    `${o.notices.inForce} warning ${o.notices.inForce === 1 ? 'notice' : 'notices'} in force; ${o.notices.questions === 0 ? 'no question for the ECB' : `${o.notices.questions} ${o.notices.questions === 1 ? 'question' : 'questions'} for the ECB (${o.notices.proposed} proposed, ${o.notices.notComplied} not complied with)`}`,
  'Apply ECB notice decisions': (o) =>
    o.noticeDecisions.outcome === 'decided'
      ? `the ECB decided ${o.noticeDecisions.decided}: ${o.noticeDecisions.issued} issued, ${o.noticeDecisions.referred} referred to the DfE, ${o.noticeDecisions.escalated} escalated, ${o.noticeDecisions.withdrawn} withdrawn${o.noticeDecisions.problems ? `; ${o.noticeDecisions.problems} ${o.noticeDecisions.problems === 1 ? 'decision' : 'decisions'} not applied (the report says why)` : ''}`
      : 'no decisions from the ECB by its deadline: its questions are asked again next term',
  [STAGES.sesReady.stateName]: (o) =>
    o.ses.asked
      ? `SES can send the letters${o.ses.sandbox ? ' (in the sandbox: every recipient verified)' : ''}${o.ses.letters === 'redirect' ? '; this stage redirects them to its test mailbox' : ''}`
      : `SES not asked: ${o.ses.why}`,
  [STAGES.notify.stateName]: (o) => notifyResult(o),
  // A term with more letters than one invocation sends goes round again, each carrying the totals so far.
  [NOTIFY_LOOP.again]: (o) => notifyResult(o),
  [NOTIFY_LOOP.afterLease]: (o) => notifyResult(o),
  'AAG brokering': (o) =>
    `${count(o.brokering.brokered, 'school')} matched with a support school${o.brokering.chosenByAag > 0 ? ` (${o.brokering.chosenByAag} as the AAG chose)` : ''}, ${o.brokering.supported} receiving visits; ${count(o.brokering.unmet, 'school')} with a need referred to the TSC board${o.brokering.kept > 0 ? `; ${o.brokering.kept} kept last term's support` : ''}${o.brokering.changed > 0 ? `, ${o.brokering.changed} changed it (see the report)` : ''}${o.brokering.changedAfterAgreed > 0 ? `; ${o.brokering.changedAfterAgreed} ${o.brokering.changedAfterAgreed === 1 ? "school's" : "schools'"} support changed after the AAG agreed it (see the report)` : ''}${o.brokering.choicesRefused > 0 ? `; ${count(o.brokering.choicesRefused, 'AAG choice')} of support could not stand (see the report)` : ''}${o.brokering.tscResponses > 0 ? `; the TSC board answered ${o.brokering.tscResponses}` : ''}${o.brokering.tscResponsesUnmatched > 0 ? ` (${o.brokering.tscResponsesUnmatched} of its responses answer no open request)` : ''}`,
  'Task-group monitoring': (o) =>
    `${count(o.taskGroups.taskGroups, 'task group')} (${o.taskGroups.continued} continued), ${o.taskGroups.needsChair} ${o.taskGroups.needsChair === 1 ? 'needs' : 'need'} a chair`,
  'School pages': (o) =>
    `a page for each of ${count(o.intake.schools, 'school')}, its lines for its AAG area's report and its batch's sums for the term's figures, in ${inBatches(o.pagesWritten.batches)}`,
  "Count the term's figures": (o) =>
    `added up from the sums of ${inBatches(o.termFigures.batches)}; kept for the authority and ${o.termFigures.areas} AAG ${o.termFigures.areas === 1 ? 'area' : 'areas'}${o.termFigures.earlierTermsCountedAgain > 0 ? `; ${o.termFigures.earlierTermsCountedAgain} earlier ${o.termFigures.earlierTermsCountedAgain === 1 ? 'term' : 'terms'} counted again` : ''}`,
  'AAG area reports': (o) =>
    `a report for each of ${o.termFigures.areas} AAG ${o.termFigures.areas === 1 ? 'area' : 'areas'}, in ${inBatches(o.areaReports.batches)}`,
  Reporting: () => 'report written',
  "Check the term's outputs": (o) =>
    `every figure the same in summary.json, the reports and the CSVs, and every record and letter agreeing with them (${count(o.checked.schools, 'school')}, ${count(o.checked.areas, 'AAG area')}, ${count(o.checked.letters, 'letter')})`,
};

/**
 * What the letters' stage did: so far, while it has more to send in another invocation, and in all once it has sent
 * them.
 */
function notifyResult(o: StageOutput): string {
  const n = o.notify;
  if (n.next)
    return `${count(n.emailsSent, 'email')} sent so far, ${n.emailsAlreadySent} already sent; more letters to send, in another invocation`;
  if (o.intake.dryRun) return `dry run: ${count(n.lettersWritten, 'letter')} written, none sent`;
  const awaiting = n.lettersAwaitingDecision ?? 0;
  const heldForEcb = (n.lettersHeld ?? 0) - awaiting;
  if (heldForEcb > 0)
    return `${count(heldForEcb, 'letter')} HELD, none sent: ${n.heldBecause} (run the term again with --confirm-changes once the ECB has)${awaiting > 0 ? `; and ${awaiting} more ${awaiting === 1 ? 'letter' : 'letters'} held until an AAG decides` : ''}`;
  return `${count(n.emailsSent, 'email')} sent, ${n.emailsAlreadySent} already sent, ${n.emailsFailed} failed, ${count(n.missingContacts, 'letter')} waiting for a missing contact${n.emailsPending ? `, ${n.emailsPending} left unfinished by a run that died and still within their lease after the run waited for it ${LEASE_ROUNDS} times (the next run sends each, once)` : ''}${awaiting > 0 ? `; ${count(awaiting, 'letter')} HELD until the AAG decides or the ECB confirms (no AAG decision by the deadline; the report says how to send them)` : ''}`;
}

/**
 * Rows rejected, and the problems rejected.csv lists for them where a row had more than one (or a whole file could not
 * be used).
 */
const rejectedRows = (o: { rejectedRows: number; rejectedProblems?: number }) =>
  `${count(o.rejectedRows, 'row')} rejected${o.rejectedProblems !== undefined && o.rejectedProblems !== o.rejectedRows ? ` (${count(o.rejectedProblems, 'problem')} in rejected.csv)` : ''}`;

const counts = (categories: Record<string, number>) =>
  Object.entries(categories)
    .map(([c, n]) => `${c} ${n}`)
    .join(' · ');

/** The term's figures, as the last line of its run says them. */
export function summaryLine(s: CycleSummary, dryRun = false): string {
  return `${count(s.schools, 'school')} (${counts(s.categories)}); ${count(s.changes, 'change')} (${count(s.overridden, 'AAG override')}); ${dryRun ? 'dry run, no emails' : count(s.emailsSent, 'email')} sent; ${rejectedRows(s)}; ${s.brokered} brokered; ${count(s.taskGroups, 'task group')}`;
}
