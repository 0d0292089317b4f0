/**
 * The school register (GIAS establishment extract) and links file, and the first steps of assembling a term:
 * which schools are in the cycle, and which predecessor schools' inspections they may inherit.
 */
import { z } from 'zod';
import { optionalDateCell, optionalText, optionalWholeNumberCell, requiredText, urnCell } from '../cells';
import type { SheetSpec } from '../sheets';
import type { Phase, School } from '../types';

/** Establishment type groups in the cycle: maintained schools and academies. Others are left out, not rejected. */
const STATE_FUNDED_GROUPS = new Set([
  'local authority maintained schools',
  'academies',
  'free schools',
  'special schools',
]);
const OUT_OF_SCOPE_TYPES = /non-maintained special|independent|welsh|secure|service children/i;

export interface RegisterRow {
  urn: string;
  laCode: string;
  laName?: string;
  name: string;
  establishmentType: string;
  typeGroup: string;
  status: string;
  phaseName?: string;
  trustCode?: string;
  trustName?: string;
  pupils?: number;
  district?: string;
  ward?: string;
  postcode?: string;
  openDate?: string;
  closeDate?: string;
}

export const registerSheet: SheetSpec<RegisterRow> = {
  name: 'register',
  title: 'School register (GIAS establishment extract)',
  columns: {
    urn: {
      header: 'URN',
      required: true,
      description: 'Unique reference number of the establishment',
      example: '125100',
    },
    laCode: {
      header: 'LA (code)',
      aliases: ['LA code', 'LACode'],
      required: true,
      description: "Three-digit local authority code; only the authority's rows are read",
      example: '999',
    },
    laName: {
      header: 'LA (name)',
      aliases: ['LA name', 'LAName', 'Local authority'],
      required: false,
      description: "The local authority's name; letters and reports use it when no authority name is configured",
      example: 'Ardenshire',
    },
    name: {
      header: 'EstablishmentName',
      aliases: ['Establishment name', 'School name', 'SchoolName'],
      required: true,
      description: "The school's name, as used in letters and reports",
      example: 'Kenbury Primary School',
    },
    establishmentType: {
      header: 'TypeOfEstablishment (name)',
      aliases: ['Type of establishment', 'TypeOfEstablishment', 'Type of establishment (name)'],
      required: true,
      description: 'e.g. Community school, Academy converter, Free schools',
      example: 'Community school',
    },
    typeGroup: {
      header: 'EstablishmentTypeGroup (name)',
      aliases: ['Establishment type group', 'EstablishmentTypeGroup', 'Establishment type group (name)'],
      required: true,
      description:
        'Local authority maintained schools, Academies, Free Schools or Special schools are in the cycle; other groups are left out',
      example: 'Local authority maintained schools',
    },
    status: {
      header: 'EstablishmentStatus (name)',
      aliases: ['Establishment status', 'EstablishmentStatus', 'Status'],
      required: true,
      description: 'Open (or Open, but proposed to close) schools are in the cycle; closed ones are left out',
      example: 'Open',
    },
    phaseName: {
      header: 'PhaseOfEducation (name)',
      aliases: ['Phase of education', 'PhaseOfEducation', 'Phase'],
      required: true,
      description:
        'Primary, Secondary, All-through, Nursery, 16 plus, Middle deemed primary/secondary, Not applicable (needed for schools in the cycle)',
      example: 'Primary',
    },
    trustCode: {
      header: 'Trusts (code)',
      aliases: ['Trust code', 'Trusts code'],
      required: false,
      description: "The academy trust's code",
      example: '16001',
    },
    trustName: {
      header: 'Trusts (name)',
      aliases: ['Trust name', 'Trusts name'],
      required: false,
      description: "The academy trust's name",
      example: 'Arden Learning Trust',
    },
    pupils: {
      header: 'NumberOfPupils',
      aliases: ['Number of pupils'],
      required: false,
      description: 'Pupils on roll',
      example: '210',
    },
    district: {
      header: 'DistrictAdministrative (name)',
      aliases: ['District administrative', 'DistrictAdministrative', 'District'],
      required: true,
      description:
        'The district; its Area Analysis Group looks after the school unless aag-areas assigns it elsewhere (needed for schools in the cycle)',
      example: 'Ashdown',
    },
    ward: {
      header: 'AdministrativeWard (name)',
      aliases: ['Administrative ward', 'AdministrativeWard', 'Ward'],
      required: false,
      description: 'The ward, which aag-areas may assign to an AAG area',
      example: 'Kenbury East',
    },
    postcode: { header: 'Postcode', required: false, description: 'Postcode', example: 'AR1 2AB' },
    openDate: {
      header: 'OpenDate',
      aliases: ['Open date'],
      required: false,
      description: 'Date the establishment opened',
      example: '01-09-1980',
    },
    closeDate: {
      header: 'CloseDate',
      aliases: ['Close date'],
      required: false,
      description: 'Date the establishment closed',
      example: '',
    },
  },
  // Fields only the cycle needs (phase, district) are checked for the schools in it, not for closed or
  // out-of-scope rows, which are left out whatever they hold: see schoolsInScope.
  row: z.object({
    urn: urnCell,
    laCode: z.string().regex(/^\d{3}$/, { message: 'a three-digit LA code' }),
    laName: optionalText,
    name: requiredText('an establishment name'),
    establishmentType: requiredText('an establishment type'),
    typeGroup: requiredText('an establishment type group'),
    status: requiredText('an establishment status'),
    phaseName: optionalText,
    trustCode: optionalText,
    trustName: optionalText,
    pupils: optionalWholeNumberCell,
    district: optionalText,
    ward: optionalText,
    postcode: optionalText,
    openDate: optionalDateCell,
    closeDate: optionalDateCell,
  }),
  unique: { key: (r) => r.urn, column: 'urn', expected: 'a URN listed once', identicalRowsAreOne: true },
};

export function phaseOf(row: { phaseName?: string; typeGroup: string; establishmentType: string }): Phase {
  const type = row.establishmentType.toLowerCase();
  if (row.typeGroup.toLowerCase() === 'special schools' || type.includes('special')) return 'special';
  if (type.includes('pupil referral') || type.includes('alternative provision')) return 'alternative provision';
  const phase = (row.phaseName ?? '').toLowerCase();
  if (phase === 'primary' || phase === 'middle deemed primary') return 'primary';
  if (phase === 'secondary' || phase === 'middle deemed secondary') return 'secondary';
  if (phase === 'all-through') return 'all-through';
  if (phase === 'nursery') return 'nursery';
  if (phase === '16 plus') return 'post-16';
  return 'primary';
}

function openStatus(status: string): boolean {
  return /^open/i.test(status.trim());
}

/** Whether a register row is a school in the cycle: open, and a maintained school or academy. */
export function inCycleScope(row: Pick<RegisterRow, 'typeGroup' | 'establishmentType' | 'status'>): boolean {
  return (
    STATE_FUNDED_GROUPS.has(row.typeGroup.toLowerCase()) &&
    !OUT_OF_SCOPE_TYPES.test(row.establishmentType) &&
    openStatus(row.status)
  );
}

/** A register row of a school in the cycle that lacks what the cycle needs of it. */
export interface RegisterGap {
  line: number;
  urn: string;
  column: string;
  expected: string;
}

/**
 * Step 1: the schools in the cycle. Closed and out-of-scope rows are left out (counted, never rejected); an
 * in-scope row without a district or phase is a gap the officer must fill, and that school is held out.
 */
export function schoolsInScope(
  rows: readonly { line: number; value: RegisterRow }[],
  consortiumOf: ReadonlyMap<string, string>,
): { schools: School[]; leftOut: number; gaps: RegisterGap[] } {
  const schools: School[] = [];
  const gaps: RegisterGap[] = [];
  let leftOut = 0;
  for (const { line, value: row } of rows) {
    if (!inCycleScope(row)) {
      leftOut++;
      continue;
    }
    if (!row.district)
      gaps.push({
        line,
        urn: row.urn,
        column: registerSheet.columns.district!.header,
        expected: 'a district name (a school in the cycle belongs to an AAG area)',
      });
    if (!row.phaseName)
      gaps.push({
        line,
        urn: row.urn,
        column: registerSheet.columns.phaseName!.header,
        expected: 'a phase of education (a school in the cycle is brokered by phase)',
      });
    if (!row.district || !row.phaseName) continue;
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
      administrativeDistrict: row.district,
      ward: row.ward,
      consortium: consortiumOf.get(row.urn),
      isAcademy,
      trustCode: row.trustCode,
      trustName: row.trustName,
      pupils: row.pupils,
      postcode: row.postcode,
      openDate: row.openDate,
      closeDate: row.closeDate,
    });
  }
  return { schools, leftOut, gaps };
}

// ---------------------------------------------------------------- GIAS links (academy conversions)

export interface LinkRow {
  urn: string;
  linkUrn: string;
  linkType: string;
}

export const linksSheet: SheetSpec<LinkRow> = {
  name: 'links',
  title: 'Predecessor and successor links (GIAS links file)',
  columns: {
    urn: { header: 'URN', required: true, description: 'The establishment', example: '140250' },
    linkUrn: {
      header: 'LinkURN',
      aliases: ['Link URN'],
      required: true,
      description: 'The linked establishment',
      example: '125180',
    },
    linkName: {
      header: 'LinkName',
      aliases: ['Link name'],
      required: false,
      description: "The linked establishment's name",
      example: 'Millbrook Primary School',
    },
    linkType: {
      header: 'LinkType',
      aliases: ['Link type'],
      required: true,
      description: 'Predecessor or Successor (with GIAS\'s variants such as "Predecessor - amalgamated")',
      example: 'Predecessor',
    },
    linkDate: {
      header: 'LinkEstablishedDate',
      aliases: ['Link established date'],
      required: false,
      description: 'When the link was made',
      example: '01-04-2025',
    },
  },
  row: z.object({
    urn: urnCell,
    linkUrn: urnCell,
    linkName: z.string(),
    linkType: requiredText('a link type such as Predecessor or Successor'),
    linkDate: optionalDateCell,
  }),
};

/**
 * Step 2: each school's predecessor, from the consortia sheet's `Predecessor URN` first and then the links file,
 * and the chain of predecessors back from a school (at most five, never looping).
 */
export function predecessorChains(
  inCycle: ReadonlySet<string>,
  declared: readonly { urn: string; predecessorUrn?: string }[],
  links: readonly LinkRow[],
): { predecessorOf: Map<string, string>; chainOf: (urn: string) => string[] } {
  const predecessorOf = new Map<string, string>();
  for (const value of declared)
    if (value.predecessorUrn && inCycle.has(value.urn)) predecessorOf.set(value.urn, value.predecessorUrn);
  for (const value of links) {
    const type = value.linkType.toLowerCase();
    if (type.startsWith('predecessor') && inCycle.has(value.urn) && !predecessorOf.has(value.urn))
      predecessorOf.set(value.urn, value.linkUrn);
    if (type.startsWith('successor') && inCycle.has(value.linkUrn) && !predecessorOf.has(value.linkUrn))
      predecessorOf.set(value.linkUrn, value.urn);
  }
  const chainOf = (urn: string): string[] => {
    const chain: string[] = [];
    for (
      let at = predecessorOf.get(urn);
      at && chain.length < 5 && !chain.includes(at) && at !== urn;
      at = predecessorOf.get(at)
    )
      chain.push(at);
    return chain;
  };
  return { predecessorOf, chainOf };
}
