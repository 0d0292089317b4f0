/** What a letter says that its records do not (letterInconsistencies), statement by statement and at its limits. */
import { describe, expect, it } from 'vitest';
import { type LetterFacts, letterInconsistencies } from '../../functions/core/reporting/consistency';
import type { Assessment } from '../../functions/core/types';
import { aLetter } from '../builders';

const facts = (over: Partial<LetterFacts> = {}): LetterFacts => ({
  contacts: [{ urn: '100001', role: 'headteacher', name: 'Head', email: 'Head@School.example.org' }],
  copies: [],
  ...over,
});
const assessment = (over: Partial<Assessment> = {}): Assessment => ({
  term: '2026-autumn',
  urn: '100001',
  category: 'C',
  previousCategory: 'B',
  changed: true,
  methodologyId: 'default-2026',
  reasons: [],
  ...over,
});
const said = (text: string, over: Parameters<typeof aLetter>[1] = {}) =>
  letterInconsistencies(aLetter('100001', { text, ...over }), facts()).map((f) => f.what);

describe("a letter's dates against its own", () => {
  it('takes evidence dated on the letter, and names evidence dated after it, its line trimmed', () => {
    expect(said('Evidence of 3 Sep 2026.')).toEqual([]);
    expect(said('   Evidence of 4 Sep 2026.   ')).toEqual([
      'cites 4 Sep 2026, after its own date (2026-09-03): "Evidence of 4 Sep 2026."',
    ]);
  });

  it('takes a compliance date after the letter, refuses one on or before it, and reads no other date on a compliance line', () => {
    expect(said('The governing body must comply with this notice by 4 Sep 2026.')).toEqual([]);
    expect(said('The governing body must comply with this notice by 3 Sep 2026.')).toEqual([
      'sets a compliance date, 3 Sep 2026, that is not after its own date (2026-09-03)',
    ]);
    expect(said('Compliance was reviewed on 9 Dec 2026.')).toEqual([]);
  });
});

describe("a letter's statements against the record", () => {
  const of = (text: string, a: Assessment | undefined, over: Partial<LetterFacts> = {}, subject = 'Your school') =>
    letterInconsistencies(aLetter('100001', { text, subject }), facts({ assessment: a, ...over })).map((f) => f.what);

  it("says what the record says of an AAG's decision and the ECB's confirmation", () => {
    expect(of('agreed by the Area Analysis Group', undefined)).toEqual([
      'says the Area Analysis Group agreed, but the record says no decision',
    ]);
    expect(
      of('the Area Analysis Group has decided that', assessment({ moderation: { decision: 'agree', by: 'x' } })),
    ).toEqual(['says the Area Analysis Group decided the category, but the record says agree']);
    expect(of('the Area Analysis Group has decided that', undefined)).toEqual([
      'says the Area Analysis Group decided the category, but the record says no decision',
    ]);
    expect(
      of('the Area Analysis Group has decided that', assessment({ moderation: { decision: 'override', by: 'x' } })),
    ).toEqual([]);
    const undecided = { decision: 'undecided' as const, by: 'the deadline' };
    expect(of('confirmed by the Education Challenge Board,', assessment({ moderation: undecided }))).toEqual([
      'says the ECB confirmed the category, but the record has no such confirmation',
    ]);
    expect(
      of(
        'confirmed by the Education Challenge Board,',
        assessment({ moderation: { ...undecided, confirmedBy: 'the ECB' } }),
      ),
    ).toEqual([]);
  });

  it('reads the change the subject announces at its end, and says the record where it differs', () => {
    expect(of('', assessment(), {}, 'Alpha: category changed from B to C')).toEqual([]);
    expect(of('', assessment(), {}, 'Alpha: category improved from BB to C')).toEqual([
      'announces a change from BB to C, but the record is B to C',
    ]);
    expect(of('', assessment({ previousCategory: undefined }), {}, 'Alpha: category changed from B to CC')).toEqual([
      'announces a change from B to CC, but the record is none to C',
    ]);
    expect(of('', assessment(), {}, 'Alpha: category changed from B to D (corrected)')).toEqual([]);
  });

  it('names the support school and the visiting leader the brokering does not record', () => {
    const support = {
      provider: { urn: '100555', name: 'Oak Primary', matchedWithin: 'district' as const },
      leader: { id: 'l', name: 'Jo Reed', designation: 'NLE' as const },
    };
    const text =
      'school-to-school support from Oak Primary, in your consortium\n- Jo Reed (National Leader of Education, NLE) will visit';
    expect(of(text, assessment(), { support: support as never })).toEqual([]);
    expect(of(text, assessment())).toEqual([
      'names Oak Primary as the support school, but the brokering records none',
      'names Jo Reed as visiting, but the brokering records no one',
    ]);
    expect(
      of('school-to-school support from Elm, elsewhere\n- Al Day (LIO) will visit', assessment(), {
        support: support as never,
      }),
    ).toEqual([
      'names Elm as the support school, but the brokering records Oak Primary',
      'names Al Day as visiting, but the brokering records Jo Reed',
    ]);
  });

  it("takes the school's own address in any case, or a notice's copy, and nobody else's", () => {
    const to = (email: string, over: Partial<LetterFacts> = {}) =>
      letterInconsistencies(aLetter('100001', { to: { name: 'x', email } }), facts(over)).map((f) => f.what);
    expect(to('head@school.example.org')).toEqual([]);
    expect(to('RT@dfe.example', { copies: ['rt@DFE.example'] })).toEqual([]);
    const wrong = ["goes to an address that is not one of the school's own contacts, nor a notice's copy"];
    expect(
      to('head@school.example.org', {
        contacts: [{ urn: '100002', role: 'headteacher', name: 'x', email: 'head@school.example.org' }],
      }),
    ).toEqual(wrong);
  });
});
