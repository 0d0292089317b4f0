/**
 * Workbooks part by part: a workbook written by hand, as other systems save them, read cell type by cell type; and the
 * parts of the workbook the cycle writes, file by file.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readXlsxSheets, WorkbookUnreadable, writeXlsx } from '../../functions/core/xlsx';

const MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const zip = (files: Record<string, string>) =>
  zipSync(Object.fromEntries(Object.entries(files).map(([path, text]) => [path, strToU8(text)])));
const workbookXml = (sheets: string, pr = '') =>
  `<?xml version="1.0"?><workbook ${MAIN} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${pr}<sheets>${sheets}</sheets></workbook>`;
const sheetXml = (rows: string) => `<?xml version="1.0"?><worksheet ${MAIN}><sheetData>${rows}</sheetData></worksheet>`;
const RELS =
  '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId7" Target="worksheets/data.xml"/><Relationship Id="rId8" Target="/xl/worksheets/absolute.xml"/></Relationships>';
const STYLES =
  `<?xml version="1.0"?><styleSheet ${MAIN}><numFmts count="5">` +
  '<numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="&quot;Day &quot;0"/>' +
  '<numFmt numFmtId="166" formatCode="[Red]0.00"/><numFmt numFmtId="167" formatCode="0\\d"/><numFmt numFmtId="168" formatCode="hh:ss"/><numFmt numFmtId="169" formatCode="mmm"/>' +
  '</numFmts><cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="167"/><xf numFmtId="168"/><xf numFmtId="169"/></cellXfs></styleSheet>';
const SHARED = `<?xml version="1.0"?><sst ${MAIN}><si><t>URN</t></si><si><r><t>Na</t></r><r><t xml:space="preserve">me </t></r></si></sst>`;

describe('a workbook as other systems save it', () => {
  it('reads each kind of cell: shared, inline and formula text, errors, booleans, dates by style, numbers as stored', () => {
    const bytes = zip({
      'xl/workbook.xml': workbookXml('<sheet name="Data" r:id="rId7"/>'),
      'xl/_rels/workbook.xml.rels': RELS,
      'xl/styles.xml': STYLES,
      'xl/sharedStrings.xml': SHARED,
      'xl/worksheets/data.xml': sheetXml(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>When</t></is></c></row>' +
          '<row r="4"><c r="A4" t="str"><v>=A1</v></c><c r="B4" t="e"><v>#N/A</v></c><c r="C4" t="b"><v>1</v></c><c r="D4" t="b"><v>0</v></c><c r="E4" t="b"><v>2</v></c><c r="F4" t="d"><v>2026-09-01T10:00:00</v></c></row>' +
          '<row><c t="n" s="1"><v>46266</v></c><c s="2"><v>46266.5</v></c><c s="3"><v>7</v></c><c s="4"><v>7</v></c><c s="5"><v>7</v></c><c s="6"><v>46266</v></c><c s="7"><v>46266</v></c><c><v>61.5</v></c><c s="9"><v>3</v></c></row>' +
          '<row r="9"><c r="B9" t="s"><v>5</v></c><c r="C9"><v></v></c><c r="D9" t="inlineStr"><is><t>  </t></is></c></row>' +
          '<row r="10"><c r="AB10" t="str"><v>far</v></c><c><v>next</v></c><c r="B10"/></row>',
      ),
    });
    expect(readXlsxSheets(bytes)).toEqual([
      {
        name: 'Data',
        rows: [
          { line: 1, cells: ['URN', 'Name ', 'When'] },
          { line: 4, cells: ['=A1', '#N/A', 'TRUE', 'FALSE', '', '2026-09-01'] },
          { line: 5, cells: ['2026-09-01', '2026-09-01', '7', '7', '7', '46266', '2026-09-01', '61.5', '3'] },
          {
            line: 10,
            cells: [...Array.from({ length: 27 }, () => ''), 'far', 'next'],
          },
        ],
      },
    ]);
  });

  it('reads dates in the 1904 system where the workbook says so, as "1" or "true"', () => {
    for (const flag of ['1', 'true'])
      expect(
        readXlsxSheets(
          zip({
            'xl/workbook.xml': workbookXml('<sheet name="S"/>', `<workbookPr date1904="${flag}"/>`),
            'xl/styles.xml': STYLES,
            'xl/worksheets/sheet1.xml': sheetXml('<row r="1"><c r="A1" s="1"><v>0</v></c></row>'),
          }),
        )[0]?.rows,
      ).toEqual([{ line: 1, cells: ['1904-01-01'] }]);
    expect(
      readXlsxSheets(
        zip({
          'xl/workbook.xml': workbookXml('<sheet name="S"/>', '<workbookPr date1904="0"/>'),
          'xl/styles.xml': STYLES,
          'xl/worksheets/sheet1.xml': sheetXml('<row r="1"><c r="A1" s="1"><v>1</v></c></row>'),
        }),
      )[0]?.rows,
    ).toEqual([{ line: 1, cells: ['1899-12-31'] }]);
  });

  it('finds each sheet by its relationship, an absolute target, or its place; and names a sheet with no name by its place', () => {
    const bytes = zip({
      'xl/workbook.xml': workbookXml('<sheet name="Abs" r:id="rId8"/><sheet/><sheet name="Third" r:id="rId99"/>'),
      'xl/_rels/workbook.xml.rels': RELS,
      'xl/worksheets/absolute.xml': sheetXml('<row r="1"><c r="A1" t="str"><v>abs</v></c></row>'),
      'xl/worksheets/sheet2.xml': sheetXml('<row r="1"><c r="A1" t="str"><v>second</v></c></row>'),
      'xl/worksheets/sheet3.xml': sheetXml('<row r="1"><c r="A1" t="str"><v>third</v></c></row>'),
    });
    expect(readXlsxSheets(bytes).map((s) => [s.name, s.rows[0]?.cells[0]])).toEqual([
      ['Abs', 'abs'],
      ['Sheet2', 'second'],
      ['Third', 'third'],
    ]);
  });

  it('says which worksheet is missing, and that a workbook with no sheets has none', () => {
    const missing = zip({
      'xl/workbook.xml': workbookXml('<sheet name="Gone" r:id="rId7"/>'),
      'xl/_rels/workbook.xml.rels': RELS,
    });
    expect(() => readXlsxSheets(missing)).toThrow(
      new WorkbookUnreadable("the workbook's worksheet 'Gone' (xl/worksheets/data.xml) is missing"),
    );
    expect(() => readXlsxSheets(zip({ 'xl/workbook.xml': workbookXml('') }))).toThrow('the workbook has no worksheet');
    expect(() => readXlsxSheets(zip({ 'other.xml': '<x/>' }))).toThrow('the workbook has no worksheet');
    const error = (() => {
      try {
        readXlsxSheets(strToU8('not a zip'));
      } catch (e) {
        return e as Error;
      }
    })();
    expect([error?.name, error?.message]).toEqual([
      'WorkbookUnreadable',
      'the file is not an .xlsx workbook (it could not be unzipped)',
    ]);
  });
});

describe('the workbook the cycle writes, file by file', () => {
  const written = (name: string) =>
    Object.fromEntries(
      Object.entries(
        unzipSync(
          writeXlsx({
            name,
            headers: ['URN', 'Decision'],
            rows: [
              ['100001', 'agree'],
              [100002, undefined],
            ],
            choices: [{ column: 1, values: ['agree', 'override', '"odd" & <more>'] }],
          }),
        ),
      ).map(([path, bytes]) => [path, strFromU8(bytes)]),
    );

  it('writes the worksheet: the header kept in view and bold, widths to fit, filters and the drop-down', () => {
    const files = written('Ashdown');
    expect(Object.keys(files).sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    expect(files['xl/worksheets/sheet1.xml']).toBe(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
        '<cols><col min="1" max="1" width="8" customWidth="1"/><col min="2" max="2" width="10" customWidth="1"/></cols>' +
        '<sheetData>' +
        '<row r="1"><c r="A1" s="1" t="inlineStr"><is><t xml:space="preserve">URN</t></is></c><c r="B1" s="1" t="inlineStr"><is><t xml:space="preserve">Decision</t></is></c></row>' +
        '<row r="2"><c r="A2" s="0" t="inlineStr"><is><t xml:space="preserve">100001</t></is></c><c r="B2" s="0" t="inlineStr"><is><t xml:space="preserve">agree</t></is></c></row>' +
        '<row r="3"><c r="A3" s="0"><v>100002</v></c><c r="B3" s="0" t="inlineStr"><is><t xml:space="preserve"></t></is></c></row>' +
        '</sheetData>' +
        '<autoFilter ref="A1:B3"/>' +
        '<dataValidations count="1"><dataValidation type="list" allowBlank="1" showErrorMessage="1" sqref="B2:B3"><formula1>"agree,override,&quot;odd&quot; &amp; &lt;more&gt;"</formula1></dataValidation></dataValidations>' +
        '</worksheet>',
    );
  });

  it('names the sheet as Excel allows, and its filter by that name', () => {
    expect(written('Ashdown: C/D [2026]?')['xl/workbook.xml']).toContain(
      `<sheets><sheet name="Ashdown C D 2026" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'Ashdown C D 2026'!$A$1:$B$3</definedName></definedNames></workbook>`,
    );
    expect(written("King's Lynn, Wisbech & Downham proposals")['xl/workbook.xml']).toContain(
      `<sheet name="King's Lynn, Wisbech &amp; Downham" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'King''s Lynn, Wisbech &amp; Downham'!$A$1:$B$3</definedName>`,
    );
    expect(written(' :/? ')['xl/workbook.xml']).toContain('<sheet name="Sheet1" sheetId="1" r:id="rId1"/>');
  });

  it("writes the package's parts: its content types, relationships and styles", () => {
    const files = written('Ashdown');
    expect(files['[Content_Types].xml']).toBe(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
    );
    expect(files['_rels/.rels']).toBe(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    );
    expect(files['xl/workbook.xml']).toBe(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
        `<sheets><sheet name="Ashdown" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'Ashdown'!$A$1:$B$3</definedName></definedNames></workbook>`,
    );
    expect(files['xl/_rels/workbook.xml.rels']).toBe(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
    );
    expect(files['xl/styles.xml']).toBe(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
    );
  });

  it('sizes a column to its longest value and two more, between 8 and 60, and writes no drop-down where none is asked', () => {
    const sheet = strFromU8(
      unzipSync(writeXlsx({ name: 'S', headers: ['A', 'B', 'C'], rows: [['x'.repeat(10), 'y'.repeat(70)]] }))[
        'xl/worksheets/sheet1.xml'
      ]!,
    );
    expect(sheet).toContain(
      '<cols><col min="1" max="1" width="12" customWidth="1"/><col min="2" max="2" width="60" customWidth="1"/><col min="3" max="3" width="8" customWidth="1"/></cols>',
    );
    expect(sheet).toContain('<autoFilter ref="A1:C2"/></worksheet>');
  });
});
