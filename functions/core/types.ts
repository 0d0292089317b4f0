/** The domain's vocabulary: schools, the evidence about them, and the categories they are placed in. */
import type { EarlyWarningPolicy } from './assessment/early-warning-policy';

/** A category's id in the methodology in force (A-D in the default; green to red in the colour scheme). */
export type Category = string;

export type Phase =
  | 'nursery'
  | 'primary'
  | 'secondary'
  | 'all-through'
  | 'special'
  | 'alternative provision'
  | 'post-16';

export interface School {
  urn: string;
  name: string;
  laCode: string;
  establishmentType: string;
  typeGroup: string;
  status: string;
  open: boolean;
  phase: Phase;
  /**
   * The AAG area whose Area Analysis Group looks after the school: GIAS's administrative district unless the
   * authority's aag-areas sheet assigns it (by school, consortium or ward). Moderation, reports and brokering
   * are by this area.
   */
  district: string;
  /** GIAS's administrative district, as the register gives it. */
  administrativeDistrict?: string;
  /** GIAS's administrative ward, where the register gives it. */
  ward?: string;
  /**
   * Ofsted's file lists the school, but its row could not be used at all (what was wrong with it, as rejected.csv
   * says it): the school is placed on its other evidence, and never said to be uninspected.
   */
  ofstedRowUnreadable?: string;
  consortium?: string;
  /** The school's headteacher chairs its consortium or network (the consortia sheet). */
  chairsConsortium?: boolean;
  isAcademy: boolean;
  trustCode?: string;
  trustName?: string;
  pupils?: number;
  postcode?: string;
  openDate?: string;
  closeDate?: string;
}

/**
 * single-word: graded with an overall effectiveness (to August 2024); key-judgements: graded without one
 * (September 2024 to November 2025); report-card: the five-point report card (from 10 November 2025);
 * ungraded: an ungraded inspection of a good or outstanding school, with its overall outcome.
 */
export type InspectionEra = 'single-word' | 'key-judgements' | 'report-card' | 'ungraded';

/** Ofsted's published outcomes of ungraded inspections, as its management information writes them. */
export const UNGRADED_OUTCOMES = [
  'School remains Outstanding',
  'School remains Good',
  'School remains Outstanding (Concerns) - S5 Next',
  'School remains Good (Concerns) - S5 Next',
  'School remains Good (Improving) - S5 Next',
  'Standards maintained',
  'Improved significantly',
  'Some aspects not as strong',
] as const;
export type UngradedOutcome = (typeof UNGRADED_OUTCOMES)[number];

/** 1 outstanding, 2 good, 3 requires improvement, 4 inadequate. */
export type OfstedGrade = 1 | 2 | 3 | 4;
export const OFSTED_GRADE_NAME: Record<OfstedGrade, string> = {
  1: 'outstanding',
  2: 'good',
  3: 'requires improvement',
  4: 'inadequate',
};

export const REPORT_CARD_GRADES = [
  'exceptional',
  'strong standard',
  'expected standard',
  'needs attention',
  'urgent improvement',
] as const;
export type ReportCardGrade = (typeof REPORT_CARD_GRADES)[number];

export type CategoryOfConcern = 'special measures' | 'serious weaknesses' | 'requires significant improvement';

export interface Inspection {
  urn: string;
  startDate: string;
  publicationDate?: string;
  era: InspectionEra;
  /** Single-word era only. */
  overallEffectiveness?: OfstedGrade;
  /** Single-word and key-judgement eras: named judgements graded 1-4. */
  keyJudgements: { area: string; grade: OfstedGrade }[];
  safeguardingEffective?: boolean;
  /** Report-card era; `date` where Ofsted gives each area's date of judgement. */
  reportCard: { area: string; grade: ReportCardGrade; date?: string }[];
  safeguardingMet?: boolean;
  categoryOfConcern?: CategoryOfConcern;
  /** Ungraded era only: Ofsted's overall outcome. */
  ungradedOutcome?: UngradedOutcome;
  /** Ofsted's inspection type, e.g. "S5 Inspection", "Requires Improvement S5 Reinspection Visit 1". */
  inspectionType?: string;
  /**
   * Set when Ofsted's file says the inspection was of another URN (a predecessor school): that school's URN and
   * name at the time.
   */
  predecessor?: { urn: string; name?: string };
  /** Set when the inspection is the predecessor school's, carried over an academy conversion by the links file. */
  inheritedFromUrn?: string;
  /**
   * Judgements Ofsted's file gives for this inspection that intake could not read (a value it does not know): left out
   * of the inspection, which is kept with the rest, and shown wherever the inspection is, so that nothing is inferred
   * from what could not be read.
   */
  unreadable?: { judgement: string; value: string }[];
}

/** A school's published results or attendance for a year, by measure (see the performance sheets in intake.ts). */
export interface Performance {
  urn: string;
  source: 'ks2' | 'ks4' | 'attendance';
  /** The academic year of the figures, always as `2024/25`. */
  year: string;
  measures: Record<string, number>;
}

export const INTELLIGENCE_TYPES = [
  'new headteacher',
  'interim headteacher',
  'staffing',
  'concern',
  'trust view',
  'warning notice',
] as const;
export type IntelligenceType = (typeof INTELLIGENCE_TYPES)[number];

export interface Intelligence {
  urn: string;
  type: IntelligenceType;
  date: string;
  /**
   * open / closed for concerns and staffing; issued / withdrawn for warning notices; concern / no concern for a trust's
   * view.
   */
  status: string;
  summary: string;
}

export const CONTACT_ROLES = ['headteacher', 'chair of governors', 'trust board chair'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export interface Contact {
  urn: string;
  role: ContactRole;
  name: string;
  email: string;
}

export const DESIGNATIONS = ['NLE', 'LLE', 'SLE', 'LIO'] as const;
export type Designation = (typeof DESIGNATIONS)[number];

export interface SystemLeader {
  id: string;
  name: string;
  designation: Designation;
  homeSchoolUrn?: string;
  phases: Phase[];
  specialisms: string[];
  /** How many schools this leader can support in a term. */
  capacity: number;
}

export const TASK_GROUP_IMPACTS = ['strong', 'adequate', 'insufficient', 'too early'] as const;
export type TaskGroupImpact = (typeof TASK_GROUP_IMPACTS)[number];

export interface TaskGroupReport {
  urn: string;
  term: string;
  impact: TaskGroupImpact;
  /** What the task group found. */
  summary: string;
  /** What the school said in response, once it has. */
  schoolResponse?: string;
}

/**
 * A figure for one of the ECB's measures that the cycle's own data does not give (EHC plans within 20 weeks,
 * exclusions).
 */
export interface MeasureFigure {
  measure: string;
  value: number;
  /** The date the figure is as at (ISO). */
  date: string;
  /** An AAG area's own figure; the authority's without one. */
  area?: string;
  note?: string;
}

/** What a school needs that its AAG could not broker, asked of the Teaching Schools and Capacity board. */
export const TSC_NEEDS = ['a support school', 'a system leader or LIO'] as const;
export type TscNeed = (typeof TSC_NEEDS)[number];

/** The TSC board's answer to a request for support: a provider offered, or none. */
export interface TscResponse {
  urn: string;
  need: TscNeed;
  outcome: 'offered' | 'none';
  /** The school, system leader or teaching school hub offered. */
  offered?: string;
  note?: string;
  respondedBy?: string;
  /** When the board answered (ISO). */
  date: string;
}

/** An adviser's or system leader's visit to a supported school, as the visitor noted it, with the school's response. */
export interface VisitNote {
  urn: string;
  /** The day of the visit (ISO). */
  date: string;
  visitor: string;
  focus: string;
  findings: string;
  nextSteps: string;
  /** What the school said in response, where it has. */
  schoolResponse?: string;
}

export interface BaselineCategory {
  urn: string;
  category: Category;
}

/** A row the intake could not accept, with everything an officer needs to find and fix it. */
export interface RejectedRow {
  file: string;
  row: number;
  column: string;
  value: string;
  expected: string;
  /**
   * Only this cell was left out: the rest of the row was used (an unreadable value in one of Ofsted's judgements is
   * that judgement's problem, not the inspection's). Such a row is not counted among the rows rejected.
   */
  rowKept?: true;
}

/** Why a school is in its category: the rule's reading and the evidence it cites. */
export interface Reason {
  category: Category;
  rule: string;
  text: string;
  evidence: string;
  /** Shown as evidence only (figures too old to count): it places the school in no category. */
  evidenceOnly?: boolean;
}

/** An AAG's decision on a proposed category, or that none was made by its deadline. */
export interface Moderation {
  /**
   * The AAG agreed, or overrode the proposal; or it did not decide by its deadline, so the proposal stands undecided.
   */
  decision: 'agree' | 'override' | 'undecided';
  /** Who decided: the district's AAG, or the deadline passing, or the local run agreeing automatically. */
  by: string;
  /** Who confirmed a proposal no AAG decided, in the AAG's place (the ECB, by a rerun with confirmChanges). */
  confirmedBy?: string;
  rationale?: string;
  decidedAt?: string;
  /** Who put the AAG's decisions in (the identity its access was granted to), when they came from the AAG. */
  submittedBy?: string;
}

export interface Assessment {
  term: string;
  urn: string;
  /** The agreed category (the proposal, until an AAG decides otherwise). */
  category: Category;
  /** What the risk assessment proposed, before AAG moderation. */
  proposedCategory?: Category;
  moderation?: Moderation;
  reasons: Reason[];
  previousCategory?: Category;
  /** The previous category as it was recorded, where an earlier scheme named it differently (see `mapsFrom`). */
  previousCategoryAsRecorded?: Category;
  previousTerm?: string;
  changed: boolean;
  methodologyId: string;
  /** The statutory and national flags the school carries (eligible for intervention, coasting, stuck), as evidence. */
  flags?: FlagFinding[];
  /** The early-warning flag, for a school not yet in a category of concern: "at risk: review" for its AAG. */
  earlyWarning?: EarlyWarning;
  /** The support the brokering would give with the proposed categories: shown on the AAG's sheet to agree or change. */
  proposedSupport?: ProposedSupport;
  /** The AAG's own choice of support school or system leader, in place of the brokering's. */
  supportChoice?: SupportChoice;
}

/**
 * Support as the brokering proposes it, before the AAG has decided: what its sheet shows, for it to agree or change.
 */
export interface ProposedSupport {
  provider?: { urn: string; name: string; matchedWithin?: 'consortium' | 'district' | 'county' };
  leader?: { id: string; name: string; designation: SystemLeader['designation'] };
  visitsThisTerm: number;
  unmet: string[];
  /** What the proposal kept of last term's support, and why it changed the rest. */
  kept?: { provider: boolean; leader: boolean };
  changedBecause?: string[];
}

/** An AAG's choice of who supports a school, made on its sheet: it stands in place of the brokering's. */
export interface SupportChoice {
  /** The URN of the school the AAG chose to provide school-to-school support. */
  providerUrn?: string;
  /** The id of the system leader (or LIO) the AAG chose to deploy. */
  leaderId?: string;
  /** The days of school-to-school support the AAG agreed this term, in place of the category's default. */
  days?: number;
  /** How the AAG agreed the support is funded, in place of the default. */
  fundedBy?: string;
  rationale?: string;
  by: string;
  decidedAt?: string;
}

/** A signal of the early-warning policy that a school shows, its points and the evidence for it. */
export interface EarlyWarningSignal {
  signal: keyof EarlyWarningPolicy['signals'];
  points: number;
  evidence: string;
}

/** A school in A or B that the early-warning policy flags for its AAG to review (assessment/early-warning.ts). */
export interface EarlyWarning {
  policy: string;
  score: number;
  threshold: number;
  signals: EarlyWarningSignal[];
  /** "at risk: review (score 4 against a threshold of 3)": what the AAG's sheet says. */
  summary: string;
}

/** The DfE's statutory and national flags (assessment/statutory-flags.ts finds them). */
export const STATUTORY_FLAGS = ['eligible for intervention', 'coasting', 'stuck'] as const;
export type StatutoryFlag = (typeof STATUTORY_FLAGS)[number];

export interface FlagFinding {
  flag: StatutoryFlag;
  /** What the flag rests on, with the inspections' dates. */
  evidence: string;
}

/** A school's need the AAG could not broker, referred to the TSC board (support/tsc-requests.ts). */
export interface TscRequest {
  urn: string;
  district: string;
  phase?: Phase;
  category: string;
  need: TscNeed;
  /** The specialism the support needs: the areas the school's latest graded inspection or report card found weakest. */
  specialism?: string;
  /** What the brokering found, as it says it. */
  detail: string;
  /** The term the AAG first asked. */
  raisedIn: string;
  /** The board's answer, taken in this term. */
  response?: TscResponse;
}
