import { describe, expect, it } from 'vitest';
import { INPUT_FILES, IntakeHalted, readTermIntake } from '../../functions/core/intake';
import { describeRejection } from '../../functions/core/sheets';

const REGISTER_HEADER = 'URN,LA (code),LA (name),EstablishmentName,TypeOfEstablishment (name),EstablishmentTypeGroup (name),EstablishmentStatus (name),PhaseOfEducation (name),Trusts (code),Trusts (name),NumberOfPupils,DistrictAdministrative (name),OpenDate,CloseDate,SomeOtherGiasColumn';
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
function files(extra: Record<string, string | Uint8Array> = {}): Map<string, Uint8Array> {
  const all: Record<string, string | Uint8Array> = { [INPUT_FILES.register]: register, [INPUT_FILES.contacts]: contacts, ...extra };
  return new Map(Object.entries(all).map(([name, body]) => [name, typeof body === 'string' ? encode(body) : body]));
}

describe('reading the register', () => {
  it("keeps this authority's open maintained schools and academies and leaves out closed and independent ones", () => {
    const intake = readTermIntake(files(), '999');
    expect(intake.schools.map((s) => s.urn)).toEqual(['100001', '100002', '100003']);
    expect(intake.leftOut).toBe(2);
    expect(intake.schools.find((s) => s.urn === '100002')).toMatchObject({ isAcademy: true, phase: 'secondary', trustName: 'Arden Learning Trust', district: 'Eastbrook' });
    expect(intake.schools.find((s) => s.urn === '100003')?.phase).toBe('special');
  });

  it("does not report problems in other authorities' rows of a national extract", () => {
    const intake = readTermIntake(files(), '999');
    expect(intake.rejected.filter((r) => r.file === INPUT_FILES.register)).toEqual([]);
    expect(intake.rowsRead[INPUT_FILES.register]).toBe(5);
  });

  it('halts when the register or the contacts are missing', () => {
    const withoutRegister = files();
    withoutRegister.delete(INPUT_FILES.register);
    expect(() => readTermIntake(withoutRegister, '999')).toThrow(IntakeHalted);
    expect(() => readTermIntake(withoutRegister, '999')).toThrow('register.csv is missing');
  });

  it('halts when the register has none of its required columns', () => {
    expect(() => readTermIntake(files({ [INPUT_FILES.register]: 'Name,Town\nAlpha,Ashby\n' }), '999')).toThrow(/register\.csv cannot be read: a column named 'URN'/);
  });

  it('rejects a duplicated URN, keeping the first row', () => {
    const duplicated = `${register}\r\n100001,999,Ardenshire,Alpha Again,Community school,Local authority maintained schools,Open,Primary,,,1,Ashdown,,,x`;
    const intake = readTermIntake(files({ [INPUT_FILES.register]: duplicated }), '999');
    expect(intake.schools.filter((s) => s.urn === '100001')).toHaveLength(1);
    expect(intake.rejected).toContainEqual({ file: 'register.csv', row: 9, column: 'URN', value: '100001', expected: 'a URN not already listed earlier in the file' });
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
    const intake = readTermIntake(files({ [INPUT_FILES.inspections]: ofsted }), '999');
    expect(intake.inspections.map((i) => i.urn)).toEqual(['100001']);
    expect(intake.rejected.map(describeRejection)).toEqual([
      "contacts.csv row 7, Email: 'not-an-email' is not an email address (name@domain)",
      "ofsted-inspections.csv row 3, Latest OEIF overall effectiveness: '5' is not one of 1, 2, 3, 4, 9 (no judgement)",
      "ofsted-inspections.csv row 4, Inspection start date: '31/02/2026' is not a date (day/month/year, e.g. 01/09/2026, or YYYY-MM-DD)",
    ]);
  });

  it('rejects evidence for a URN that is not in the register', () => {
    const intelligence = 'URN,Type,Date,Status,Summary\n100001,concern,01/05/2026,open,x\n999999,concern,01/05/2026,open,y\n';
    const intake = readTermIntake(files({ [INPUT_FILES.intelligence]: intelligence }), '999');
    expect(intake.intelligence).toHaveLength(1);
    expect(intake.rejected).toContainEqual({ file: 'intelligence.csv', row: 3, column: 'URN', value: '999999', expected: 'a URN in register.csv for LA 999' });
  });

  it('treats a missing optional file as empty, not as an error', () => {
    const intake = readTermIntake(files(), '999');
    expect(intake.rejected.map((r) => r.file)).toEqual(['contacts.csv']);
    expect(intake.baseline).toEqual([]);
  });

  it('lists schools with no headteacher, chair or (for an academy) trust chair contact', () => {
    const intake = readTermIntake(files(), '999');
    expect(intake.missingContacts).toEqual([
      { urn: '100003', role: 'headteacher' },
      { urn: '100003', role: 'chair of governors' },
    ]);
  });

  it('reads Windows-1252 text from older Excel without altering it', () => {
    const header = 'URN,Role,Name,Email\r\n';
    const row = '100001,Headteacher,Zo\xeb O\x92Brien,head@alpha.sch.example\r\n';
    const bytes = Uint8Array.from([...header, ...row].map((c) => c.charCodeAt(0)));
    const intake = readTermIntake(files({ [INPUT_FILES.contacts]: bytes }), '999');
    expect(intake.contacts[0]?.name).toBe('Zoë O\u2019Brien');
  });

  it('matches columns whatever their case and spacing', () => {
    const ofsted = ' urn ,INSPECTION START DATE,latest oeif overall effectiveness\n100001,2019-03-14,3\n';
    const intake = readTermIntake(files({ [INPUT_FILES.inspections]: ofsted }), '999');
    expect(intake.inspections[0]).toMatchObject({ urn: '100001', startDate: '2019-03-14', era: 'single-word', overallEffectiveness: 3 });
  });
});

describe('inspection eras', () => {
  const header = 'URN,Inspection start date,Category of concern,Latest OEIF overall effectiveness,Latest OEIF quality of education,Latest OEIF effectiveness of leadership and management,Latest OEIF safeguarding is effective?,Safeguarding standards,Achievement,Leadership and governance';
  it('recognises single-word, key-judgement and report-card inspections', () => {
    const ofsted = [
      header,
      '100001,14/03/2019,,2,2,2,Yes,,,',
      '100002,04/02/2025,SWK,9,4,3,No,,,',
      '100003,03/02/2026,,,,,,Met,needs attention,expected standard',
    ].join('\n');
    const intake = readTermIntake(files({ [INPUT_FILES.inspections]: ofsted }), '999');
    const [a, b, c] = intake.inspections;
    expect(a).toMatchObject({ era: 'single-word', overallEffectiveness: 2 });
    expect(b?.overallEffectiveness).toBeUndefined();
    expect(b).toMatchObject({ era: 'key-judgements', categoryOfConcern: 'serious weaknesses', safeguardingEffective: false });
    expect(b?.keyJudgements).toEqual([{ area: 'quality of education', grade: 4 }, { area: 'leadership and management', grade: 3 }]);
    expect(c).toMatchObject({ era: 'report-card', safeguardingMet: true, reportCard: [{ area: 'Achievement', grade: 'needs attention' }, { area: 'Leadership and governance', grade: 'expected standard' }] });
  });
});
