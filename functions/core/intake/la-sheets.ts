/**
 * The sheets the authority keeps itself, usually in Excel: consortia and networks, AAG areas, its intelligence,
 * contacts, system leaders, task-group reports, visit notes, the TSC board's responses, and the baseline of categories
 * from before the cycle.
 * Templates for each ship in templates/. They are about its own schools: a URN not in its register is rejected.
 */
import { z } from 'zod';
import {
  dateCell,
  emailCell,
  oneOfCell,
  optionalText,
  optionalUrnCell,
  requiredText,
  urnCell,
  wholeNumberCell,
} from '../cells';
import type { SheetSpec } from '../sheets';
import { leaderId } from '../support/leader-ids';
import { isTermId } from '../term';
import {
  type BaselineCategory,
  CONTACT_ROLES,
  type Contact,
  DESIGNATIONS,
  INTELLIGENCE_TYPES,
  type Intelligence,
  type MeasureFigure,
  type Phase,
  type SystemLeader,
  TASK_GROUP_IMPACTS,
  type TaskGroupReport,
  TSC_NEEDS,
  type TscResponse,
  type VisitNote,
} from '../types';

// ---------------------------------------------------------------- consortia (LA sheet)

export const consortiaSheet: SheetSpec<{ urn: string; consortium: string; predecessorUrn?: string; chair?: true }> = {
  name: 'consortia',
  title: 'Consortia and networks (LA sheet)',
  columns: {
    urn: { header: 'URN', required: true, description: "The school's URN", example: '125100' },
    consortium: {
      header: 'Consortium',
      aliases: ['Consortium or network', 'Network'],
      required: true,
      description: 'The primary consortium, secondary network or special schools network it belongs to',
      example: 'Ashdown North Primary Consortium',
    },
    predecessorUrn: {
      header: 'Predecessor URN',
      aliases: ['Predecessor'],
      required: false,
      description:
        "For an academy that converted: the predecessor school's URN, whose inspections count until the academy is inspected (the GIAS links file does the same)",
      example: '',
    },
    chair: {
      header: 'Chair',
      aliases: ['Chairs the consortium', 'Consortium chair', 'Network chair'],
      required: false,
      description:
        "yes where the school's headteacher chairs the consortium or network (seed 002: chairs lead schools in A or B); blank otherwise",
      example: '',
    },
  },
  row: z
    .object({
      urn: urnCell,
      consortium: requiredText('the name of a primary consortium or secondary network'),
      predecessorUrn: optionalUrnCell,
      chair: z.string(),
    })
    .transform((row, ctx) => {
      const chair = row.chair.trim().toLowerCase();
      if (!['', 'yes', 'y', 'no', 'n', 'chair'].includes(chair)) {
        ctx.addIssue({ code: 'custom', path: ['chair'], message: 'yes, or blank' });
        return z.NEVER;
      }
      return {
        urn: row.urn,
        consortium: row.consortium,
        ...(row.predecessorUrn ? { predecessorUrn: row.predecessorUrn } : {}),
        ...(chair === 'yes' || chair === 'y' || chair === 'chair' ? { chair: true as const } : {}),
      };
    }),
  unique: { key: (r) => r.urn, column: 'urn', expected: 'a school listed once' },
};

// ---------------------------------------------------------------- AAG areas (LA sheet)

/** One line of the authority's AAG areas: a school, a consortium or network, or a ward, and its area. */
export interface AagAreaAssignment {
  urn?: string;
  consortium?: string;
  ward?: string;
  area: string;
}

export const aagAreasSheet: SheetSpec<AagAreaAssignment> = {
  name: 'aag-areas',
  title: 'AAG areas (LA sheet): which Area Analysis Group looks after which schools',
  columns: {
    area: {
      header: 'AAG area',
      aliases: ['Area', 'AAG'],
      required: true,
      description: "The Area Analysis Group's area",
      example: 'Leeds North East',
    },
    urn: {
      header: 'URN',
      required: false,
      description:
        "A school (fill one of URN, Consortium and Ward on each row; a school's own row comes first, then its consortium's, then its ward's)",
      example: '',
    },
    consortium: {
      header: 'Consortium',
      aliases: ['Consortium or network', 'Network'],
      required: false,
      description: 'Every school of a consortium or network (as consortia names it)',
      example: 'Ashdown North Primary Consortium',
    },
    ward: {
      header: 'Ward',
      aliases: ['AdministrativeWard (name)', 'Administrative ward'],
      required: false,
      description: 'Every school in a ward (as the register names it)',
      example: '',
    },
  },
  row: z
    .object({
      area: requiredText('the name of an AAG area'),
      urn: optionalUrnCell,
      consortium: optionalText,
      ward: optionalText,
    })
    .superRefine((row, ctx) => {
      const given = [row.urn, row.consortium, row.ward].filter(Boolean).length;
      if (given !== 1)
        ctx.addIssue({ code: 'custom', path: ['urn'], message: 'exactly one of URN, Consortium or Ward on the row' });
    }),
  unique: {
    key: (a) =>
      a.urn
        ? `urn#${a.urn}`
        : a.consortium
          ? `consortium#${a.consortium.toLowerCase()}`
          : `ward#${(a.ward ?? '').toLowerCase()}`,
    column: 'urn',
    expected: 'a school, consortium or ward given one area',
  },
};

/**
 * Each school's AAG area: its own row, else its consortium's, else its ward's, else its GIAS district.
 * Lines that name a school, consortium or ward the term does not have are reported, not silently ignored.
 */
export function aagAreaOf(
  assignments: readonly AagAreaAssignment[],
): (school: { urn: string; consortium?: string; ward?: string; district: string }) => string {
  const byUrn = new Map<string, string>();
  const byConsortium = new Map<string, string>();
  const byWard = new Map<string, string>();
  for (const a of assignments) {
    if (a.urn) byUrn.set(a.urn, a.area);
    else if (a.consortium) byConsortium.set(a.consortium.toLowerCase(), a.area);
    else if (a.ward) byWard.set(a.ward.toLowerCase(), a.area);
  }
  return (school) =>
    byUrn.get(school.urn) ??
    byConsortium.get(school.consortium?.toLowerCase() ?? '') ??
    byWard.get(school.ward?.toLowerCase() ?? '') ??
    school.district;
}

// ---------------------------------------------------------------- the LA's own sheets

export const intelligenceSheet: SheetSpec<Intelligence> = {
  name: 'intelligence',
  title: "The LA's intelligence (LA sheet)",
  columns: {
    urn: { header: 'URN', required: true, description: "The school's URN", example: '125100' },
    type: {
      header: 'Type',
      required: true,
      description: `One of: ${INTELLIGENCE_TYPES.join(', ')}`,
      example: 'new headteacher',
    },
    date: {
      header: 'Date',
      required: true,
      date: true,
      description: 'Since when (a headteacher), when raised (a concern), when issued or withdrawn (a warning notice)',
      example: '01/09/2026',
    },
    status: {
      header: 'Status',
      required: true,
      description:
        "open or closed; issued, withdrawn or not complied for a warning notice; concern or no concern for a trust's view",
      example: 'open',
    },
    summary: {
      header: 'Summary',
      aliases: ['Notes'],
      required: false,
      multiline: true,
      description: 'A short note for officers (not sent to schools)',
      example: 'Substantive headteacher appointed',
    },
  },
  row: z.object({
    urn: urnCell,
    type: oneOfCell(INTELLIGENCE_TYPES, {
      'new head': 'new headteacher',
      'interim head': 'interim headteacher',
      'staffing issue': 'staffing',
      'temporary staffing': 'staffing',
      'schools causing concern': 'concern',
      'formal warning notice': 'warning notice',
    }),
    date: dateCell,
    status: oneOfCell(['open', 'closed', 'issued', 'withdrawn', 'concern', 'no concern'] as const),
    summary: z.string(),
  }),
};

export const contactsSheet: SheetSpec<Contact> = {
  name: 'contacts',
  title: 'Contacts (LA sheet)',
  columns: {
    urn: { header: 'URN', required: true, description: "The school's URN", example: '125100' },
    role: {
      header: 'Role',
      required: true,
      description: 'Headteacher, Chair of governors or Trust board chair',
      example: 'Headteacher',
    },
    name: { header: 'Name', required: true, description: 'As the letter should address them', example: 'Zoë Morgan' },
    email: {
      header: 'Email',
      aliases: ['Email address', 'E-mail'],
      required: true,
      description: 'Where the letter goes',
      example: 'head@kenbury.ardenshire.sch.example',
    },
  },
  row: z.object({
    urn: urnCell,
    role: oneOfCell(CONTACT_ROLES, {
      head: 'headteacher',
      'head teacher': 'headteacher',
      'executive headteacher': 'headteacher',
      chair: 'chair of governors',
      'chair of trustees': 'trust board chair',
      'chair of the trust board': 'trust board chair',
    }),
    name: requiredText('a name'),
    email: emailCell,
  }),
  unique: { key: (c) => `${c.urn}#${c.role}`, column: 'role', expected: 'one contact for each role at a school' },
};

export const systemLeadersSheet: SheetSpec<SystemLeader> = {
  name: 'system-leaders',
  title: 'System leaders and LIOs (LA sheet)',
  columns: {
    name: { header: 'Name', required: true, description: "The leader's name", example: 'Amelia Ward' },
    designation: {
      header: 'Designation',
      required: true,
      description: 'NLE, LLE, SLE or LIO (Learning Improvement Officer)',
      example: 'NLE',
    },
    homeSchoolUrn: {
      header: 'Home school URN',
      required: false,
      description: 'The school the leader works in (blank for an LIO)',
      example: '140200',
    },
    phases: {
      header: 'Phases',
      required: true,
      description:
        'Phases the leader can support, separated by ";": primary, secondary, special, all-through, nursery, post-16, alternative provision',
      example: 'primary; special',
    },
    specialisms: {
      header: 'Specialisms',
      required: false,
      description: 'Separated by ";"',
      example: 'Leadership; Maths',
    },
    capacity: {
      header: 'Capacity',
      required: true,
      description: 'How many schools the leader can support this term',
      example: '2',
    },
  },
  row: z
    .object({
      name: requiredText('a name'),
      designation: oneOfCell(DESIGNATIONS),
      homeSchoolUrn: optionalUrnCell,
      phases: z.string().transform((value, ctx) => {
        const allowed: Phase[] = [
          'nursery',
          'primary',
          'secondary',
          'all-through',
          'special',
          'alternative provision',
          'post-16',
        ];
        const phases = value
          .split(/[;|]/)
          .map((p) => p.trim().toLowerCase())
          .filter(Boolean);
        if (phases.length === 0 || phases.some((p) => !allowed.includes(p as Phase))) {
          ctx.addIssue({ code: 'custom', message: `a list of phases separated by ';' from ${allowed.join(', ')}` });
          return z.NEVER;
        }
        return phases as Phase[];
      }),
      specialisms: z.string().transform((value) =>
        value
          .split(/[;|]/)
          .map((s) => s.trim())
          .filter(Boolean),
      ),
      capacity: wholeNumberCell('a whole number of schools the leader can support this term'),
    })
    .transform((row) => ({ ...row, id: leaderId(row.designation, row.name, row.homeSchoolUrn) })),
  unique: { key: (l) => l.id, column: 'name', expected: 'a leader listed once' },
};

export const taskGroupReportsSheet: SheetSpec<TaskGroupReport> = {
  name: 'task-group-reports',
  title: "Last term's task-group reports (LA sheet)",
  columns: {
    urn: { header: 'URN', required: true, description: 'The supported school', example: '125100' },
    term: {
      header: 'Term',
      required: true,
      description: 'The term the report covers, e.g. 2026-autumn',
      example: '2026-autumn',
    },
    impact: {
      header: 'Impact',
      required: true,
      description: 'strong, adequate, insufficient or too early (to judge)',
      example: 'adequate',
    },
    summary: {
      header: 'Summary',
      aliases: ['Findings'],
      required: false,
      multiline: true,
      description: 'What the task group found: its findings on the impact of support',
      example: 'Improvement plan on track',
    },
    schoolResponse: {
      header: "School's response",
      aliases: ['School response', 'Response'],
      required: false,
      multiline: true,
      description: "What the school said in response to the task group's report (blank while it has not)",
      example: 'The governors accept the findings and will review the plan in November',
    },
  },
  row: z
    .object({
      urn: urnCell,
      term: z.string().refine(isTermId, { message: 'a term such as 2026-autumn' }),
      impact: oneOfCell(TASK_GROUP_IMPACTS),
      summary: z.string(),
      schoolResponse: optionalText,
    })
    .transform(
      ({ schoolResponse, ...report }): TaskGroupReport => ({
        ...report,
        ...(schoolResponse ? { schoolResponse } : {}),
      }),
    ),
  unique: { key: (r) => `${r.urn}#${r.term}`, column: 'urn', expected: 'one report per school and term' },
};

export const visitNotesSheet: SheetSpec<VisitNote> = {
  name: 'visit-notes',
  title: "Last term's visit notes: each adviser or system leader visit to a supported school (LA sheet)",
  columns: {
    urn: { header: 'URN', required: true, description: 'The school visited', example: '125100' },
    date: {
      header: 'Date',
      aliases: ['Visit date', 'Date of visit'],
      required: true,
      date: true,
      description: 'The day of the visit',
      example: '14/10/2026',
    },
    visitor: {
      header: 'Visitor',
      aliases: ['Visited by', 'Adviser'],
      required: true,
      description: 'Who visited: the system leader, LIO or adviser',
      example: 'Amelia Hall (NLE)',
    },
    focus: {
      header: 'Focus',
      required: true,
      description: 'What the visit looked at',
      example: 'Reading in key stage 1',
    },
    findings: {
      header: 'Findings',
      required: true,
      multiline: true,
      description: 'What the visitor found',
      example: 'Phonics teaching now consistent; assessment not yet used to group pupils',
    },
    nextSteps: {
      header: 'Next steps',
      aliases: ['Actions'],
      required: true,
      multiline: true,
      description: 'What the school is to do before the next visit',
      example: 'Group pupils by phonics assessment from November',
    },
    schoolResponse: {
      header: "School's response",
      aliases: ['School response', 'Response'],
      required: false,
      multiline: true,
      description: 'What the school said in response (blank while it has not)',
      example: 'Agreed; grouping starts 4 November',
    },
  },
  row: z.object({
    urn: urnCell,
    date: dateCell,
    visitor: requiredText('who visited'),
    focus: requiredText('what the visit looked at'),
    findings: requiredText('what the visitor found'),
    nextSteps: requiredText('the next steps'),
    schoolResponse: optionalText,
  }),
  unique: {
    key: (v) => `${v.urn}#${v.date}#${v.visitor}`,
    column: 'date',
    expected: 'one note per school, visitor and day',
  },
};

export const tscResponsesSheet: SheetSpec<TscResponse> = {
  name: 'tsc-responses',
  title: "The TSC board's responses to last term's requests for support (LA sheet)",
  columns: {
    urn: {
      header: 'URN',
      required: true,
      description: 'The school the request was for (the report lists each request)',
      example: '125100',
    },
    need: {
      header: 'Need',
      required: true,
      description: 'What was requested: a support school, or a system leader or LIO',
      example: 'a system leader or LIO',
    },
    outcome: {
      header: 'Response',
      required: true,
      description: 'offered (a provider is offered) or none (the board has none to offer)',
      example: 'offered',
    },
    offered: {
      header: 'Offered',
      aliases: ['Provider'],
      required: false,
      description: 'For offered: the school, system leader or teaching school hub offered',
      example: 'Sarah Lee (SLE), Harbour Teaching School Hub',
    },
    note: {
      header: 'Note',
      required: false,
      multiline: true,
      description: "The board's note: when the provider can start, or why none can be offered",
      example: 'Available from the second half of term',
    },
    respondedBy: {
      header: 'Responded by',
      required: false,
      description: 'Who recorded the response',
      example: 'TSC board, 20 Oct 2026',
    },
    date: { header: 'Date', required: true, date: true, description: 'When the board answered', example: '20/10/2026' },
  },
  row: z
    .object({
      urn: urnCell,
      need: oneOfCell(TSC_NEEDS, {
        'support school': 'a support school',
        'school-to-school support': 'a support school',
        'system leader': 'a system leader or LIO',
        'a system leader': 'a system leader or LIO',
        'system leader or lio': 'a system leader or LIO',
        lio: 'a system leader or LIO',
      }),
      outcome: oneOfCell(['offered', 'none'] as const, { 'none available': 'none', 'provider offered': 'offered' }),
      offered: optionalText,
      note: optionalText,
      respondedBy: optionalText,
      date: dateCell,
    })
    .superRefine((row, ctx) => {
      if (row.outcome === 'offered' && !row.offered)
        ctx.addIssue({ code: 'custom', path: ['offered'], message: 'who is offered, for an offer' });
    })
    .transform(
      (row): TscResponse => ({
        urn: row.urn,
        need: row.need,
        outcome: row.outcome,
        date: row.date,
        ...(row.offered ? { offered: row.offered } : {}),
        ...(row.note ? { note: row.note } : {}),
        ...(row.respondedBy ? { respondedBy: row.respondedBy } : {}),
      }),
    ),
  unique: { key: (r) => `${r.urn}#${r.need}`, column: 'urn', expected: 'one response per school and need' },
};

export const measureFiguresSheet: SheetSpec<MeasureFigure> = {
  name: 'measure-figures',
  title: "Figures for the ECB's measures that come from elsewhere: EHC plans within 20 weeks, exclusions (LA sheet)",
  columns: {
    measure: {
      header: 'Measure',
      aliases: ['Measure id'],
      required: true,
      description: "The measure's id in the ECB's measures file",
      example: 'ehc-plans-within-20-weeks',
    },
    value: {
      header: 'Value',
      required: true,
      description: 'The figure, as a number (a percentage without the % sign, or with it)',
      example: '52.5',
    },
    date: {
      header: 'As at',
      aliases: ['Date'],
      required: true,
      date: true,
      description: 'The date the figure is as at',
      example: '31/08/2026',
    },
    area: {
      header: 'AAG area',
      aliases: ['Area'],
      required: false,
      description: "An AAG area's own figure (blank: the authority's)",
      example: '',
    },
    note: {
      header: 'Note',
      aliases: ['Source'],
      required: false,
      multiline: true,
      description: 'Where the figure comes from',
      example: 'SEN2 return, calendar year 2025',
    },
  },
  row: z
    .object({
      measure: z
        .string()
        .regex(/^[a-z0-9][a-z0-9-]*$/, { message: "a measure's id (lower-case letters, digits and hyphens)" }),
      value: z.string().transform((v, ctx) => {
        const n = Number(v.replace(/%$/, '').trim());
        if (v.trim() === '' || !Number.isFinite(n)) {
          ctx.addIssue({ code: 'custom', message: 'a number' });
          return z.NEVER;
        }
        return n;
      }),
      date: dateCell,
      area: optionalText,
      note: optionalText,
    })
    .transform(
      (row): MeasureFigure => ({
        measure: row.measure,
        value: row.value,
        date: row.date,
        ...(row.area ? { area: row.area } : {}),
        ...(row.note ? { note: row.note } : {}),
      }),
    ),
  unique: {
    key: (f) => `${f.measure}#${f.area ?? ''}#${f.date}`,
    column: 'measure',
    expected: 'one figure per measure, area and date',
  },
};

export const previousCategoriesSheet: SheetSpec<BaselineCategory> = {
  name: 'previous-categories',
  title: "Previous categories: the baseline from the LA's old spreadsheet (LA sheet, first term only)",
  columns: {
    urn: { header: 'URN', required: true, description: "The school's URN", example: '125100' },
    category: {
      header: 'Category',
      required: true,
      description: "One of the methodology's categories (A, B, C or D in the default)",
      example: 'B',
    },
  },
  row: z.object({
    urn: urnCell,
    category: requiredText('a category').pipe(z.string().max(20, { message: 'a category of at most 20 characters' })),
  }),
  unique: { key: (b) => b.urn, column: 'urn', expected: 'a school listed once' },
};
