/**
 * Which layout of Ofsted's file a header row is: the report-card layout (from November 2025) by any of its own
 * columns, the graded-inspection layout by an inspection date with a grade or by an ungraded inspection's date, and
 * neither without a URN; and how the intake report names it, with the June 2026 variant of the area dates.
 */
import { describe, expect, it } from 'vitest';
import { describeOfstedLayout, OFSTED_LAYOUTS, ofstedLayoutOf } from '../../functions/core/intake/inspections';

const [reportCard, graded] = OFSTED_LAYOUTS as [(typeof OFSTED_LAYOUTS)[number], (typeof OFSTED_LAYOUTS)[number]];
const layoutOf = (...headers: string[]) => ofstedLayoutOf(['URN', ...headers])?.id;

describe("the layout of Ofsted's file", () => {
  it('is the report-card layout by the OEIF inspection date or any report-card column', () => {
    expect(layoutOf('Inspection start date of latest OEIF graded inspection')).toBe('report-card');
    for (const column of [
      'Safeguarding standards',
      'Inclusion',
      'Curriculum and teaching',
      'Leadership and governance',
    ])
      expect(layoutOf('Inspection start date', column)).toBe('report-card');
    expect(layoutOf('inclusion')).toBe('report-card');
  });

  it('is the graded layout by an inspection date with a grade, or by an ungraded inspection date', () => {
    for (const grade of [
      'Overall effectiveness',
      'Latest OEIF overall effectiveness',
      'Quality of education',
      'Latest OEIF quality of education',
    ]) {
      expect(layoutOf('Inspection start date', grade)).toBe('graded');
      expect(layoutOf(grade)).toBeUndefined();
    }
    expect(layoutOf('Inspection start date')).toBeUndefined();
    expect(layoutOf('Date of latest ungraded inspection')).toBe('graded');
    expect(layoutOf('Achievement')).toBeUndefined();
  });

  it('is neither without a URN column', () => {
    expect(ofstedLayoutOf(['Inspection start date', 'Overall effectiveness', 'Inclusion'])).toBeUndefined();
  });

  it('is named as the layout, with the June 2026 area dates where a report-card file has them', () => {
    expect(describeOfstedLayout(reportCard, ['URN', 'Achievement - date of judgement'])).toBe(reportCard.description);
    expect(describeOfstedLayout(reportCard, ['URN', 'Achievement - date of grade'])).toBe(
      `${reportCard.description} (areas dated "- date of grade", as from June 2026)`,
    );
    expect(describeOfstedLayout(graded, ['URN', 'Achievement - date of grade'])).toBe(graded.description);
    expect(reportCard.description).not.toBe(graded.description);
  });
});
