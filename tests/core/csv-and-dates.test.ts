import { describe, expect, it } from 'vitest';
import { normaliseHeader, parseCsv, parseCsvRows, toCsv } from '../../functions/core/csv';
import { formatDate, monthsBetween, parseDate, whenInWords } from '../../functions/core/dates';
import { rejectedCsv } from '../../functions/core/reporting/report';

describe('CSV as authorities export it', () => {
  it('reads a byte-order mark, CRLF line ends, quoted commas, quotes and line breaks, and skips blank trailing rows', () => {
    const text =
      '\ufeffURN,Summary\r\n100001,"Concern about reading, writing"\r\n100002,"Said ""urgent""\r\nsecond line"\r\n,\r\n\r\n';
    const table = parseCsv(text);
    expect(table.headers).toEqual(['URN', 'Summary']);
    expect(table.records).toEqual([
      { line: 2, values: { URN: '100001', Summary: 'Concern about reading, writing' } },
      { line: 3, values: { URN: '100002', Summary: 'Said "urgent"\r\nsecond line' } },
    ]);
  });

  it('numbers records by the line they start on, after a field spanning lines', () => {
    const table = parseCsv('A,B\n1,"x\ny\nz"\n2,w\n');
    expect(table.records.map((r) => r.line)).toEqual([2, 5]);
  });

  it('matches headers without case or stray spaces', () => {
    expect(normaliseHeader('  Latest OEIF  overall effectiveness ')).toBe(
      normaliseHeader('latest oeif overall effectiveness'),
    );
  });

  it('writes CSV that reads back to the same values', () => {
    const written = toCsv(
      ['a', 'b'],
      [
        ['x, y', 'say "hi"'],
        ['line\nbreak', 3],
      ],
    );
    expect(parseCsv(written).records.map((r) => r.values)).toEqual([
      { a: 'x, y', b: 'say "hi"' },
      { a: 'line\nbreak', b: '3' },
    ]);
  });
});

describe('dates', () => {
  it.each([
    ['01/09/2026', '2026-09-01'],
    ['1/9/2026', '2026-09-01'],
    ['01-09-2026', '2026-09-01'],
    ['2026-09-01', '2026-09-01'],
    ['2026-09-01T00:00:00Z', '2026-09-01'],
  ])('reads %s as %s', (raw, iso) => expect(parseDate(raw)).toBe(iso));

  it.each(['31/02/2026', '2026-13-01', '09/2026', 'yesterday', ''])('rejects %s', (raw) =>
    expect(parseDate(raw)).toBeUndefined(),
  );

  it('formats dates the way letters cite them', () => expect(formatDate('2026-02-03')).toBe('3 Feb 2026'));

  it('counts whole months', () => {
    expect(monthsBetween('2025-09-01', '2026-09-01')).toBe(12);
    expect(monthsBetween('2025-09-02', '2026-09-01')).toBe(11);
  });
});

describe('CSV exports an officer opens in Excel', () => {
  it('never leave a formula live: a value starting =, +, -, @, tab or carriage return is written as text', () => {
    const csv = toCsv(
      ['Value'],
      [['=HYPERLINK("http://evil.example","x")'], ['+1+1'], ['-2+3'], ['@SUM(A1)'], ['\tx'], ['\rx'], ['plain']],
    );
    expect(parseCsv(csv).records.map((r) => r.values.Value)).toEqual([
      '\'=HYPERLINK("http://evil.example","x")',
      "'+1+1",
      "'-2+3",
      "'@SUM(A1)",
      "'\tx",
      "'\rx",
      'plain',
    ]);
  });

  it('leaves numbers as numbers, negative ones too', () => {
    expect(toCsv(['A', 'B', 'C'], [[-0.5, '-0.5', '-12%']])).toBe('A,B,C\r\n-0.5,-0.5,-12%\r\n');
  });

  it('neutralises what the intake rejected, in rejected.csv', () => {
    expect(
      rejectedCsv([{ file: 'contacts.csv', row: 2, column: 'Name', value: '=cmd|calc', expected: 'a name' }]),
    ).toBe("File,Row,Column,Value,Expected\r\ncontacts.csv,2,Name,'=cmd|calc,a name\r\n");
  });
});

describe('CSV at its edges', () => {
  it('reads a quoted field left open to the end of the file, and keeps what follows a closing quote', () => {
    expect(parseCsvRows('A,B\n"x"y,z\n1,"open to the end')).toEqual([
      { line: 1, cells: ['A', 'B'] },
      { line: 2, cells: ['xy', 'z'] },
      { line: 3, cells: ['1', 'open to the end'] },
    ]);
    expect(parseCsvRows('"a"\r\n"b",\r\n"c"\n')).toEqual([
      { line: 1, cells: ['a'] },
      { line: 2, cells: ['b', ''] },
      { line: 3, cells: ['c'] },
    ]);
  });

  it('ends a row at a carriage return alone, a line feed, or both together, counting each once', () => {
    expect(parseCsvRows('A\r1\n2\r\n3')).toEqual([
      { line: 1, cells: ['A'] },
      { line: 2, cells: ['1'] },
      { line: 3, cells: ['2'] },
      { line: 4, cells: ['3'] },
    ]);
    expect(parseCsvRows('A\n\r\n2')).toEqual([
      { line: 1, cells: ['A'] },
      { line: 3, cells: ['2'] },
    ]);
  });

  it('gives an empty last cell for a row ending in a comma, and skips a row of spaces and commas', () => {
    expect(parseCsvRows('A,B\n1,\n  ,  \n2,x')).toEqual([
      { line: 1, cells: ['A', 'B'] },
      { line: 2, cells: ['1', ''] },
      { line: 4, cells: ['2', 'x'] },
    ]);
    expect(parseCsvRows('A,B\n1,')).toEqual([
      { line: 1, cells: ['A', 'B'] },
      { line: 2, cells: ['1', ''] },
    ]);
  });

  it("trims headers and values, gives '' for a cell a short row lacks, and an empty table for an empty file", () => {
    expect(parseCsv(' URN , Name \n 100001 ')).toEqual({
      headers: ['URN', 'Name'],
      records: [{ line: 2, values: { URN: '100001', Name: '' } }],
    });
    expect(parseCsv('')).toEqual({ headers: [], records: [] });
    expect(parseCsv('\ufeff')).toEqual({ headers: [], records: [] });
    expect(parseCsv('\ufeffURN\n1').headers).toEqual(['URN']);
  });
});

describe('dates at their edges', () => {
  it('reads a date with spaces around it, and refuses a day the calendar does not have', () => {
    expect(parseDate(' 01/09/2026 ')).toBe('2026-09-01');
    expect(parseDate('29/02/2024')).toBe('2024-02-29');
    expect(parseDate('29/02/2025')).toBeUndefined();
    expect(parseDate('31/04/2026')).toBeUndefined();
    expect(parseDate('01/13/2026')).toBeUndefined();
    expect(parseDate('01/01/0050')).toBeUndefined();
    expect(parseDate('2026-09-01T10:00:00Z')).toBe('2026-09-01');
  });

  it('says a moment in UK time, on the day it is in the UK', () => {
    expect(whenInWords('2026-06-30T23:30:00Z')).toBe('12:30am on 1 Jul 2026');
    expect(whenInWords('2026-12-21T14:00:00Z')).toBe('2:00pm on 21 Dec 2026');
  });
});
