import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { haltReason, IntakeHalted, readTermIntake } from '../../functions/core/intake';
import { intakeReport } from '../../functions/core/intake/intake-report';
import { describeRejection } from '../../functions/core/sheets';

const REGISTER_HEADER =
  'URN,LA (code),LA (name),EstablishmentName,TypeOfEstablishment (name),EstablishmentTypeGroup (name),EstablishmentStatus (name),PhaseOfEducation (name),Trusts (code),Trusts (name),NumberOfPupils,DistrictAdministrative (name),OpenDate,CloseDate,SomeOtherGiasColumn';
const register = [
  REGISTER_HEADER,
  '100001,999,Ardenshire,Alpha Primary School,Community school,Local authority maintained schools,Open,Primary,,,210,Ashdown,01-09-1980,,x',
  '100002,999,Ardenshire,Beta Academy,Academy converter,Academies,Open,Secondary,16001,Arden Learning Trust,900,Eastbrook,01-09-2013,,x',
  '100003,999,Ardenshire,Gamma Special School,Community special school,Special schools,Open,Not applicable,,,80,Riverton,,,x',
  '100004,999,Ardenshire,Closed Primary School,Community school,Local authority maintained schools,Closed,Primary,,,0,Ashdown,,31-08-2020,x',
  '100005,999,Ardenshire,Prep School,Other independent school,Independent schools,Open,Primary,,,100,Ashdown,,,x',
  '200001,998,Neighbourshire,Elsewhere Primary,Community school,Local authority maintained schools,Open,Primary,,,100,Nowhere,,,x',
  '200002,998,Neighbourshire,Broken Row,Community school,Local authority maintained schools,Open,Primary,,,many,Nowhere,,,x',
].join('\r\n');
const contacts = [
  'URN,Role,Name,Email',
  '100001,Headteacher,Ann Head,head@alpha.sch.example',
  '100001,Chair of governors,Carl Chair,chair@alpha.sch.example',
  '100002,headteacher,Bea Head,head@beta.sch.example',
  '100002,Chair of Governors,Bo Chair,chair@beta.sch.example',
  '100002,Trust board chair,Tess Trust,chair@trust.example',
  '100003,Headteacher,Gil Head,not-an-email',
].join('\n');

const encode = (text: string) => new TextEncoder().encode(text);
function files(extra: Record<string, string | Uint8Array | undefined> = {}): Map<string, Uint8Array> {
  const all: Record<string, string | Uint8Array | undefined> = {
    'register.csv': register,
    'contacts.csv': contacts,
    ...extra,
  };
  return new Map(
    Object.entries(all).flatMap(([name, body]) =>
      body === undefined ? [] : [[name, typeof body === 'string' ? encode(body) : body] as const],
    ),
  );
}
const read = (extra: Record<string, string | Uint8Array | undefined> = {}, notAfter?: string) =>
  readTermIntake(files(extra), { laCode: '999', notAfter });
const messages = (intake: ReturnType<typeof read>, file?: string) =>
  intake.rejected.filter((r) => !file || r.file === file).map(describeRejection);

async function xlsx(rows: unknown[][], format?: (sheet: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sheet1');
  for (const row of rows) sheet.addRow(row);
  format?.(sheet);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe('the register (GIAS extract)', () => {
  it("keeps this authority's open maintained schools and academies and leaves out closed and independent ones", () => {
    const intake = read();
    expect(intake.schools.map((s) => s.urn)).toEqual(['100001', '100002', '100003']);
    expect(intake.leftOut).toBe(2);
    expect(intake.schools.find((s) => s.urn === '100002')).toMatchObject({
      isAcademy: true,
      phase: 'secondary',
      trustName: 'Arden Learning Trust',
      district: 'Eastbrook',
    });
    expect(intake.schools.find((s) => s.urn === '100003')?.phase).toBe('special');
  });

  it("passes over other authorities' rows of a national extract without reporting their problems", () => {
    const intake = read();
    expect(messages(intake, 'register.csv')).toEqual([]);
    expect(intake.files.find((f) => f.file === 'register.csv')).toMatchObject({ rows: 5, skipped: 2, rejectedRows: 0 });
  });

  it('matches GIAS columns through their aliases', () => {
    const renamed = register
      .replace('EstablishmentName', 'Establishment name')
      .replace('DistrictAdministrative (name)', 'District');
    expect(read({ 'register.csv': renamed }).schools[0]).toMatchObject({
      name: 'Alpha Primary School',
      district: 'Ashdown',
    });
  });

  it('halts when the register or the contacts are missing, saying which', () => {
    expect(() => read({ 'register.csv': undefined })).toThrow(IntakeHalted);
    expect(() => read({ 'register.csv': undefined })).toThrow(
      'register.csv (or .xlsx) is missing: the cycle cannot run without it',
    );
    expect(() => read({ 'contacts.csv': undefined })).toThrow('contacts.csv (or .xlsx) is missing');
  });

  it('halts when the register has none of its required columns', () => {
    expect(() => read({ 'register.csv': 'Name,Town\nAlpha,Ashby\n' })).toThrow(
      /register\.csv cannot be read: a column named 'URN' in the header row/,
    );
  });

  it('reads two identical rows of one URN as one school, and says so: row n repeats row m, counted once', () => {
    const repeated = `${register}\r\n100001,999,Ardenshire,Alpha Primary School,Community school,Local authority maintained schools,Open,Primary,,,210,Ashdown,01-09-1980,,x`;
    const intake = read({ 'register.csv': repeated });
    expect(intake.schools.filter((s) => s.urn === '100001')).toHaveLength(1);
    expect(messages(intake, 'register.csv')).toEqual([]);
    expect(intake.repeatedRegisterRows).toEqual([{ row: 9, repeats: 2 }]);
    expect(intakeReport(intake, { laCode: '999', maxRejectedShare: 0.25 }).lines).toContain(
      '  register.csv row 9 repeats row 2, counted once',
    );
  });

  it('rejects both of two differing rows of one URN, holding the school out and saying neither was used', () => {
    const duplicated = `${register}\r\n100001,999,Ardenshire,Alpha Again,Community school,Local authority maintained schools,Open,Primary,,,1,Ashdown,,,x`;
    const intake = read({ 'register.csv': duplicated });
    expect(intake.schools.map((s) => s.urn)).toEqual(['100002', '100003']);
    expect(messages(intake, 'register.csv')).toEqual([
      "register.csv row 2, URN: '100001' is not a URN listed once: rows 2 and 9 give it with different EstablishmentName, NumberOfPupils, OpenDate, so neither row was used",
      "register.csv row 9, URN: '100001' is not a URN listed once: rows 2 and 9 give it with different EstablishmentName, NumberOfPupils, OpenDate, so neither row was used",
    ]);
  });

  it('does not reject closed or out-of-scope rows for fields only the cycle needs', () => {
    const noDistrict = `${register}\r\n100010,999,Ardenshire,Long Closed School,Community school,Local authority maintained schools,Closed,,,,,,,31-08-1990,x\r\n100011,999,Ardenshire,New Primary,Community school,Local authority maintained schools,Open,Primary,,,30,,,,x`;
    const intake = read({ 'register.csv': noDistrict });
    expect(intake.leftOut).toBe(3);
    expect(messages(intake, 'register.csv')).toEqual([
      "register.csv row 10, DistrictAdministrative (name): '' is not a district name (a school in the cycle belongs to an AAG area); the school is held out of the cycle until it is given",
    ]);
    expect(intake.schools.map((s) => s.urn)).not.toContain('100011');
  });

  it('says first, and once, when the register is empty, has only a header, or has no rows for the authority', () => {
    expect(() => read({ 'register.csv': '' })).toThrow(
      new IntakeHalted('register.csv is empty (0 bytes): the cycle cannot run without it'),
    );
    expect(() => read({ 'register.csv': '\r\n\r\n' })).toThrow(
      new IntakeHalted('register.csv is blank (it has no header row): the cycle cannot run without it'),
    );
    expect(() => read({ 'register.csv': `${REGISTER_HEADER}\r\n` })).toThrow(
      new IntakeHalted('register.csv has a header row but no rows: the cycle cannot run without it'),
    );
    expect(() => readTermIntake(files(), { laCode: '383' })).toThrow(
      new IntakeHalted(
        'register.csv has no rows for LA 383 (its 7 rows are for LA 999, 998): check the LA code (--la) or the register',
      ),
    );
  });

  it('names the five authorities with most rows, most first, a blank code as such, and counts the rest', () => {
    const rowsFor = (la: string, n: number) =>
      Array.from(
        { length: n },
        (_, i) =>
          `${String(300000 + Number(la || 0) * 10 + i)},${la},Elsewhere,School,Community school,Local authority maintained schools,Open,Primary,,,100,Nowhere,,,x`,
      );
    const register = [
      REGISTER_HEADER,
      ...rowsFor('201', 1),
      ...rowsFor('202', 3),
      ...rowsFor('', 2),
      ...rowsFor('204', 4),
      ...rowsFor('205', 1),
      ...rowsFor('206', 5),
      ...rowsFor('207', 1),
    ].join('\r\n');
    expect(() => readTermIntake(files({ 'register.csv': register }), { laCode: '383' })).toThrow(
      new IntakeHalted(
        'register.csv has no rows for LA 383 (its 17 rows are for LA 206, 204, 202, (blank), 201 and 2 more): check the LA code (--la) or the register',
      ),
    );
    const five = [
      REGISTER_HEADER,
      ...rowsFor('201', 1),
      ...rowsFor('202', 2),
      ...rowsFor('203', 3),
      ...rowsFor('204', 4),
      ...rowsFor('205', 5),
    ].join('\r\n');
    expect(() => readTermIntake(files({ 'register.csv': five }), { laCode: '383' })).toThrow(
      new IntakeHalted(
        'register.csv has no rows for LA 383 (its 15 rows are for LA 205, 204, 203, 202, 201): check the LA code (--la) or the register',
      ),
    );
  });
});

describe('every bad row gets a clear answer, and the good rows go through', () => {
  it('names the file, row, column, value and what was expected', () => {
    const ofsted = [
      'URN,Inspection start date,Latest OEIF overall effectiveness',
      '100001,14/03/2019,2',
      '100002,14/03/2019,5',
      '100003,31/02/2026,2',
    ].join('\n');
    const intake = read({ 'ofsted-inspections.csv': ofsted });
    expect(messages(intake)).toEqual([
      "contacts.csv row 7, Email: 'not-an-email' is not an email address (name@domain)",
      "ofsted-inspections.csv row 3, Latest OEIF overall effectiveness: '5' is not one of 1, 2, 3, 4, 9 or Not judged (this value is left out; the rest of the row is used)",
      "ofsted-inspections.csv row 4, Inspection start date: '31/02/2026' is not a date (day/month/year, e.g. 01/09/2026, or YYYY-MM-DD)",
    ]);
    // An unreadable judgement is that judgement's problem: the inspection stays, dated, without it, and says so.
    expect(intake.inspections.map((i) => i.urn)).toEqual(['100001', '100002']);
    expect(intake.inspections[1]).toMatchObject({
      era: 'single-word',
      startDate: '2019-03-14',
      unreadable: [{ judgement: 'overall effectiveness', value: '5' }],
    });
    expect(intake.inspections[1]?.overallEffectiveness).toBeUndefined();
    // A row that cannot be used at all still says Ofsted lists the school: it is never "not inspected".
    expect(intake.schools.find((s) => s.urn === '100003')?.ofstedRowUnreadable).toBe(
      "ofsted-inspections.csv row 4, Inspection start date: '31/02/2026' is not a date (day/month/year, e.g. 01/09/2026, or YYYY-MM-DD)",
    );
    expect(intake.schools.find((s) => s.urn === '100002')?.ofstedRowUnreadable).toBeUndefined();
    // Only the row that could not be used counts among the rows rejected; the other is a value left out.
    expect(intake.files.find((f) => f.sheet === 'ofsted-inspections')?.rejectedRows).toBe(1);
  });

  it("rejects evidence in the LA's own sheets for a URN that is not in the register", () => {
    const intelligence =
      'URN,Type,Date,Status,Summary\n100001,concern,01/05/2026,open,x\n999999,concern,01/05/2026,open,y\n';
    const intake = read({ 'intelligence.csv': intelligence });
    expect(intake.intelligence).toHaveLength(1);
    expect(messages(intake, 'intelligence.csv')).toEqual([
      "intelligence.csv row 3, URN: '999999' is not a URN in register.csv for LA 999",
    ]);
  });

  it("passes over other schools' rows in Ofsted's national file instead of rejecting them", () => {
    const ofsted =
      'URN,Inspection start date,Latest OEIF overall effectiveness\n100001,14/03/2019,2\n555555,14/03/2019,2\n200001,bad,7\n';
    const intake = read({ 'ofsted-inspections.csv': ofsted });
    expect(intake.inspections.map((i) => i.urn)).toEqual(['100001']);
    expect(messages(intake, 'ofsted-inspections.csv')).toEqual([]);
    expect(intake.files.find((f) => f.file === 'ofsted-inspections.csv')).toMatchObject({ rows: 1, skipped: 2 });
  });

  it('rejects dates in the future', () => {
    const intelligence =
      'URN,Type,Date,Status,Summary\n100001,new headteacher,01/09/2026,open,x\n100001,concern,12/12/2026,open,y\n';
    const intake = read({ 'intelligence.csv': intelligence }, '2026-09-03');
    expect(intake.intelligence.map((i) => i.date)).toEqual(['2026-09-01']);
    expect(messages(intake, 'intelligence.csv')).toEqual([
      "intelligence.csv row 3, Date: '12/12/2026' is not a date on or before 03/09/2026; a later date is in the future",
    ]);
  });

  it('rejects a second contact for the same role at a school', () => {
    const intake = read({ 'contacts.csv': `${contacts}\n100001,Headteacher,Another Head,other@alpha.sch.example` });
    expect(intake.contacts.filter((c) => c.urn === '100001' && c.role === 'headteacher').map((c) => c.name)).toEqual([
      'Ann Head',
    ]);
    expect(messages(intake, 'contacts.csv')).toContain(
      "contacts.csv row 8, Role: 'Headteacher' is not one contact for each role at a school (already given at row 2)",
    );
  });

  it('treats a missing optional file as empty, not as an error', () => {
    const intake = read();
    expect(intake.rejected.map((r) => r.file)).toEqual(['contacts.csv']);
    expect(intake.baseline).toEqual([]);
  });

  it('lists schools with no headteacher, chair or (for an academy) trust chair contact', () => {
    expect(read().missingContacts).toEqual([
      { urn: '100003', role: 'headteacher' },
      { urn: '100003', role: 'chair of governors' },
    ]);
  });
});

describe('files as they come out of Excel and other systems', () => {
  it('reads Windows-1252 text from older Excel without altering it', () => {
    const header = 'URN,Role,Name,Email\r\n';
    const row = '100001,Headteacher,Zo\xeb O\x92Brien,head@alpha.sch.example\r\n';
    const bytes = Uint8Array.from([...header, ...row].map((c) => c.charCodeAt(0)));
    expect(read({ 'contacts.csv': bytes }).contacts[0]?.name).toBe('Zoë O\u2019Brien');
  });

  it('reads UTF-8 with a byte-order mark, CRLF, quoted commas and line breaks, and blank trailing rows', () => {
    const text =
      '\ufeffURN,Type,Date,Status,Summary\r\n100001,concern,01/05/2026,open,"Reading, writing\r\nand maths"\r\n,,,,\r\n\r\n';
    const intake = read({ 'intelligence.csv': text });
    expect(intake.intelligence).toEqual([
      { urn: '100001', type: 'concern', date: '2026-05-01', status: 'open', summary: 'Reading, writing\r\nand maths' },
    ]);
    expect(intake.rejected.filter((r) => r.file === 'intelligence.csv')).toEqual([]);
  });

  it('matches columns whatever their case and spacing', () => {
    const ofsted = ' urn ,INSPECTION START DATE,latest oeif  overall effectiveness\n100001,2019-03-14,3\n';
    expect(read({ 'ofsted-inspections.csv': ofsted }).inspections[0]).toMatchObject({
      urn: '100001',
      startDate: '2019-03-14',
      era: 'single-word',
      overallEffectiveness: 3,
    });
  });

  it("reads an LA sheet saved as .xlsx: numbers, dates and text, with Excel's row numbers in rejections", async () => {
    const workbook = await xlsx(
      [
        ['URN', 'Type', 'Date', 'Status', 'Summary'],
        [100001, 'New headteacher', new Date(Date.UTC(2026, 3, 20)), 'open', 'From the summer term'],
        [],
        [100002, 'concern', '31/02/2026', 'open', 'typed as text'],
        [100003, 'Warning notice', new Date(Date.UTC(2026, 5, 12)), 'issued', ''],
      ],
      (sheet) => (sheet.getColumn(3).numFmt = 'dd/mm/yyyy'),
    );
    const intake = read({ 'intelligence.xlsx': workbook });
    expect(intake.intelligence.map((i) => [i.urn, i.type, i.date, i.status])).toEqual([
      ['100001', 'new headteacher', '2026-04-20', 'open'],
      ['100003', 'warning notice', '2026-06-12', 'issued'],
    ]);
    expect(messages(intake, 'intelligence.xlsx')).toEqual([
      "intelligence.xlsx row 4, Date: '31/02/2026' is not a date (day/month/year, e.g. 01/09/2026, or YYYY-MM-DD)",
    ]);
  });

  it('reads the contacts from .xlsx as well as .csv, but not both at once', async () => {
    const workbook = await xlsx([
      ['URN', 'Role', 'Name', 'Email'],
      [100001, 'Headteacher', 'Ann Head', 'head@alpha.sch.example'],
    ]);
    expect(read({ 'contacts.csv': undefined, 'contacts.xlsx': workbook }).contacts).toEqual([
      { urn: '100001', role: 'headteacher', name: 'Ann Head', email: 'head@alpha.sch.example' },
    ]);
    expect(() => read({ 'contacts.xlsx': workbook })).toThrow(
      'both contacts.csv and contacts.xlsx are present: keep one of them',
    );
  });

  it('halts on a required workbook that cannot be read, and stops the cycle for an optional one it was given', () => {
    const junk = encode('this is not a workbook');
    expect(() => read({ 'contacts.csv': undefined, 'contacts.xlsx': junk })).toThrow(
      'contacts.xlsx cannot be read: the file is not an .xlsx workbook (it could not be unzipped): the cycle cannot run without it',
    );
    const intake = read({ 'intelligence.xlsx': junk });
    expect(messages(intake, 'intelligence.xlsx')).toEqual([
      "intelligence.xlsx row 1, (the whole file): 'intelligence.xlsx' is not a file intake can use: it cannot be read: the file is not an .xlsx workbook (it could not be unzipped)",
    ]);
    expect(haltReason(intake, 0.25)).toMatch(/^intelligence\.xlsx cannot be read: the file is not an \.xlsx workbook/);
  });

  it('reads the worksheet that holds the columns when the first is a cover sheet, or says which sheets it found', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Cover').addRow(['Ardenshire contacts, autumn 2026']);
    const data = workbook.addWorksheet('Contacts');
    data.addRow(['URN', 'Role', 'Name', 'Email']);
    data.addRow([100001, 'Headteacher', 'Ann Head', 'head@alpha.sch.example']);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect(read({ 'contacts.csv': undefined, 'contacts.xlsx': bytes }).contacts.map((c) => c.name)).toEqual([
      'Ann Head',
    ]);
    const coverOnly = await xlsx([['Ardenshire contacts, autumn 2026']]);
    expect(() => read({ 'contacts.csv': undefined, 'contacts.xlsx': coverOnly })).toThrow(
      "contacts.xlsx cannot be read: no worksheet has the columns URN, Role, Name, Email in its first row; its worksheets are 'Sheet1' (first row: Ardenshire contacts, autumn 2026): the cycle cannot run without it",
    );
  });
});

describe("Ofsted's file, in each layout it has been published in", () => {
  const graded =
    'URN,Inspection start date,Category of concern,Overall effectiveness,Quality of education,Effectiveness of leadership and management,Safeguarding is effective?,Date of latest ungraded inspection,Ungraded inspection overall outcome';
  it('reads the graded-inspection layout (to October 2025): single-word and key-judgement inspections, and ungraded ones', () => {
    const ofsted = [
      graded,
      '100001,14/03/2019,,2,2,2,Yes,NULL,NULL',
      '100002,04/02/2025,SWK,Not judged,4,3,No,,',
      '100003,NULL,NULL,NULL,NULL,NULL,NULL,14/06/2023,School remains Good',
    ].join('\n');
    const intake = read({ 'ofsted-inspections.csv': ofsted });
    const [a, b, c] = intake.inspections;
    expect(intake.files.find((f) => f.sheet === 'ofsted-inspections')?.layout).toMatch(
      /^Ofsted's graded-inspection layout/,
    );
    expect(a).toMatchObject({ era: 'single-word', overallEffectiveness: 2 });
    expect(b?.overallEffectiveness).toBeUndefined();
    expect(b).toMatchObject({
      era: 'key-judgements',
      categoryOfConcern: 'serious weaknesses',
      safeguardingEffective: false,
    });
    expect(b?.keyJudgements).toEqual([
      { area: 'quality of education', grade: 4 },
      { area: 'leadership and management', grade: 3 },
    ]);
    expect(c).toMatchObject({
      urn: '100003',
      era: 'ungraded',
      startDate: '2023-06-14',
      ungradedOutcome: 'School remains Good',
    });
  });

  const reportCards = [
    'URN,Inspection start date,Does the latest full inspection relate to the URN of the current school?,URN at time of latest full inspection,Category of concern,Safeguarding standards,Achievement,Achievement - date of judgement,Early years (where applicable),Post-16 provision (where applicable),Leadership and governance',
    'Inspection start date of latest OEIF graded inspection,Does the latest OEIF graded inspection relate to the URN of the current school?,URN at time of latest OEIF graded inspection,School name at time of latest OEIF graded inspection,Latest OEIF category of concern,Latest OEIF overall effectiveness,Latest OEIF quality of education,Latest OEIF  safeguarding is effective?',
    'Date of latest ungraded inspection,Ungraded inspection overall outcome',
  ].join(',');
  it('reads the report-card layout (from November 2025): each of the three inspections in a row as its own, with its own date', () => {
    const ofsted = [
      reportCards,
      '100001,06/01/2026,Yes,100001,,Met,Needs attention,06/01/2026,Expected standard,Not applicable,Expected standard,13/01/2022,Yes,100001,Alpha Primary School,,2,2,Yes,NULL,NULL',
      '100002,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,05/03/2024,No,100008,Old Beta School,SM,4,4,Yes,NULL,NULL',
      '100003,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,14/06/2023,School remains Good (Concerns) - S5 Next',
    ].join('\n');
    const intake = read({ 'ofsted-inspections.csv': ofsted });
    expect(messages(intake, 'ofsted-inspections.csv')).toEqual([]);
    expect(intake.files.find((f) => f.sheet === 'ofsted-inspections')?.layout).toMatch(/^Ofsted's report-card layout/);
    const alpha = intake.inspections.filter((i) => i.urn === '100001');
    expect(alpha.map((i) => [i.era, i.startDate])).toEqual([
      ['report-card', '2026-01-06'],
      ['single-word', '2022-01-13'],
    ]);
    expect(alpha[0]).toMatchObject({
      safeguardingMet: true,
      reportCard: [
        { area: 'Achievement', grade: 'needs attention', date: '2026-01-06' },
        { area: 'Leadership and governance', grade: 'expected standard' },
        { area: 'Early years', grade: 'expected standard' },
      ],
    });
    expect(intake.inspections.find((i) => i.urn === '100002')).toMatchObject({
      era: 'single-word',
      categoryOfConcern: 'special measures',
      predecessor: { urn: '100008', name: 'Old Beta School' },
    });
    expect(intake.inspections.find((i) => i.urn === '100003')).toMatchObject({
      era: 'ungraded',
      ungradedOutcome: 'School remains Good (Concerns) - S5 Next',
    });
  });

  it('accepts "- date of grade" as the June 2026 file names the area dates, and says so', () => {
    const june = reportCards.replace('Achievement - date of judgement', 'Achievement - date of grade');
    const intake = read({
      'ofsted-inspections.csv': `${june}\n100001,06/01/2026,Yes,100001,,Met,Strong standard,07/01/2026,NULL,NULL,Expected standard,,,,,,,,,,`,
    });
    expect(intake.inspections[0]?.reportCard[0]).toEqual({
      area: 'Achievement',
      grade: 'strong standard',
      date: '2026-01-07',
    });
    expect(intake.files.find((f) => f.sheet === 'ofsted-inspections')?.layout).toMatch(/- date of grade/);
  });

  it('rejects an ungraded outcome Ofsted does not publish, listing the ones it does', () => {
    const intake = read({ 'ofsted-inspections.csv': `${graded}\n100001,NULL,,,,,,14/06/2023,Pretty good` });
    expect(messages(intake, 'ofsted-inspections.csv')[0]).toBe(
      "ofsted-inspections.csv row 2, Ungraded inspection overall outcome: 'Pretty good' is not one of School remains Outstanding, School remains Good, School remains Outstanding (Concerns) - S5 Next, School remains Good (Concerns) - S5 Next, School remains Good (Improving) - S5 Next, Standards maintained, Improved significantly, Some aspects not as strong (this value is left out; the rest of the row is used)",
    );
    expect(intake.inspections[0]).toMatchObject({
      era: 'ungraded',
      startDate: '2023-06-14',
      unreadable: [{ judgement: 'overall outcome', value: 'Pretty good' }],
    });
  });

  it('refuses, by name, Ofsted\'s "all inspections" file (one row per inspection) in place of its latest inspections', () => {
    // By its header: an inspection number of its own, and no column of a school's latest inspections.
    const all = [
      'URN,Inspection number,Inspection start date,Overall effectiveness,Quality of education',
      '100001,10001,14/03/2019,2,2',
      '100001,10002,10/01/2024,3,3',
    ].join('\n');
    const byHeader = read({ 'ofsted-inspections.csv': all });
    expect(byHeader.inspections).toEqual([]);
    expect(haltReason(byHeader, 0.25)).toMatch(
      /^ofsted-inspections\.csv looks like Ofsted's "all inspections" file \(one row per inspection, several for a school\), not its "latest inspections" file/,
    );
    // By its rows: several schools each on more than one row, whatever the header.
    const repeated = [
      graded,
      '100001,14/03/2019,,2,2,2,Yes,NULL,NULL',
      '100001,10/01/2024,,3,3,3,Yes,NULL,NULL',
      '100002,04/02/2023,,2,2,2,Yes,,',
      '100002,04/02/2025,,Not judged,2,2,Yes,,',
    ].join('\n');
    const byRows = read({ 'ofsted-inspections.csv': repeated });
    expect(byRows.inspections).toEqual([]);
    expect(haltReason(byRows, 0.25)).toMatch(
      /looks like Ofsted's "all inspections" file .* \(2 of its rows repeat a school given on an earlier row\)/,
    );
    // One school given twice is that row's mistake: the row is rejected, the file read.
    const once = read({
      'ofsted-inspections.csv': [
        graded,
        '100001,14/03/2019,,2,2,2,Yes,NULL,NULL',
        '100001,10/01/2024,,3,3,3,Yes,NULL,NULL',
      ].join('\n'),
    });
    expect(once.inspections).toHaveLength(1);
    expect(messages(once, 'ofsted-inspections.csv')).toEqual([
      "ofsted-inspections.csv row 3, URN: '100001' is not one row per school (its latest inspections) (already given at row 2)",
    ]);
  });

  it("lists the schools Ofsted lists under the authority (by LAESTAB) that the register does not have, and passes over other authorities'", () => {
    const withLa = `URN,LAESTAB,School name,${graded.slice(4)}`;
    const ofsted = [
      withLa,
      '100001,9992001,Alpha Primary School,14/03/2019,,2,2,2,Yes,NULL,NULL',
      '100099,9992099,Missing Primary School,14/03/2019,,2,2,2,Yes,NULL,NULL',
      '300001,3832270,Elsewhere School,14/03/2019,,2,2,2,Yes,NULL,NULL',
      '100004,9992004,Closed Primary School,14/03/2019,,2,2,2,Yes,NULL,NULL',
    ].join('\n');
    const intake = read({ 'ofsted-inspections.csv': ofsted });
    expect(intake.ofstedNotInRegister).toEqual([{ urn: '100099', name: 'Missing Primary School' }]);
    const { lines } = intakeReport(intake, { laCode: '999', maxRejectedShare: 0.25 });
    expect(lines).toContain(
      'Schools Ofsted lists under LA 999 that the register does not have (1): check that the register is the latest extract',
    );
    expect(lines).toContain('  100099 Missing Primary School');
  });

  it('finds an Ofsted download under its own name by its columns', () => {
    const intake = read({
      'Management_information_-_state-funded_schools_-_latest_inspections_as_at_30_June_2026.csv': `${graded}\n100001,14/03/2019,,2,2,2,Yes,NULL,NULL`,
    });
    expect(intake.inspections).toHaveLength(1);
    expect(intake.files.find((f) => f.sheet === 'ofsted-inspections')).toMatchObject({ recognisedBy: 'columns' });
    expect(intake.unrecognised).toEqual([]);
  });

  it('says first that a file nearly all of whose rows are rejected is most likely in an unknown layout, with its columns', () => {
    const odd = [
      'URN,Inspection start date,Verdict',
      '100001,14/03/2019,great',
      '100002,14/03/2019,fine',
      '100003,14/03/2019,ok',
    ].join('\n');
    const intake = read({ 'ofsted-inspections.csv': odd });
    expect(haltReason(intake, 0.25)).toMatch(
      /^ofsted-inspections\.csv is not in a layout of Ofsted's file that intake reads/,
    );
    const { lines } = intakeReport(intake, { laCode: '999', maxRejectedShare: 0.25 });
    expect(lines[0]).toBe('Files that could not be used');
    expect(lines[1]).toBe(
      "  ofsted-inspections.csv is not in a layout of Ofsted's file that intake reads (it needs URN with either the report-card columns or the graded-inspection columns); its columns are: URN, Inspection start date, Verdict.",
    );
    const contactsGoneWrong = 'URN,Role,Name,Email\n100001,Head,A,a\n100002,Head,B,b\n100003,Head,C,c\n';
    const { lines: contactLines } = intakeReport(read({ 'contacts.csv': contactsGoneWrong }), {
      laCode: '999',
      maxRejectedShare: 0.25,
    });
    expect(contactLines[1]).toBe(
      '  contacts.csv: 3 of 3 rows were rejected, so it most likely has a layout intake does not know. Its columns are: URN, Role, Name, Email.',
    );
  });

  it('names each judgement it could not read in plain words, and reads 9 and Not judged as no judgement', () => {
    const intake = read({
      'ofsted-inspections.csv': [
        graded,
        '100001,14/03/2019,Bad,9,7,Not judged,Perhaps,NULL,NULL',
        '100002,04/02/2025,,2,2,2,9,,',
      ].join('\n'),
    });
    expect(intake.inspections.find((i) => i.urn === '100001')?.unreadable).toEqual([
      { judgement: 'category of concern', value: 'Bad' },
      { judgement: 'quality of education', value: '7' },
      { judgement: 'safeguarding is effective', value: 'Perhaps' },
    ]);
    expect(intake.inspections.find((i) => i.urn === '100001')?.overallEffectiveness).toBeUndefined();
    const beta = intake.inspections.find((i) => i.urn === '100002')!;
    expect(beta.safeguardingEffective).toBeUndefined();
    expect(beta).toMatchObject({ era: 'single-word', overallEffectiveness: 2 });
    const cards = read({
      'ofsted-inspections.csv': `${reportCards}\n100001,06/01/2026,Yes,100001,,Perhaps,Great,06/01/2026,NULL,NULL,Not met,,,,,,,,,,`,
    });
    expect(cards.inspections[0]?.unreadable).toEqual([
      { judgement: 'safeguarding standards', value: 'Perhaps' },
      { judgement: 'achievement', value: 'Great' },
      { judgement: 'leadership and governance', value: 'Not met' },
    ]);
    const notMet = read({
      'ofsted-inspections.csv': `${reportCards}\n100001,06/01/2026,Yes,100001,,Not met,Expected standard,06/01/2026,NULL,NULL,Expected standard,,,,,,,,,,`,
    });
    expect(notMet.inspections[0]).toMatchObject({ safeguardingMet: false });
  });

  it('says what a row gives without the rest: a date with no grade, grades with no date, an outcome with no date', () => {
    const intake = read({
      'ofsted-inspections.csv': [
        graded,
        '100001,14/03/2019,,,,,,NULL,NULL',
        '100002,NULL,,2,2,2,Yes,NULL,NULL',
        '100003,NULL,,,,,,14/06/2023,NULL',
      ].join('\n'),
    });
    expect(messages(intake, 'ofsted-inspections.csv')).toEqual([
      "ofsted-inspections.csv row 2, Overall effectiveness: '' is not a grade: the row gives a graded inspection date but no overall effectiveness or key judgement",
      "ofsted-inspections.csv row 3, Inspection start date: '' is not a date: the row gives graded-inspection grades but not when the inspection was (Inspection start date)",
      "ofsted-inspections.csv row 4, Ungraded inspection overall outcome: '' is not one of Ofsted's ungraded outcomes: the row gives an ungraded inspection date but no outcome",
    ]);
    const undated = read({ 'ofsted-inspections.csv': `${graded}\n100001,NULL,,,,,,NULL,School remains Good` });
    expect(messages(undated, 'ofsted-inspections.csv')).toEqual([
      "ofsted-inspections.csv row 2, Date of latest ungraded inspection: '' is not a date: the row gives an ungraded inspection outcome but not its date",
    ]);
    const cards = read({
      'ofsted-inspections.csv': `${reportCards}\n100001,06/01/2026,Yes,100001,,NULL,NULL,NULL,NULL,NULL,NULL,,,,,,,,,,`,
    });
    expect(messages(cards, 'ofsted-inspections.csv')).toEqual([
      "ofsted-inspections.csv row 2, Inspection start date: '06/01/2026' is not a report-card inspection date with a grade beside it: the row gives no area grade and no safeguarding standards",
    ]);
  });
});

describe('academy conversions', () => {
  const withAcademy = `${register}\r\n100009,999,Ardenshire,Delta Academy,Academy converter,Academies,Open,Primary,16001,Arden Learning Trust,200,Ashdown,01-04-2025,,x\r\n100008,999,Ardenshire,Delta Primary School,Community school,Local authority maintained schools,Closed,Primary,,,0,Ashdown,,31-03-2025,x`;
  const ofsted = 'URN,Inspection start date,Latest OEIF overall effectiveness\n100008,09/11/2022,3\n';

  it("carries the predecessor's inspection to the academy through the GIAS links file", () => {
    const links =
      'URN,LinkURN,LinkName,LinkType,LinkEstablishedDate\n100009,100008,Delta Primary School,Predecessor,01-04-2025\n300001,300002,Elsewhere,Successor,01-09-2024\n';
    const intake = read({ 'register.csv': withAcademy, 'ofsted-inspections.csv': ofsted, 'links.csv': links });
    expect(intake.inspections).toEqual([
      expect.objectContaining({
        urn: '100009',
        inheritedFromUrn: '100008',
        overallEffectiveness: 3,
        startDate: '2022-11-09',
      }),
    ]);
    expect(intake.inherited).toEqual([{ urn: '100009', predecessorUrn: '100008' }]);
  });

  it("or through the predecessor column of the LA's consortia sheet", () => {
    const consortia = 'URN,Consortium,Predecessor URN\n100009,Ashdown North,100008\n';
    expect(
      read({ 'register.csv': withAcademy, 'ofsted-inspections.csv': ofsted, 'consortia.csv': consortia })
        .inspections[0],
    ).toMatchObject({ urn: '100009', inheritedFromUrn: '100008' });
  });

  it('until the academy is inspected itself', () => {
    const links = 'URN,LinkURN,LinkName,LinkType\n100009,100008,Delta Primary School,Predecessor\n';
    const own = `${ofsted}100009,10/02/2026,2\n`;
    const intake = read({ 'register.csv': withAcademy, 'ofsted-inspections.csv': own, 'links.csv': links });
    expect(intake.inspections).toEqual([expect.objectContaining({ urn: '100009', overallEffectiveness: 2 })]);
    expect(intake.inspections[0]?.inheritedFromUrn).toBeUndefined();
  });
});

describe('performance data', () => {
  it('reads DfE key stage 2 files with percentages and suppression codes, passing over LA and national rows', () => {
    const ks2 =
      'RECTYPE,LEA,URN,SCHNAME,PTRWM_EXP,PTRWM_EXP_FSM6CLA1A,READPROG,WRITPROG,MATPROG\n1,999,100001,Alpha,61%,SUPP,NP,NP,NP\n4,999,,Ardenshire,60%,45%,NP,NP,NP\n1,999,100003,Gamma,lots,,,,\n';
    const intake = read({ 'ks2-performance-2024-25.csv': ks2 });
    expect(intake.performance).toEqual([
      { urn: '100001', source: 'ks2', year: '2024/25', measures: { readingWritingMathsExpected: 61 } },
    ]);
    expect(messages(intake, 'ks2-performance-2024-25.csv')).toEqual([
      "ks2-performance-2024-25.csv row 4, PTRWM_EXP: 'lots' is not a number or percentage, or a suppression code (SUPP, NE, NP, LOW, NA, x, c, z)",
    ]);
    expect(intake.files.find((f) => f.sheet === 'ks2-performance')?.academicYear).toBe(
      "2024/25 (from the file's name)",
    );
  });

  it('takes the year given for a file that carries none, and otherwise says how to give it, using none of its figures', () => {
    const ks2 = 'URN,PTRWM_EXP\n100001,61%\n';
    expect(
      readTermIntake(files({ 'ks2-performance.csv': ks2 }), { laCode: '999', performanceYears: { ks2: '2018/19' } })
        .performance[0]?.year,
    ).toBe('2018/19');
    const intake = read({ 'ks2-performance.csv': ks2 });
    expect(intake.performance).toEqual([]);
    expect(haltReason(intake, 0.25)).toBe(
      'ks2-performance.csv does not say the academic year of its figures: add a Year (or time_period) column, put the year in the file\'s name (e.g. ks2-performance-2024-25.csv), or give it (npm run cycle -- --year ks2=2024/25; on AWS, "performanceYears": {"ks2": "2024/25"} in the execution input). Fix the file (rejected.csv lists every problem) and run the term again.',
    );
    const badYear = read({ 'ks2-performance.csv': 'Year,URN,PTRWM_EXP\n2024/26,100001,61%\n' });
    expect(messages(badYear, 'ks2-performance.csv')).toEqual([
      "ks2-performance.csv row 2, Year: '2024/26' is not an academic year such as 2024/25 or 202425",
    ]);
  });

  it('reads Explore Education Statistics names for the same measures', () => {
    const ks4 = 'time_period,school_urn,attainment8_average,progress8_average\n202425,100002,46.2,z\n';
    const attendance =
      'time_period,school_urn,sess_overall_percent,enrolments_pa_10_exact_percent,enrolments_pa_50_exact_percent\n202425,100002,6.1,15.3,1.8\n';
    const intake = read({ 'ks4-performance.csv': ks4, 'attendance.csv': attendance });
    expect(intake.performance).toEqual([
      { urn: '100002', source: 'ks4', year: '2024/25', measures: { attainment8: 46.2 } },
      {
        urn: '100002',
        source: 'attendance',
        year: '2024/25',
        measures: { overallAbsence: 6.1, persistentAbsence: 15.3, severeAbsence: 1.8 },
      },
    ]);
  });
});

describe('when the cycle must stop', () => {
  it('stops when more than the allowed share of a file is rejected, naming the file', () => {
    const intelligence =
      'URN,Type,Date,Status,Summary\n100001,concern,01/05/2026,open,x\n100001,gossip,01/05/2026,open,y\n100002,concern,not a date,open,z\n';
    const intake = read({ 'intelligence.csv': intelligence });
    expect(haltReason(intake, 0.5)).toBe(
      'intelligence.csv: 2 of 3 rows (67%) were rejected, more than the 50% allowed. Fix the file (rejected.csv lists every problem) and run the term again.',
    );
    expect(haltReason(intake, 0.7)).toBeUndefined();
  });
});

describe('the intake report', () => {
  it('says what each file held, every rejected row, the missing contacts and the verdict', () => {
    const intake = read({ 'unknown-file.csv': 'x', '.DS_Store': 'x' });
    const { lines, halt } = intakeReport(intake, { laCode: '999', maxRejectedShare: 0.25 });
    expect(halt).toBeUndefined();
    expect(intakeReport(intake, { laCode: '999', maxRejectedShare: 0.1 }).halt).toMatch(
      /^contacts\.csv: 1 of 6 rows \(17%\) were rejected, more than the 10% allowed/,
    );
    expect(lines).toContain(
      '  register.csv            5 rows for LA 999 (Ardenshire); 2 rows for other schools or authorities passed over; 3 schools in the cycle, 2 left out (closed, or not a maintained school or academy); none rejected',
    );
    expect(lines).toContain("  contacts.csv row 7, Email: 'not-an-email' is not an email address (name@domain)");
    expect(lines).toContain('  100003 Gamma Special School: headteacher');
    expect(lines).toContain('  Not read by intake (archived with the rest):');
    expect(lines).toContain('    .DS_Store: not a CSV file or an Excel workbook');
    expect(lines).toContain(
      '    unknown-file.csv: its name and columns are not those of any input (check the name or the columns)',
    );
    expect(lines.at(-1)).toBe('Result: the files can be used; the row rejected above is left out until fixed.');
  });
});

describe('the bad inputs that must never reach a letter, a table or a surprise', () => {
  it('rejects control characters and bidirectional overrides in names and text, showing where they are', () => {
    const sneaky = `${contacts}\n100002,Headteacher,Bea\u202Egnirts Head,head2@beta.sch.example`.replace(
      '100002,headteacher,Bea Head,head@beta.sch.example\n',
      '',
    );
    const bell = 'URN,Type,Date,Status,Summary\n100001,concern,01/05/2026,open,ring\u0007ring\n';
    const intake = read({ 'contacts.csv': sneaky, 'intelligence.csv': bell });
    expect(messages(intake, 'contacts.csv')).toContain(
      "contacts.csv row 7, Name: 'Bea<U+202E>gnirts Head' is not text without control or bidirectional formatting characters (U+202E found at character 4)",
    );
    expect(intake.contacts.some((c) => c.name.includes('\u202E'))).toBe(false);
    expect(messages(intake, 'intelligence.csv')).toEqual([
      "intelligence.csv row 2, Summary: 'ring<U+0007>ring' is not text without control or bidirectional formatting characters (U+0007 found at character 5)",
    ]);
  });

  it('keeps names on one line, while free-text notes may run over several', () => {
    const intake = read({
      'contacts.csv': `${contacts}\n100003,Chair of governors,"Gil\nChair",chair@gamma.sch.example`,
    });
    expect(messages(intake, 'contacts.csv')).toContain(
      "contacts.csv row 8, Name: 'Gil<line break>Chair' is not text on one line (the cell holds a line break)",
    );
  });

  it('catches a value too big to store as a rejected row naming the file, row and column, not a storage error later', () => {
    const huge = 'x'.repeat(400_000);
    const intake = read({
      'intelligence.csv': `URN,Type,Date,Status,Summary\n100001,concern,01/05/2026,open,${huge}\n`,
    });
    expect(messages(intake, 'intelligence.csv')).toEqual([
      `intelligence.csv row 2, Summary: '${'x'.repeat(60)}... (400000 characters)' is not a value of at most 32,767 characters (it has 400,000): too long to store`,
    ]);
    expect(intake.intelligence).toEqual([]);
  });

  it('says once, first, that an optional file is empty, and stops rather than go on without its evidence', () => {
    const intake = read({ 'ofsted-inspections.csv': '' });
    expect(messages(intake, 'ofsted-inspections.csv')).toEqual([
      "ofsted-inspections.csv row 1, (the whole file): 'ofsted-inspections.csv' is not a file intake can use: it is empty (0 bytes)",
    ]);
    const { lines, halt } = intakeReport(intake, { laCode: '999', maxRejectedShare: 0.25 });
    expect(lines.slice(0, 2)).toEqual(['Files that could not be used', '  ofsted-inspections.csv is empty (0 bytes).']);
    expect(halt).toMatch(/^ofsted-inspections\.csv is empty \(0 bytes\)/);
    expect(lines).toContain('Rejected rows (1)');
  });

  it('accepts a sheet with nothing in it this term (a header and no rows) without a word', () => {
    const intake = read({ 'task-group-reports.csv': 'URN,Term,Impact,Summary\r\n' });
    expect(intake.files.find((f) => f.sheet === 'task-group-reports')).toMatchObject({ rows: 0, rejectedRows: 0 });
    expect(haltReason(intake, 0.25)).toBeUndefined();
  });
});

describe('consortium and network chairs', () => {
  it('marks the school whose headteacher chairs its consortium, and names a Chair value it cannot read', () => {
    const intake = read({
      'consortia.csv':
        'URN,Consortium,Chair\n100001,North Consortium,yes\n100002,North Consortium,\n100003,South Network,maybe\n',
    });
    expect(intake.schools.filter((s) => s.chairsConsortium).map((s) => s.urn)).toEqual(['100001']);
    expect(messages(intake, 'consortia.csv')).toEqual(["consortia.csv row 4, Chair: 'maybe' is not yes, or blank"]);
  });
});

describe("last term's visit notes", () => {
  it("takes each visit with the school's response, and names the file, row, column and value of a note it cannot use", () => {
    const notes =
      "Visit date,Visitor,URN,Focus,Findings,Next steps,School's response\n14/10/2026,Lia Officer (LIO),100001,Reading,Phonics consistent,Group pupils,Agreed\n31/02/2026,Lia Officer (LIO),100002,Reading,Better,Group pupils,\n15/10/2026,Lia Officer (LIO),100003,Reading,,Group pupils,\n";
    const intake = read({ 'visit-notes.csv': notes });
    expect(intake.visitNotes).toEqual([
      {
        urn: '100001',
        date: '2026-10-14',
        visitor: 'Lia Officer (LIO)',
        focus: 'Reading',
        findings: 'Phonics consistent',
        nextSteps: 'Group pupils',
        schoolResponse: 'Agreed',
      },
    ]);
    expect(messages(intake, 'visit-notes.csv')).toEqual([
      "visit-notes.csv row 3, Visit date: '31/02/2026' is not a date (day/month/year, e.g. 01/09/2026, or YYYY-MM-DD)",
      "visit-notes.csv row 4, Findings: '' is not what the visitor found",
    ]);
  });
});

describe('each file has one role', () => {
  const ecb = [
    'URN,School,AAG area,Governance,Question,Concerns,Issued,Decision,Compliance date,Rationale,Decided by',
    '100001,Alpha Primary School,Riverton,maintained,issue a warning notice,,,issue,11/12/2026,Two terms of insufficient impact,ECB',
  ].join('\n');
  it("never reads the ECB's decisions as intake, by name or by columns: a copy's AAG area cell moves no school", () => {
    for (const name of ['ecb-decisions.csv', 'ECB decisions (copy).csv']) {
      const intake = read({ [name]: ecb });
      expect(intake.schools.find((s) => s.urn === '100001')?.district, name).toBe('Ashdown');
      expect(
        intake.files.map((f) => f.file),
        name,
      ).not.toContain(name);
      expect(intake.unrecognised[0]?.file, name).toBe(name);
    }
    expect(read({ 'ecb-decisions.csv': ecb }).unrecognised[0]?.why).toBe(
      "not intake's: the ECB's decisions on warning notices, given to the cycle when it asks the ECB",
    );
    expect(read({ 'ECB decisions (copy).csv': ecb }).unrecognised[0]?.why).toBe(
      "its columns are those of ecb-decisions: not intake's (the ECB's decisions on warning notices, given to the cycle when it asks the ECB)",
    );
  });

  it('refuses a file whose columns fit two roles about equally, naming both', () => {
    const intake = read({ 'sheet.csv': 'URN,Consortium,AAG area\n100001,Ashdown North,Riverton\n' });
    expect(intake.unrecognised).toEqual([
      {
        file: 'sheet.csv',
        why: 'its columns fit both aag-areas and consortia: name it as the one it is (aag-areas.csv or consortia.csv)',
      },
    ]);
    expect(intake.schools.find((s) => s.urn === '100001')?.district).toBe('Ashdown');
  });
});

describe("the authority's own AAG areas", () => {
  it('assigns schools by URN, consortium or ward, else leaves them in their GIAS district', () => {
    const consortia = 'URN,Consortium\n100001,North Consortium\n100002,South Network\n';
    const areas = 'AAG area,URN,Consortium,Ward\nInner,100003,,\nOuter,,North Consortium,\n';
    const intake = read({ 'consortia.csv': consortia, 'aag-areas.csv': areas });
    expect(Object.fromEntries(intake.schools.map((s) => [s.urn, [s.district, s.administrativeDistrict]]))).toEqual({
      '100001': ['Outer', 'Ashdown'],
      '100002': ['Eastbrook', 'Eastbrook'],
      '100003': ['Inner', 'Riverton'],
    });
  });

  it('rejects a line that names no school, consortium or ward the term has, or more than one of them', () => {
    const areas =
      'AAG area,URN,Consortium,Ward\nInner,999999,,\nOuter,,Nowhere Consortium,\nBoth,100001,North Consortium,\n';
    expect(messages(read({ 'aag-areas.csv': areas }), 'aag-areas.csv')).toEqual([
      "aag-areas.csv row 2, URN: '999999' is not a URN in register.csv for the authority",
      "aag-areas.csv row 3, Consortium: 'Nowhere Consortium' is not a consortium or network named in consortia",
      "aag-areas.csv row 4, URN: '100001' is not exactly one of URN, Consortium or Ward on the row",
    ]);
  });
});

describe('rows too big to store', () => {
  it('rejects a row whose cells together would pass the size a stored record may have, naming its longest column', () => {
    const name = 'é'.repeat(20_000); // 40,000 bytes in UTF-8
    const intake = read({
      'contacts.csv': `${contacts}\n100003,Chair of governors,${name},${'c'.repeat(30_000)}@gamma.sch.example`,
    });
    expect(messages(intake, 'contacts.csv')).toContain(
      `contacts.csv row 8, Email: '${'c'.repeat(60)}... (30018 characters)' is not part of a row of at most 64 KB (the row holds 69 KB): too big to store`,
    );
  });
});

describe('the intake report, line by line', () => {
  const report = (intake: ReturnType<typeof read>, maxRejectedShare = 0.25) =>
    intakeReport(intake, { laCode: '999', maxRejectedShare });
  const allContacts = () =>
    [
      contacts.replace('not-an-email', 'head@gamma.sch.example'),
      '100003,Chair of governors,Gia Chair,chair@gamma.sch.example',
    ].join('\n');

  it('of a term with nothing wrong: every file, the optional ones not given, no rejected row, no missing contact', () => {
    const { lines, halt } = report(read({ 'contacts.csv': allContacts() }));
    expect(halt).toBeUndefined();
    expect(lines).toEqual([
      'Files',
      '  register.csv            5 rows for LA 999 (Ardenshire); 2 rows for other schools or authorities passed over; 3 schools in the cycle, 2 left out (closed, or not a maintained school or academy); none rejected',
      '  contacts.csv            7 rows; none rejected',
      '  Not given (optional): links, consortia, aag-areas, ofsted-inspections, ks2-performance, ks4-performance, attendance, intelligence, system-leaders, task-group-reports, visit-notes, tsc-responses, measure-figures, previous-categories',
      '',
      'Rejected rows (0)',
      '  none',
      '',
      'Missing contacts (0): no letter can be sent to these until they are added',
      '  none',
      '',
      'Result: the files can be used; no row was rejected.',
    ]);
  });

  /** A term with something of everything: a file recognised by its columns, a layout, a year, a repeated register row, a school Ofsted lists that the register lacks, an academy judged on its predecessor, values left out of used rows, and rejected rows. */
  const everything = () => {
    const academy = `${register}\r\n100009,999,Ardenshire,Delta Academy,Academy converter,Academies,Open,Primary,16001,Arden Learning Trust,200,Ashdown,01-04-2025,,x\r\n100008,999,Ardenshire,Delta Primary School,Community school,Local authority maintained schools,Closed,Primary,,,0,Ashdown,,31-03-2025,x\r\n100001,999,Ardenshire,Alpha Primary School,Community school,Local authority maintained schools,Open,Primary,,,210,Ashdown,01-09-1980,,x`;
    const ofsted = [
      'URN,LAESTAB,School name,Inspection start date,Category of concern,Overall effectiveness,Quality of education,Effectiveness of leadership and management,Safeguarding is effective?,Date of latest ungraded inspection,Ungraded inspection overall outcome',
      '100001,9992001,Alpha Primary School,14/03/2019,Bad,9,7,2,Yes,NULL,NULL',
      '100008,9992008,Delta Primary School,09/11/2022,,3,3,3,Yes,NULL,NULL',
      '100099,9992099,Missing Primary School,14/03/2019,,2,2,2,Yes,NULL,NULL',
    ].join('\n');
    const ks2 =
      'RECTYPE,LEA,URN,SCHNAME,PTRWM_EXP,PTRWM_EXP_FSM6CLA1A,READPROG,WRITPROG,MATPROG\n1,999,100001,Alpha,61%,SUPP,NP,NP,NP\n1,999,100003,Gamma,lots,many,,,\n';
    return read({
      'register.csv': academy,
      'Management_information_-_state-funded_schools_-_latest_inspections_as_at_30_June_2026.csv': ofsted,
      'ks2-performance-2024-25.csv': ks2,
      'links.csv': 'URN,LinkURN,LinkName,LinkType\n100009,100008,Delta Primary School,Predecessor\n',
    });
  };

  it('of a term with something of everything, stopped by the share of a file rejected', () => {
    const { lines, halt } = report(everything());
    expect(halt).toBe(
      'ks2-performance-2024-25.csv: 1 of 2 rows (50%) were rejected, more than the 25% allowed. Fix the file (rejected.csv lists every problem) and run the term again.',
    );
    expect(lines).toEqual([
      'Files',
      '  register.csv                                                                               8 rows for LA 999 (Ardenshire); 2 rows for other schools or authorities passed over; 4 schools in the cycle, 3 left out (closed, or not a maintained school or academy); none rejected',
      '  links.csv                                                                                  1 row; none rejected',
      '  Management_information_-_state-funded_schools_-_latest_inspections_as_at_30_June_2026.csv  2 rows; 1 row for other schools or authorities passed over; none rejected',
      "                                                                                             recognised by its columns as: Inspections (Ofsted's management information on state-funded schools, latest inspections)",
      "                                                                                             layout: Ofsted's graded-inspection layout (published to October 2025): the latest graded inspection, with or without an overall grade, and the latest ungraded inspection",
      '  ks2-performance-2024-25.csv                                                                2 rows; 1 rejected',
      "                                                                                             academic year: 2024/25 (from the file's name)",
      '  contacts.csv                                                                               6 rows; 1 rejected',
      '  Not given (optional): consortia, aag-areas, ks4-performance, attendance, intelligence, system-leaders, task-group-reports, visit-notes, tsc-responses, measure-figures, previous-categories',
      '',
      'Rows the register repeats exactly (1): each school counted once',
      '  register.csv row 11 repeats row 2, counted once',
      '',
      'Schools Ofsted lists under LA 999 that the register does not have (1): check that the register is the latest extract',
      '  100099 Missing Primary School',
      '',
      'Rejected rows (2, with 5 problems between them, 2 of them a single value left out of a row that was used)',
      "  Management_information_-_state-funded_schools_-_latest_inspections_as_at_30_June_2026.csv row 2, Category of concern: 'Bad' is not one of special measures, serious weaknesses, requires significant improvement, none (this value is left out; the rest of the row is used)",
      "  Management_information_-_state-funded_schools_-_latest_inspections_as_at_30_June_2026.csv row 2, Quality of education: '7' is not one of 1, 2, 3, 4, 9 or Not judged (this value is left out; the rest of the row is used)",
      "  contacts.csv row 7, Email: 'not-an-email' is not an email address (name@domain)",
      "  ks2-performance-2024-25.csv row 3, PTRWM_EXP: 'lots' is not a number or percentage, or a suppression code (SUPP, NE, NP, LOW, NA, x, c, z)",
      "  ks2-performance-2024-25.csv row 3, PTRWM_EXP_FSM6CLA1A: 'many' is not a number or percentage, or a suppression code (SUPP, NE, NP, LOW, NA, x, c, z)",
      '',
      'Missing contacts (5): no letter can be sent to these until they are added',
      '  100003 Gamma Special School: headteacher',
      '  100003 Gamma Special School: chair of governors',
      '  100009 Delta Academy: headteacher',
      '  100009 Delta Academy: chair of governors',
      '  100009 Delta Academy: trust board chair',
      '',
      "Academies judged on their predecessor's inspection until inspected themselves (1)",
      '  100009 Delta Academy: predecessor 100008',
      '',
      'Result: the cycle would STOP before changing any category or sending any letter. ks2-performance-2024-25.csv: 1 of 2 rows (50%) were rejected, more than the 25% allowed. Fix the file (rejected.csv lists every problem) and run the term again.',
    ]);
  });

  it('says first that a file is most likely in a layout intake does not know from 90% of its rows rejected, and 2 rows', () => {
    const intelligence = (good: number, bad: number) =>
      [
        'URN,Type,Date,Status,Summary,',
        ...Array.from({ length: good }, () => '100001,concern,01/05/2026,open,x,'),
        ...Array.from({ length: bad }, () => '100001,concern,not a date,open,x,'),
      ].join('\n');
    const opening = (good: number, bad: number) =>
      report(read({ 'intelligence.csv': intelligence(good, bad) })).lines[0];
    expect(opening(1, 9)).toBe('Files that could not be used');
    expect(report(read({ 'intelligence.csv': intelligence(1, 9) })).lines.slice(1, 3)).toEqual([
      '  intelligence.csv: 9 of 10 rows were rejected, so it most likely has a layout intake does not know. Its columns are: URN, Type, Date, Status, Summary.',
      '',
    ]);
    expect(opening(2, 8)).toBe('Files');
    expect(opening(0, 2)).toBe('Files that could not be used');
    expect(opening(0, 1)).toBe('Files');
  });

  it('counts a row rejected once, however many of its values were wrong, and says "1 row" and "is"', () => {
    const intelligence =
      'URN,Type,Date,Status,Summary\n100001,gossip,not a date,open,x\n100001,concern,01/05/2026,open,y\n';
    const { lines } = report(read({ 'intelligence.csv': intelligence, 'contacts.csv': allContacts() }), 0.6);
    expect(lines).toContain('Rejected rows (1, with 2 problems between them)');
    expect(lines).toContain('  intelligence.csv        2 rows; 1 rejected');
    expect(lines.at(-1)).toBe('Result: the files can be used; the row rejected above is left out until fixed.');
  });

  it('says the rows rejected are left out until fixed where the share allowed is not passed', () => {
    const { lines, halt } = report(everything(), 0.6);
    expect(halt).toBeUndefined();
    expect(lines.at(-1)).toBe('Result: the files can be used; the 2 rows rejected above are left out until fixed.');
  });
});
