/**
 * npm run real-term -- [--realdata ../shared/realdata] --out <dir>/2026-summer
 *
 * Lays out one authority's term from real published files, as an officer would: Ofsted's management information
 * (Leeds, latest inspections as at 28 February 2026), the GIAS links file and the key stage 2 and 4 files, each
 * linked into the term's folder unchanged under the name it was published with. There is no Leeds GIAS extract,
 * so the register is made from the Ofsted file's own columns (URN, LAESTAB, name, type, phase, trust, pupils,
 * postcode); contacts (placeholder addresses on example domains) and an aag-areas sheet (schools grouped by
 * parliamentary constituency, as a metropolitan authority might draw its areas) are the authority's own sheets.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCsv, toCsv } from '../functions/core/csv';
import { decodeText } from '../functions/core/sheets';
import { scriptOptions } from '../local/args';

/** The files as published, by the names they were downloaded under. */
export const REAL_FILES = [
  'leeds_ofsted_data.csv',
  'links_edubasealldata20250422_leeds.csv',
  'england_ks2final_leeds.csv',
  'england_ks4final_leeds.csv',
] as const;

/** Ofsted's "Type of education" as GIAS names the establishment type and its group. */
const GIAS_TYPE: Record<string, [type: string, group: string]> = {
  'community school': ['Community school', 'Local authority maintained schools'],
  'foundation school': ['Foundation school', 'Local authority maintained schools'],
  'voluntary aided school': ['Voluntary aided school', 'Local authority maintained schools'],
  'voluntary controlled school': ['Voluntary controlled school', 'Local authority maintained schools'],
  'community special school': ['Community special school', 'Special schools'],
  'foundation special school': ['Foundation special school', 'Special schools'],
  'pupil referral unit': ['Pupil referral unit', 'Local authority maintained schools'],
  'academy converter': ['Academy converter', 'Academies'],
  'academy sponsor led': ['Academy sponsor led', 'Academies'],
  'academy special converter': ['Academy special converter', 'Academies'],
  'academy special sponsor led': ['Academy special sponsor led', 'Academies'],
  'academy alternative provision converter': ['Academy alternative provision converter', 'Academies'],
  'academy alternative provision sponsor led': ['Academy alternative provision sponsor led', 'Academies'],
  'free school': ['Free schools', 'Free Schools'],
  'free school special': ['Free schools special', 'Free Schools'],
  'free school - alternative provision': ['Free schools alternative provision', 'Free Schools'],
  'university technical college': ['University technical college', 'Free Schools'],
  'studio school': ['Studio schools', 'Free Schools'],
  'non-maintained special school': ['Non-maintained special school', 'Special schools'],
};

const GIAS_PHASE: Record<string, string> = {
  primary: 'Primary',
  secondary: 'Secondary',
  nursery: 'Nursery',
  'all-through': 'All-through',
  special: 'Not applicable',
  'alternative provision': 'Not applicable',
};

const blank = (v: string | undefined) => (v === undefined || v === 'NULL' ? '' : v);

/** A GIAS-style register and the authority's contacts and AAG areas, from the Ofsted file's own columns. */
export function sheetsFromOfstedFile(text: string): {
  register: string;
  contacts: string;
  aagAreas: string;
  laCode: string;
} {
  const { records } = parseCsv(text);
  const register: string[][] = [];
  const contacts: string[][] = [];
  const areas: string[][] = [];
  let laCode = '';
  for (const { values: r } of records) {
    const [type, group] = GIAS_TYPE[blank(r['Type of education']).toLowerCase()] ?? [
      blank(r['Type of education']),
      'Other types',
    ];
    const urn = blank(r.URN);
    laCode = blank(r.LAESTAB).slice(0, 3) || laCode;
    const trustUid = blank(r['Multi-academy trust UID']);
    register.push([
      urn,
      blank(r.LAESTAB).slice(0, 3),
      blank(r['Local authority']),
      blank(r['School name']),
      type,
      group,
      'Open',
      GIAS_PHASE[blank(r['Ofsted phase']).toLowerCase()] ?? 'Not applicable',
      blank(r['Statutory lowest age']),
      blank(r['Statutory highest age']),
      trustUid,
      blank(r['Multi-academy trust name']),
      blank(r['Total number of pupils']),
      blank(r['Local authority']),
      blank(r.Postcode),
      blank(r['School open date']),
    ]);
    const domain = `${urn}.schools.example.org`;
    contacts.push([urn, 'Headteacher', `Headteacher of ${blank(r['School name'])}`, `head@${domain}`]);
    contacts.push([urn, 'Chair of governors', `Chair of governors of ${blank(r['School name'])}`, `chair@${domain}`]);
    if (/academies|free schools/i.test(group))
      contacts.push([
        urn,
        'Trust board chair',
        `Chair of ${blank(r['Multi-academy trust name']) || 'the trust'}`,
        `trust-chair@${domain}`,
      ]);
    const constituency = blank(r['Parliamentary constituency']);
    if (constituency) areas.push([urn, constituency]);
  }
  return {
    laCode,
    register: toCsv(
      [
        'URN',
        'LA (code)',
        'LA (name)',
        'EstablishmentName',
        'TypeOfEstablishment (name)',
        'EstablishmentTypeGroup (name)',
        'EstablishmentStatus (name)',
        'PhaseOfEducation (name)',
        'StatutoryLowAge',
        'StatutoryHighAge',
        'Trusts (code)',
        'Trusts (name)',
        'NumberOfPupils',
        'DistrictAdministrative (name)',
        'Postcode',
        'OpenDate',
      ],
      register,
    ),
    contacts: toCsv(['URN', 'Role', 'Name', 'Email'], contacts),
    aagAreas: toCsv(['URN', 'AAG area'], areas),
  };
}

/** Lays out the term: the real files linked in unchanged, and the sheets made from the Ofsted file. */
export function layOutRealTerm(realdata: string, out: string): { laCode: string } {
  for (const file of REAL_FILES)
    if (!existsSync(join(realdata, file)))
      throw new Error(`${join(realdata, file)} is not there: see ../shared/realdata/SOURCES.md`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const file of REAL_FILES) symlinkSync(resolve(realdata, file), join(out, file));
  const made = sheetsFromOfstedFile(decodeText(new Uint8Array(readFileSync(join(realdata, 'leeds_ofsted_data.csv')))));
  writeFileSync(join(out, 'register.csv'), made.register);
  writeFileSync(join(out, 'contacts.csv'), made.contacts);
  writeFileSync(join(out, 'aag-areas.csv'), made.aagAreas);
  return { laCode: made.laCode };
}

if (process.argv[1] && resolve(process.argv[1]).endsWith('real-term.ts')) {
  const usage = `Usage: npm run real-term -- --out <dir>/2026-summer [--realdata ../shared/realdata]
  --out       the term's folder to lay out (its name is the term)
  --realdata  the folder of published files it links to, unchanged (default: ../shared/realdata)`;
  const values = scriptOptions(
    { realdata: { type: 'string', default: resolve('..', 'shared', 'realdata') }, out: { type: 'string' } },
    usage,
  );
  if (!values.out) {
    console.error(`--out is needed: the term's folder to lay out\n\n${usage}`);
    process.exit(2);
  }
  const { laCode } = layOutRealTerm(values.realdata!, values.out);
  console.log(
    `Laid out ${values.out}: ${REAL_FILES.join(', ')} (linked, unchanged), register.csv, contacts.csv and aag-areas.csv made from the Ofsted file; LA ${laCode}.`,
  );
  console.log(
    `Check it:  npm run intake -- --data ${values.out} --la ${laCode} --year ks2=2018/19 --year ks4=2018/19 --check`,
  );
}
