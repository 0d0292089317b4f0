/**
 * The term's input files, as an authority holds them, read into the domain. Pure: bytes in, schools,
 * evidence and rejected rows out. See README "Inputs" for every file and column.
 */
import { z } from 'zod';
import {
  dateCell,
  emailCell,
  oneOfCell,
  optionalCell,
  optionalDateCell,
  optionalText,
  optionalUrnCell,
  optionalWholeNumberCell,
  requiredText,
  urnCell,
  wholeNumberCell,
} from './cells';
import { decodeText, readSheet, type SheetResult, type SheetSpec } from './sheets';
import { isTermId } from './term';
import {
  CATEGORIES,
  CONTACT_ROLES,
  DESIGNATIONS,
  INTELLIGENCE_TYPES,
  REPORT_CARD_GRADES,
  TASK_GROUP_IMPACTS,
  type BaselineCategory,
  type CategoryOfConcern,
  type Contact,
  type Inspection,
  type Intelligence,
  type OfstedGrade,
  type Phase,
  type RejectedRow,
  type School,
  type SystemLeader,
  type TaskGroupReport,
} from './types';

export const INPUT_FILES = {
  register: 'register.csv',
  consortia: 'consortia.csv',
  inspections: 'ofsted-inspections.csv',
  intelligence: 'intelligence.csv',
  contacts: 'contacts.csv',
  systemLeaders: 'system-leaders.csv',
  taskGroupReports: 'task-group-reports.csv',
  previousCategories: 'previous-categories.csv',
} as const;

/** Files without which the cycle cannot run at all. */
export const REQUIRED_FILES = [INPUT_FILES.register, INPUT_FILES.contacts] as const;

// ---------------------------------------------------------------- register (GIAS establishment extract)

/** Establishment type groups in the cycle: maintained schools and academies. Others are left out, not rejected. */
const STATE_FUNDED_GROUPS = new Set(['local authority maintained schools', 'academies', 'free schools', 'special schools']);
const OUT_OF_SCOPE_TYPES = /non-maintained special|independent|welsh/i;

interface RegisterRow {
  urn: string;
  laCode: string;
  name: string;
  establishmentType: string;
  typeGroup: string;
  status: string;
  phaseName: string;
  trustCode?: string;
  trustName?: string;
  pupils?: number;
  district: string;
  postcode?: string;
  openDate?: string;
  closeDate?: string;
}

export const registerSheet: SheetSpec<RegisterRow> = {
  file: INPUT_FILES.register,
  columns: {
    urn: { header: 'URN', required: true },
    laCode: { header: 'LA (code)', required: true },
    name: { header: 'EstablishmentName', required: true },
    establishmentType: { header: 'TypeOfEstablishment (name)', required: true },
    typeGroup: { header: 'EstablishmentTypeGroup (name)', required: true },
    status: { header: 'EstablishmentStatus (name)', required: true },
    phaseName: { header: 'PhaseOfEducation (name)', required: true },
    trustCode: { header: 'Trusts (code)', required: false },
    trustName: { header: 'Trusts (name)', required: false },
    pupils: { header: 'NumberOfPupils', required: false },
    district: { header: 'DistrictAdministrative (name)', required: true },
    postcode: { header: 'Postcode', required: false },
    openDate: { header: 'OpenDate', required: false },
    closeDate: { header: 'CloseDate', required: false },
  },
  row: z.object({
    urn: urnCell,
    laCode: z.string().regex(/^\d{3}$/, { message: 'a three-digit LA code' }),
    name: requiredText('an establishment name'),
    establishmentType: requiredText('an establishment type'),
    typeGroup: requiredText('an establishment type group'),
    status: requiredText('an establishment status'),
    phaseName: requiredText('a phase of education'),
    trustCode: optionalText,
    trustName: optionalText,
    pupils: optionalWholeNumberCell,
    district: requiredText('a district name'),
    postcode: optionalText,
    openDate: optionalDateCell,
    closeDate: optionalDateCell,
  }),
};

export function phaseOf(row: Pick<RegisterRow, 'phaseName' | 'typeGroup' | 'establishmentType'>): Phase {
  const type = row.establishmentType.toLowerCase();
  if (row.typeGroup.toLowerCase() === 'special schools' || type.includes('special')) return 'special';
  if (type.includes('pupil referral') || type.includes('alternative provision')) return 'alternative provision';
  const phase = row.phaseName.toLowerCase();
  if (phase === 'primary' || phase === 'middle deemed primary') return 'primary';
  if (phase === 'secondary' || phase === 'middle deemed secondary') return 'secondary';
  if (phase === 'all-through') return 'all-through';
  if (phase === 'nursery') return 'nursery';
  if (phase === '16 plus') return 'post-16';
  return 'primary';
}

// ---------------------------------------------------------------- consortia (LA sheet)

export const consortiaSheet: SheetSpec<{ urn: string; consortium: string }> = {
  file: INPUT_FILES.consortia,
  columns: {
    urn: { header: 'URN', required: true },
    consortium: { header: 'Consortium', aliases: ['Consortium or network', 'Network'], required: true },
  },
  row: z.object({ urn: urnCell, consortium: requiredText('the name of a primary consortium or secondary network') }),
};

// ---------------------------------------------------------------- Ofsted management information

const gradeCell = optionalCell(
  z
    .string()
    .trim()
    .refine((v) => ['1', '2', '3', '4', '9'].includes(v), { message: 'one of 1, 2, 3, 4, 9 (no judgement)' })
    .transform((v) => (v === '9' ? undefined : (Number(v) as OfstedGrade))),
);
/** "Safeguarding is effective?": Yes / No; 9 means not judged. */
const yesNoCell = optionalCell(
  oneOfCell(['Yes', 'No', '9'] as const, { y: 'Yes', n: 'No' }).transform((v) => (v === '9' ? undefined : v === 'Yes')),
);
const reportCardCell = optionalCell(oneOfCell(REPORT_CARD_GRADES));
const metCell = optionalCell(oneOfCell(['Met', 'Not met'] as const).transform((v) => v === 'Met'));
const concernCell = optionalCell(
  oneOfCell(['special measures', 'serious weaknesses', 'requires significant improvement'] as const, {
    sm: 'special measures',
    swk: 'serious weaknesses',
    sw: 'serious weaknesses',
    rsi: 'requires significant improvement',
  }),
);

const KEY_JUDGEMENTS = {
  qualityOfEducation: 'quality of education',
  behaviourAndAttitudes: 'behaviour and attitudes',
  personalDevelopment: 'personal development',
  leadershipAndManagement: 'leadership and management',
} as const;

const REPORT_CARD_AREAS = {
  inclusion: 'Inclusion',
  curriculumAndTeaching: 'Curriculum and teaching',
  achievement: 'Achievement',
  attendanceAndBehaviour: 'Attendance and behaviour',
  personalDevelopmentAndWellbeing: 'Personal development and wellbeing',
  leadershipAndGovernance: 'Leadership and governance',
  earlyYears: 'Early years',
  post16: 'Post-16 provision',
} as const;

const inspectionRow = z
  .object({
    urn: urnCell,
    startDate: dateCell,
    publicationDate: optionalDateCell,
    overallEffectiveness: gradeCell,
    qualityOfEducation: gradeCell,
    behaviourAndAttitudes: gradeCell,
    personalDevelopment: gradeCell,
    leadershipAndManagement: gradeCell,
    safeguardingEffective: yesNoCell,
    categoryOfConcern: concernCell,
    safeguardingStandards: metCell,
    inclusion: reportCardCell,
    curriculumAndTeaching: reportCardCell,
    achievement: reportCardCell,
    attendanceAndBehaviour: reportCardCell,
    personalDevelopmentAndWellbeing: reportCardCell,
    leadershipAndGovernance: reportCardCell,
    earlyYears: reportCardCell,
    post16: reportCardCell,
  })
  .transform((row, ctx): Inspection => {
    const reportCard = Object.entries(REPORT_CARD_AREAS).flatMap(([key, area]) => {
      const grade = row[key as keyof typeof REPORT_CARD_AREAS];
      return grade ? [{ area, grade }] : [];
    });
    const keyJudgements = Object.entries(KEY_JUDGEMENTS).flatMap(([key, area]) => {
      const grade = row[key as keyof typeof KEY_JUDGEMENTS];
      return grade ? [{ area, grade }] : [];
    });
    const base = { urn: row.urn, startDate: row.startDate, publicationDate: row.publicationDate, categoryOfConcern: row.categoryOfConcern as CategoryOfConcern | undefined };
    if (reportCard.length > 0 || row.safeguardingStandards !== undefined) {
      return { ...base, era: 'report-card', keyJudgements: [], reportCard, safeguardingMet: row.safeguardingStandards };
    }
    if (row.overallEffectiveness !== undefined) {
      return { ...base, era: 'single-word', overallEffectiveness: row.overallEffectiveness, keyJudgements, reportCard: [], safeguardingEffective: row.safeguardingEffective };
    }
    if (keyJudgements.length > 0) {
      return { ...base, era: 'key-judgements', keyJudgements, reportCard: [], safeguardingEffective: row.safeguardingEffective };
    }
    ctx.addIssue({ code: 'custom', path: ['overallEffectiveness'], message: 'a grade: the row has no overall effectiveness, key judgement or report-card grade' });
    return z.NEVER;
  });

export const inspectionsSheet: SheetSpec<Inspection> = {
  file: INPUT_FILES.inspections,
  columns: {
    urn: { header: 'URN', required: true },
    startDate: { header: 'Inspection start date', aliases: ['Inspection start date of latest OEIF graded inspection'], required: true },
    publicationDate: { header: 'Publication date', required: false },
    overallEffectiveness: { header: 'Latest OEIF overall effectiveness', aliases: ['Overall effectiveness'], required: false },
    qualityOfEducation: { header: 'Latest OEIF quality of education', aliases: ['Quality of education'], required: false },
    behaviourAndAttitudes: { header: 'Latest OEIF behaviour and attitudes', aliases: ['Behaviour and attitudes'], required: false },
    personalDevelopment: { header: 'Latest OEIF personal development', aliases: ['Personal development'], required: false },
    leadershipAndManagement: { header: 'Latest OEIF effectiveness of leadership and management', aliases: ['Effectiveness of leadership and management'], required: false },
    safeguardingEffective: { header: 'Latest OEIF safeguarding is effective?', aliases: ['Safeguarding is effective?'], required: false },
    categoryOfConcern: { header: 'Category of concern', aliases: ['Most recent category of concern'], required: false },
    safeguardingStandards: { header: 'Safeguarding standards', required: false },
    inclusion: { header: 'Inclusion', required: false },
    curriculumAndTeaching: { header: 'Curriculum and teaching', required: false },
    achievement: { header: 'Achievement', required: false },
    attendanceAndBehaviour: { header: 'Attendance and behaviour', required: false },
    personalDevelopmentAndWellbeing: { header: 'Personal development and wellbeing', required: false },
    leadershipAndGovernance: { header: 'Leadership and governance', required: false },
    earlyYears: { header: 'Early years', required: false },
    post16: { header: 'Post-16 provision', required: false },
  },
  row: inspectionRow,
};

// ---------------------------------------------------------------- the LA's own sheets

export const intelligenceSheet: SheetSpec<Intelligence> = {
  file: INPUT_FILES.intelligence,
  columns: {
    urn: { header: 'URN', required: true },
    type: { header: 'Type', required: true },
    date: { header: 'Date', required: true },
    status: { header: 'Status', required: true },
    summary: { header: 'Summary', required: false },
  },
  row: z.object({
    urn: urnCell,
    type: oneOfCell(INTELLIGENCE_TYPES, { 'new head': 'new headteacher', 'interim head': 'interim headteacher', 'staffing issue': 'staffing', 'temporary staffing': 'staffing', 'schools causing concern': 'concern', 'formal warning notice': 'warning notice' }),
    date: dateCell,
    status: oneOfCell(['open', 'closed', 'issued', 'withdrawn', 'concern', 'no concern'] as const),
    summary: z.string(),
  }),
};

export const contactsSheet: SheetSpec<Contact> = {
  file: INPUT_FILES.contacts,
  columns: {
    urn: { header: 'URN', required: true },
    role: { header: 'Role', required: true },
    name: { header: 'Name', required: true },
    email: { header: 'Email', aliases: ['Email address'], required: true },
  },
  row: z.object({
    urn: urnCell,
    role: oneOfCell(CONTACT_ROLES, { head: 'headteacher', 'head teacher': 'headteacher', 'executive headteacher': 'headteacher', chair: 'chair of governors', 'chair of trustees': 'trust board chair', 'chair of the trust board': 'trust board chair' }),
    name: requiredText('a name'),
    email: emailCell,
  }),
};

export const systemLeadersSheet: SheetSpec<SystemLeader> = {
  file: INPUT_FILES.systemLeaders,
  columns: {
    name: { header: 'Name', required: true },
    designation: { header: 'Designation', required: true },
    homeSchoolUrn: { header: 'Home school URN', required: false },
    phases: { header: 'Phases', required: true },
    specialisms: { header: 'Specialisms', required: false },
    capacity: { header: 'Capacity', required: true },
  },
  row: z
    .object({
      name: requiredText('a name'),
      designation: oneOfCell(DESIGNATIONS),
      homeSchoolUrn: optionalUrnCell,
      phases: z.string().transform((value, ctx) => {
        const allowed: Phase[] = ['nursery', 'primary', 'secondary', 'all-through', 'special', 'alternative provision', 'post-16'];
        const phases = value.split(/[;|]/).map((p) => p.trim().toLowerCase()).filter(Boolean);
        if (phases.length === 0 || phases.some((p) => !allowed.includes(p as Phase))) {
          ctx.addIssue({ code: 'custom', message: `a list of phases separated by ';' from ${allowed.join(', ')}` });
          return z.NEVER;
        }
        return phases as Phase[];
      }),
      specialisms: z.string().transform((value) => value.split(/[;|]/).map((s) => s.trim()).filter(Boolean)),
      capacity: wholeNumberCell('a whole number of schools the leader can support this term'),
    })
    .transform((row) => ({ ...row, id: `${row.designation}:${row.name}:${row.homeSchoolUrn ?? 'LA'}`.toLowerCase().replace(/\s+/g, '-') })),
};

export const taskGroupReportsSheet: SheetSpec<TaskGroupReport> = {
  file: INPUT_FILES.taskGroupReports,
  columns: {
    urn: { header: 'URN', required: true },
    term: { header: 'Term', required: true },
    impact: { header: 'Impact', required: true },
    summary: { header: 'Summary', required: false },
  },
  row: z.object({
    urn: urnCell,
    term: z.string().refine(isTermId, { message: 'a term such as 2026-autumn' }),
    impact: oneOfCell(TASK_GROUP_IMPACTS),
    summary: z.string(),
  }),
};

export const previousCategoriesSheet: SheetSpec<BaselineCategory> = {
  file: INPUT_FILES.previousCategories,
  columns: {
    urn: { header: 'URN', required: true },
    category: { header: 'Category', required: true },
  },
  row: z.object({ urn: urnCell, category: oneOfCell(CATEGORIES) }),
};

// ---------------------------------------------------------------- the whole term

export interface TermIntake {
  schools: School[];
  inspections: Inspection[];
  intelligence: Intelligence[];
  contacts: Contact[];
  systemLeaders: SystemLeader[];
  taskGroupReports: TaskGroupReport[];
  baseline: BaselineCategory[];
  rejected: RejectedRow[];
  /** Rows read from each file (after filtering the register to the authority). */
  rowsRead: Record<string, number>;
  /** Register rows for the authority left out of the cycle: closed, or not a maintained school or academy. */
  leftOut: number;
  /** Schools in the cycle without a headteacher or chair of governors contact. */
  missingContacts: { urn: string; role: string }[];
}

export class IntakeHalted extends Error {
  override readonly name = 'IntakeHalted';
}

function openStatus(status: string): boolean {
  return /^open/i.test(status.trim());
}

/**
 * Reads a term's files. `files` maps file names to their bytes; missing optional files are treated as empty.
 * Throws IntakeHalted when the register or contacts are missing or unreadable: the cycle must not go on.
 */
export function readTermIntake(files: ReadonlyMap<string, Uint8Array>, laCode: string): TermIntake {
  for (const required of REQUIRED_FILES) {
    if (!files.has(required)) throw new IntakeHalted(`${required} is missing: the cycle cannot run without it`);
  }
  const text = (name: string) => {
    const bytes = files.get(name);
    return bytes ? decodeText(bytes) : '';
  };
  const rejected: RejectedRow[] = [];
  const rowsRead: Record<string, number> = {};
  const read = <T>(spec: SheetSpec<T>): SheetResult<T> => {
    // An optional file that is not there is simply empty: no rows, and nothing to reject.
    if (!files.has(spec.file)) return { accepted: [], rejected: [], rows: 0 };
    const result = readSheet(spec, text(spec.file));
    rejected.push(...result.rejected);
    rowsRead[spec.file] = result.rows;
    return result;
  };

  // The register may be the whole of England: keep only this authority's rows before validating.
  const register = readSheet(registerSheet, text(INPUT_FILES.register), { keep: (cells) => cells.laCode?.trim() === laCode });
  const ours = register.accepted;
  rejected.push(...register.rejected);
  rowsRead[INPUT_FILES.register] = register.rows;
  if (register.rejected.some((r) => r.row === 1)) {
    throw new IntakeHalted(`${INPUT_FILES.register} cannot be read: ${register.rejected.map((r) => r.expected).join('; ')}`);
  }

  const consortia = new Map(read(consortiaSheet).accepted.map(({ value }) => [value.urn, value.consortium]));
  const schools: School[] = [];
  const seen = new Set<string>();
  let leftOut = 0;
  for (const { line, value: row } of ours) {
    if (seen.has(row.urn)) {
      rejected.push({ file: INPUT_FILES.register, row: line, column: 'URN', value: row.urn, expected: 'a URN not already listed earlier in the file' });
      continue;
    }
    seen.add(row.urn);
    const inScope = STATE_FUNDED_GROUPS.has(row.typeGroup.toLowerCase()) && !OUT_OF_SCOPE_TYPES.test(row.establishmentType);
    if (!inScope || !openStatus(row.status)) {
      leftOut++;
      continue;
    }
    const isAcademy = /academ|free school/i.test(row.typeGroup) || /academ|free school/i.test(row.establishmentType);
    schools.push({
      urn: row.urn,
      name: row.name,
      laCode: row.laCode,
      establishmentType: row.establishmentType,
      typeGroup: row.typeGroup,
      status: row.status,
      open: true,
      phase: phaseOf(row),
      district: row.district,
      consortium: consortia.get(row.urn),
      isAcademy,
      trustCode: row.trustCode,
      trustName: row.trustName,
      pupils: row.pupils,
      postcode: row.postcode,
      openDate: row.openDate,
      closeDate: row.closeDate,
    });
  }
  const inCycle = new Set(schools.map((s) => s.urn));
  const inRegister = new Set(ours.map((r) => r.value.urn));

  /** Evidence must be about a school in this authority's register; rows for other schools are rejected by name. */
  const forRegisteredSchools = <T extends { urn: string }>(result: SheetResult<T>, file: string, urnColumn = 'URN'): T[] =>
    result.accepted.flatMap(({ line, value }) => {
      if (inRegister.has(value.urn)) return inCycle.has(value.urn) ? [value] : [];
      rejected.push({ file, row: line, column: urnColumn, value: value.urn, expected: `a URN in ${INPUT_FILES.register} for LA ${laCode}` });
      return [];
    });

  const inspections = forRegisteredSchools(read(inspectionsSheet), INPUT_FILES.inspections);
  const intelligence = forRegisteredSchools(read(intelligenceSheet), INPUT_FILES.intelligence);
  const contacts = forRegisteredSchools(read(contactsSheet), INPUT_FILES.contacts);
  const taskGroupReports = forRegisteredSchools(read(taskGroupReportsSheet), INPUT_FILES.taskGroupReports);
  const baseline = forRegisteredSchools(read(previousCategoriesSheet), INPUT_FILES.previousCategories);
  const systemLeaders = read(systemLeadersSheet).accepted.map(({ value }) => value);

  const missingContacts: { urn: string; role: string }[] = [];
  for (const school of schools) {
    for (const role of ['headteacher', 'chair of governors'] as const) {
      if (!contacts.some((c) => c.urn === school.urn && c.role === role)) missingContacts.push({ urn: school.urn, role });
    }
    if (school.isAcademy && !contacts.some((c) => c.urn === school.urn && c.role === 'trust board chair')) {
      missingContacts.push({ urn: school.urn, role: 'trust board chair' });
    }
  }

  rejected.sort((a, b) => (a.file === b.file ? a.row - b.row : a.file < b.file ? -1 : 1));
  return { schools, inspections, intelligence, contacts, systemLeaders, taskGroupReports, baseline, rejected, rowsRead, leftOut, missingContacts };
}
