/**
 * GB/T 9704-2012 layout: Chinese numbering, official dates, title lines, the .docx structure, and a
 * LibreOffice render (page count, first-page text, page-number positions). LibreOffice and
 * poppler-utils are required: CI installs them; without them the render tests fail, not skip.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { officialDate, periodLabel, rangeLabel, halfYear, quarter, wholeYear } from '../../server/documents/dates';
import {
  CHAR_ADJUST,
  CHAR_PITCH,
  FOOTER_DISTANCE,
  LINE_PITCH,
  MARGIN,
  PAGE,
  TEXT_BLOCK,
  buildOfficialDocument,
  chars,
  type Block,
} from '../../server/documents/layout';
import { HeadingCounter, chineseNumeral, headingMarker } from '../../server/documents/numbering';
import { docxToPdf, sofficePath } from '../../server/documents/pdf';
import { shapeOk, textWidth, titleLines } from '../../server/documents/title';
import { docxBodyText, requireTool, styleXml, unzip, xmlOf } from '../helpers/docx';

const eastAsiaFont = (xml: string) => /<w:rFonts [^>]*w:eastAsia="([^"]+)"/.exec(xml)?.[1];

// ---------------------------------------------------------------------------------------------

describe('Chinese numerals and heading numbers', () => {
  const DIGIT = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
  it('writes 1–99 as read aloud', () => {
    for (let n = 1; n <= 99; n++) {
      const tens = Math.floor(n / 10);
      const ones = n % 10;
      const expected = tens === 0 ? DIGIT[ones] : `${tens === 1 ? '' : DIGIT[tens]}十${DIGIT[ones]}`;
      expect(chineseNumeral(n), String(n)).toBe(expected);
    }
    expect([1, 10, 11, 19, 20, 21, 99].map(chineseNumeral)).toEqual(['一', '十', '十一', '十九', '二十', '二十一', '九十九']);
  });

  it('handles hundreds and thousands with 零', () => {
    const cases: [number, string][] = [
      [100, '一百'], [101, '一百零一'], [110, '一百一十'], [111, '一百一十一'], [120, '一百二十'], [999, '九百九十九'],
      [1000, '一千'], [1001, '一千零一'], [1010, '一千零一十'], [1100, '一千一百'], [2026, '二千零二十六'], [9999, '九千九百九十九'],
    ];
    for (const [n, s] of cases) expect(chineseNumeral(n), String(n)).toBe(s);
  });

  it('rejects what it cannot write', () => {
    for (const bad of [0, -1, 1.5, 10000, NaN]) expect(() => chineseNumeral(bad)).toThrow(RangeError);
  });

  it('formats the four levels with full-width parentheses', () => {
    expect(headingMarker(1, 1)).toBe('一、');
    expect(headingMarker(1, 11)).toBe('十一、');
    expect(headingMarker(1, 20)).toBe('二十、');
    expect(headingMarker(2, 3)).toBe('（三）');
    expect(headingMarker(2, 12)).toBe('（十二）');
    expect(headingMarker(3, 1)).toBe('1.');
    expect(headingMarker(3, 10)).toBe('10.');
    expect(headingMarker(4, 2)).toBe('（2）');
    for (let n = 1; n <= 99; n++) {
      expect(headingMarker(2, n)).toBe(`（${chineseNumeral(n)}）`);
      expect(headingMarker(4, n)).toBe(`（${n}）`);
    }
  });

  it('resets lower levels when a higher level advances', () => {
    const c = new HeadingCounter();
    const seq = [1, 2, 3, 4, 4, 3, 4, 2, 3, 1, 2, 2, 1, 3, 4].map((l) => c.next(l as 1 | 2 | 3 | 4));
    expect(seq).toEqual(['一、', '（一）', '1.', '（1）', '（2）', '2.', '（1）', '（二）', '1.', '二、', '（一）', '（二）', '三、', '1.', '（1）']);
    const d = new HeadingCounter();
    for (let i = 1; i <= 25; i++) expect(d.next(1)).toBe(`${chineseNumeral(i)}、`);
  });
});

describe('official dates and periods', () => {
  it('writes every day of 2026 and 2028 without leading zeros', () => {
    for (const year of [2026, 2028]) {
      for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
        const d = new Date(t);
        const day = d.toISOString().slice(0, 10);
        const s = officialDate(day);
        expect(s).toBe(`${year}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`);
        expect(s).not.toMatch(/年0|月0/);
      }
    }
    expect(officialDate('2026-11-22')).toBe('2026年11月22日');
    expect(officialDate('2026-01-05')).toBe('2026年1月5日');
  });

  it('takes an instant to its Shanghai day', () => {
    expect(officialDate('2026-11-21T16:30:00Z')).toBe('2026年11月22日');
    expect(officialDate('2026-11-21T15:59:59Z')).toBe('2026年11月21日');
    expect(officialDate(new Date('2026-12-31T16:00:00Z'))).toBe('2027年1月1日');
  });

  it('rejects days that do not exist', () => {
    expect(() => officialDate('2026-02-29')).toThrow(RangeError);
    expect(() => officialDate('2026-13-01')).toThrow(RangeError);
    expect(() => periodLabel({ from: '2026-07-01', to: '2026-06-30' })).toThrow(RangeError);
  });

  it('names half-years, years, quarters and months, and writes other ranges in full', () => {
    expect(periodLabel(halfYear(2026, 1))).toBe('2026年上半年');
    expect(periodLabel(halfYear(2026, 2))).toBe('2026年下半年');
    expect(periodLabel(wholeYear(2026))).toBe('2026年度');
    expect([1, 2, 3, 4].map((q) => periodLabel(quarter(2026, q as 1 | 2 | 3 | 4)))).toEqual([
      '2026年第一季度', '2026年第二季度', '2026年第三季度', '2026年第四季度',
    ]);
    for (let m = 1; m <= 12; m++) {
      const last = new Date(Date.UTC(2028, m, 0)).getUTCDate();
      const mm = String(m).padStart(2, '0');
      expect(periodLabel({ from: `2028-${mm}-01`, to: `2028-${mm}-${last}` })).toBe(`2028年${m}月`);
    }
    expect(periodLabel({ from: '2026-01-01', to: '2026-06-29' })).toBe('2026年1月1日至2026年6月29日');
    expect(periodLabel({ from: '2026-03-01', to: '2026-08-31' })).toBe('2026年3月1日至2026年8月31日');
    expect(periodLabel({ from: '2025-07-01', to: '2026-06-30' })).toBe('2025年7月1日至2026年6月30日');
    expect(periodLabel({ from: '2026-05-04', to: '2026-05-04' })).toBe('2026年5月4日');
    expect(rangeLabel(halfYear(2026, 1))).toBe('2026年1月1日至2026年6月30日');
  });
});

describe('title lines', () => {
  const titles = [
    '中共某某镇委员会关于2026年上半年网络意识形态工作责任制落实情况的报告',
    '关于进一步加强和改进全县网络意识形态工作责任制落实情况专项检查发现问题整改工作的实施方案',
    '某某县教育局关于2026年度网络意识形态工作责任制落实情况和2027年工作打算的报告（送审稿）',
    '县委网信办2026年度网络意识形态工作总结',
  ];
  it('keeps a short title on one line and balances long ones into a trapezoid or diamond', () => {
    expect(titleLines('县委网信办2026年度网络意识形态工作总结')).toEqual(['县委网信办2026年度网络意识形态工作总结']);
    for (const t of titles) {
      const lines = titleLines(t, 20);
      expect(lines.join('')).toBe(t);
      const widths = lines.map(textWidth);
      expect(Math.max(...widths)).toBeLessThanOrEqual(20);
      expect(lines.length).toBe(Math.ceil(textWidth(t) / 20));
      expect(shapeOk(widths), `${t}: ${widths}`).toBe(true);
      for (const l of lines.slice(1)) expect(l).not.toMatch(/^[，。、）》]/);
      // Balanced: no two lines differ by more than a third of a line.
      expect(Math.max(...widths) - Math.min(...widths)).toBeLessThanOrEqual(7);
    }
  });

  it('accepts a diamond only for three lines', () => {
    expect(shapeOk([14, 16, 15])).toBe(true);
    expect(shapeOk([16, 15, 15])).toBe(true);
    expect(shapeOk([14, 16])).toBe(false);
    expect(shapeOk([14, 16, 15, 12])).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------

const LONG_TITLE = '中共某某镇委员会关于2026年上半年网络意识形态工作责任制落实情况的报告';

async function sampleDocument(): Promise<Map<string, Buffer>> {
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: '主要工作' },
    { kind: 'heading', level: 2, text: '组织领导。', rest: '调整领导小组，明确分工。' },
    { kind: 'heading', level: 3, text: '学习。', rest: '开展中心组学习8次。' },
    { kind: 'heading', level: 4, text: '会议。', rest: '召开专题会议2次。' },
    { kind: 'heading', level: 4, text: '培训。' },
    { kind: 'heading', level: 1, text: '下步打算' },
    { kind: 'heading', level: 2, text: '抓好整改。' },
    { kind: 'paragraph', text: ['正文', { text: '强调', bold: true }] },
    { kind: 'table', header: ['类别', '次数'], rows: [['学习', '8']], widths: [3, 1] },
  ];
  const buf = await buildOfficialDocument({
    title: LONG_TITLE,
    recipient: '县委网信办',
    blocks,
    attachments: ['活动台账', '整改清单'],
    signer: '中共某某镇委员会',
    date: '2026-07-05',
  });
  return unzip(buf);
}

describe('the .docx structure', () => {
  it('sets A4, the GB/T margins, the 22-line grid and the page-number footers', async () => {
    const files = await sampleDocument();
    const doc = xmlOf(files, 'word/document.xml');
    expect(doc).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(PAGE).toEqual({ width: 11906, height: 16838 });
    // 37 / 35 / 28 / 26 mm in twips.
    expect(MARGIN).toEqual({ top: 2098, bottom: 1984, left: 1587, right: 1474 });
    expect(doc).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="\d+" w:footer="1447"/);
    expect(TEXT_BLOCK.width / (1440 / 25.4)).toBeCloseTo(156, 0);
    expect(TEXT_BLOCK.height / (1440 / 25.4)).toBeCloseTo(225, 0);
    expect(FOOTER_DISTANCE).toBe(1447);
    // 22 lines: 22 × 579 fits the 12756-twip block, 23 do not.
    expect(LINE_PITCH).toBe(579);
    expect(22 * LINE_PITCH).toBeLessThanOrEqual(TEXT_BLOCK.height);
    expect(23 * LINE_PITCH).toBeGreaterThan(TEXT_BLOCK.height);
    expect(doc).toMatch(/<w:docGrid w:type="lines" w:linePitch="579"\/>/);
    // 28 characters: 3号 condensed by 5 twips → 315; 28 fit, 29 do not.
    expect(CHAR_ADJUST).toBe(-5);
    expect(28 * (320 + CHAR_ADJUST)).toBeLessThanOrEqual(TEXT_BLOCK.width);
    expect(29 * (320 + CHAR_ADJUST)).toBeGreaterThan(TEXT_BLOCK.width);
    expect(CHAR_PITCH).toBeCloseTo(315.9, 1);

    const settings = xmlOf(files, 'word/settings.xml');
    expect(settings).toMatch(/<w:evenAndOddHeaders\/>/);

    const rels = xmlOf(files, 'word/_rels/document.xml.rels');
    const footerFile = (type: string) => {
      const id = new RegExp(`<w:footerReference w:type="${type}" r:id="(\\w+)"`).exec(doc)?.[1];
      const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${id}"`).exec(rels);
      return xmlOf(files, `word/${target?.[1] ?? target?.[2]}`);
    };
    const odd = footerFile('default');
    const even = footerFile('even');
    for (const [footer, side, indent] of [[odd, 'right', 'right'], [even, 'left', 'left']] as const) {
      expect(footer).toMatch(/<w:pStyle w:val="GwPageNumber"\/>/);
      expect(footer).toMatch(new RegExp(`<w:jc w:val="${side}"/>`));
      expect(footer).toMatch(new RegExp(`<w:ind w:${indent}="280"/>`)); // one 4号 character
      expect(footer).toMatch(/<w:t xml:space="preserve">— <\/w:t>[\s\S]*<w:fldChar w:fldCharType="begin"\/>[\s\S]*<w:instrText xml:space="preserve">PAGE<\/w:instrText>[\s\S]*<w:fldChar w:fldCharType="end"\/>[\s\S]*<w:t xml:space="preserve"> —<\/w:t>/);
    }
  });

  it('defines the title and heading styles with their fonts and sizes', async () => {
    const files = await sampleDocument();
    const styles = xmlOf(files, 'word/styles.xml');
    const title = styleXml(styles, 'GwTitle');
    expect(eastAsiaFont(title)).toBe('方正小标宋简体');
    expect(title).toMatch(/w:ascii="方正小标宋简体"/);
    expect(title).toMatch(/<w:sz w:val="44"\/>/); // 2号 = 22 pt
    expect(title).toMatch(/<w:jc w:val="center"\/>/);
    expect(title).toMatch(/<w:snapToGrid w:val="0"\/>/);
    // The imported title style sits among the others, not inside an element Word and LibreOffice do not know.
    expect(styles).not.toMatch(/<undefined>/);
    expect(styles).toMatch(/<w:styles [^>]*>(<w:docDefaults>[\s\S]*?<\/w:docDefaults>)?(<w:style [\s\S]*?<\/w:style>)+<\/w:styles>$/);
    // overflowPunct on (Word's default) in Normal: LibreOffice reads it inverted and then hangs no punctuation.
    expect(styleXml(styles, 'Normal')).toMatch(/<w:overflowPunct\/>/);

    const expected: [string, string][] = [['GwHeading1', '黑体'], ['GwHeading2', '楷体_GB2312'], ['GwHeading3', '仿宋_GB2312'], ['GwHeading4', '仿宋_GB2312'], ['GwBody', '仿宋_GB2312'], ['Normal', '仿宋_GB2312']];
    for (const [id, font] of expected) {
      const s = styleXml(styles, id);
      expect(eastAsiaFont(s), id).toBe(font);
      expect(s, id).toMatch(/w:hint="eastAsia"/);
      expect(s, id).toMatch(/<w:sz w:val="32"\/>/); // 3号 = 16 pt
      expect(s, id).toMatch(/<w:spacing w:val="-5"\/>/);
      expect(s, id).toMatch(/w:line="579" w:lineRule="exact"/);
    }
    for (const id of ['GwHeading1', 'GwHeading2', 'GwHeading3', 'GwHeading4', 'GwBody']) {
      expect(styleXml(styles, id), id).toMatch(new RegExp(`<w:ind w:firstLine="${chars(2)}" w:firstLineChars="200"/>`));
    }
    for (const [id, level] of [['GwHeading1', 0], ['GwHeading2', 1], ['GwHeading3', 2], ['GwHeading4', 3]] as const) {
      expect(styleXml(styles, id)).toMatch(new RegExp(`<w:outlineLvl w:val="${level}"/>`));
    }
    const pageNumber = styleXml(styles, 'GwPageNumber');
    expect(eastAsiaFont(pageNumber)).toBe('宋体');
    expect(pageNumber).toMatch(/<w:sz w:val="28"\/>/); // 4号 = 14 pt
  });

  it('numbers headings, breaks the title, and lays out attachments and the signature', async () => {
    const files = await sampleDocument();
    const doc = xmlOf(files, 'word/document.xml');
    const paragraphs = [...doc.matchAll(/<w:p>([\s\S]*?)<\/w:p>/g)].map((m) => ({
      style: /<w:pStyle w:val="(\w+)"\/>/.exec(m[1])?.[1],
      text: [...m[1].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
      xml: m[1],
    }));
    const byStyle = (s: string) => paragraphs.filter((p) => p.style === s);
    expect(byStyle('GwHeading1').map((p) => p.text)).toEqual(['一、主要工作', '二、下步打算']);
    expect(byStyle('GwHeading2').map((p) => p.text)).toEqual(['（一）组织领导。调整领导小组，明确分工。', '（一）抓好整改。']);
    // "8次" is joined (U+2060) so a line never ends between the number and its unit.
    expect(byStyle('GwHeading3').map((p) => p.text)).toEqual(['1.学习。开展中心组学习8\u2060次。']);
    expect(byStyle('GwHeading4').map((p) => p.text)).toEqual(['（1）会议。召开专题会议2\u2060次。', '（2）培训。']);
    // The rest of a heading paragraph is set in the body font.
    expect(byStyle('GwHeading2')[0].xml).toMatch(/w:eastAsia="仿宋_GB2312"[\s\S]*调整领导小组/);

    const title = byStyle('GwTitle');
    expect(title).toHaveLength(1);
    expect(title[0].text).toBe(LONG_TITLE);
    expect(title[0].xml.match(/<w:br\/>/g)).toHaveLength(1);
    expect(byStyle('GwRecipient').map((p) => p.text)).toEqual(['县委网信办：']);

    const attachments = byStyle('GwAttachment');
    expect(attachments.map((p) => p.text)).toEqual(['附件：1.活动台账', '2.整改清单']);
    // "附件：" starts two characters in; "2." lines up under "1."; wrapped names under the name.
    expect(attachments[0].xml).toContain(`<w:ind w:left="${chars(6)}" w:hanging="${chars(4)}"/>`);
    expect(attachments[1].xml).toContain(`<w:ind w:left="${chars(6)}" w:hanging="${chars(1)}"/>`);
    // The paragraph before the note is blank.
    const noteAt = paragraphs.indexOf(attachments[0]);
    expect(paragraphs[noteAt - 1].text).toBe('');

    const signer = byStyle('GwSigner');
    const date = byStyle('GwDate');
    expect(signer.map((p) => p.text)).toEqual(['中共某某镇委员会']);
    expect(date.map((p) => p.text)).toEqual(['2026年7月5日']);
    // Signer (8 wide) two characters from the right; the date (6 wide) starts two characters further right.
    expect(signer[0].xml).toContain(`<w:ind w:right="${chars(2)}"/>`);
    expect(date[0].xml).toContain(`<w:ind w:right="${chars(8 - 6)}"/>`);
    expect(paragraphs[paragraphs.indexOf(signer[0]) - 1].text).toBe('');
    expect(paragraphs[paragraphs.indexOf(signer[0]) + 1]).toBe(date[0]);
    // A table spans the text block.
    expect(doc).toMatch(new RegExp(`<w:tblW w:type="dxa" w:w="${TEXT_BLOCK.width}"/>`));
  });

  it('keeps the date two characters from the right when it is longer than the signer', async () => {
    const files = unzip(await buildOfficialDocument({ title: '通知', blocks: [], signer: '县委网信办', date: '2026-11-22' }));
    const doc = xmlOf(files, 'word/document.xml');
    // 县委网信办 is 5 wide, 2026年11月22日 is 7 wide: date right 2, signer right 2 + 7 + 2 − 5 = 6.
    expect(doc).toMatch(new RegExp(`GwSigner"/>[\\s\\S]*?<w:ind w:right="${chars(6)}"/>[\\s\\S]*?县委网信办`));
    expect(doc).toMatch(new RegExp(`GwDate"/>[\\s\\S]*?<w:ind w:right="${chars(2)}"/>[\\s\\S]*?2026年11月22日`));
  });
});

// ---------------------------------------------------------------------------------------------


describe('rendered with LibreOffice', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'netduty-doc-test-'));
  afterAll(() => {
    if (!process.env.KEEP_DOC_RENDERS) rmSync(dir, { recursive: true, force: true });
  });

  /**
   * A document of known length: one title line, a blank line, `bodyLines` body lines, then a blank
   * line, the signer and the date — 1 + 1 + bodyLines + 3 lines at 22 a page. The first body
   * paragraph is 56 characters without indent (exactly two full lines of 28), the second carries
   * the figure, the rest are short numbered lines.
   */
  async function render(bodyLines: number, name: string) {
    const fill = '网络意识形态工作责任制落实情况良好';
    const full = fill.repeat(4).slice(0, 56);
    const blocks: Block[] = [
      { kind: 'paragraph', text: full, indent: false },
      { kind: 'paragraph', text: '上半年共召开专题会议7次。' },
    ];
    for (let i = 4; i <= bodyLines; i++) blocks.push({ kind: 'paragraph', text: `第${i}行正文内容。` });
    const docx = await buildOfficialDocument({ title: '某某镇2026年上半年工作总结', blocks, signer: '某某镇人民政府', date: '2026-07-05' });
    const pdf = await docxToPdf(docx);
    const file = path.join(dir, `${name}.pdf`);
    writeFileSync(file, pdf);
    writeFileSync(path.join(dir, `${name}.docx`), docx);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync(requireTool('pdfinfo'), [file], { encoding: 'utf8' }))?.[1]);
    // pdftotext puts spaces around runs of Latin digits; drop spaces, keep line breaks.
    const text = (page: number) =>
      execFileSync(requireTool('pdftotext'), ['-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' }).replace(/[ \t]+/g, '');
    return { file, pages, text, full };
  }

  it('needs LibreOffice', () => {
    expect(sofficePath(), 'LibreOffice (soffice) is required for the document render tests; CI installs libreoffice-writer-nogui').not.toBeNull();
  });

  it('sets 22 lines a page and 28 characters a line', { timeout: 120_000 }, async () => {
    // 61 body lines: 1 + 1 + 61 + 3 = 66 lines = exactly 3 full pages.
    const three = await render(61, 'lines-66');
    expect(three.pages).toBe(3);
    // One line more: 67 lines, the date moves to a 4th page (and the signer with it).
    const four = await render(62, 'lines-67');
    expect(four.pages).toBe(4);

    const page1 = three.text(1);
    expect(page1).toContain('某某镇2026年上半年工作总结');
    expect(page1).toContain('上半年共召开专题会议7次。');
    // Page 1 holds title, blank and body lines 1–20.
    expect(page1).toContain('第20行');
    expect(page1).not.toContain('第21行');
    expect(three.text(2)).toContain('第21行');
    expect(three.text(2)).toContain('第42行');
    expect(three.text(2)).not.toContain('第43行');
    // 28 characters a line: the 56-character paragraph breaks after its 28th character.
    const lines = page1.split('\n').map((l) => l.trim());
    expect(lines).toContain(three.full.slice(0, 28));
    expect(lines).toContain(three.full.slice(28));
    expect(three.text(3)).toContain('2026年7月5日');
  });

  it('puts "— n —" right on odd pages and left on even pages, 7 mm below the text block', { timeout: 120_000 }, async () => {
    const r = await render(61, 'numbers');
    const bbox = execFileSync(requireTool('pdftotext'), ['-bbox', r.file, '-'], { encoding: 'utf8' });
    const pages = bbox.split('<page ').slice(1);
    expect(pages).toHaveLength(3);
    const mmToPt = (mm: number) => (mm * 72) / 25.4;
    pages.forEach((page, i) => {
      const n = i + 1;
      const words = [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
        x0: Number(m[1]), y0: Number(m[2]), x1: Number(m[3]), y1: Number(m[4]), text: m[5],
      }));
      const footer = words.filter((w) => w.y0 > mmToPt(297 - 35));
      expect(footer.map((w) => w.text).join(''), `page ${n}`).toBe(`—${n}—`);
      const x0 = Math.min(...footer.map((w) => w.x0));
      const x1 = Math.max(...footer.map((w) => w.x1));
      const midY = (footer[0].y0 + footer[0].y1) / 2;
      // The dash sits about 7 mm below the text block (262 mm from the top), give or take 2 mm.
      expect(midY, `page ${n} y`).toBeGreaterThan(mmToPt(262 + 5));
      expect(midY, `page ${n} y`).toBeLessThan(mmToPt(262 + 9));
      if (n % 2 === 1) {
        // Right edge one 4号 character (14 pt) in from the text block's right edge (184 mm from the left).
        expect(x1, `page ${n} right edge`).toBeGreaterThan(mmToPt(184) - 14 - 4);
        expect(x1, `page ${n} right edge`).toBeLessThan(mmToPt(184) - 14 + 4);
      } else {
        expect(x0, `page ${n} left edge`).toBeGreaterThan(mmToPt(28) + 14 - 4);
        expect(x0, `page ${n} left edge`).toBeLessThan(mmToPt(28) + 14 + 4);
      }
    });
  });

  it('keeps a full-width comma that ends a full line, and every other comma, in the PDF', { timeout: 120_000 }, async () => {
    // LibreOffice hangs a comma that does not fit past the right margin and, in justified text, does
    // not paint it: "专题研究会议1次" ended its line and the comma after it was gone.
    const fill = '网络意识形态工作责任制落实情况良好各项工作有序推进';
    const line = (n: number) => fill.repeat(3).slice(0, n);
    const paragraphs = [
      `${line(28)}，其后的文字接在第二行。`, // 28 characters fill the line: the comma is the 29th
      `${line(25)}会议1次，培训4次，宣讲4次。`, // a number with its unit before the comma at the line end
      `${line(26)}，缩进两字后第一行满。`, // indented: 26 characters fill the first line
      `${line(27)}”，引号和逗号一起落在行末。`,
    ];
    const blocks: Block[] = paragraphs.map((text, i) => ({ kind: 'paragraph', text, indent: i === 2 }));
    const docx = await buildOfficialDocument({ title: '某某镇2026年工作总结', blocks, signer: '某某镇人民政府', date: '2026-12-31' });
    const file = path.join(dir, 'commas.pdf');
    writeFileSync(file, await docxToPdf(docx));
    const pdfText = execFileSync(requireTool('pdftotext'), [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    const docxText = docxBodyText(docx).replace(/\s+/g, '');
    const commas = (t: string) => [...t].filter((c) => c === '，').length;
    expect(commas(docxText)).toBe(5);
    expect(commas(pdfText)).toBe(commas(docxText));
    for (const p of paragraphs) expect(pdfText).toContain(p);
  });

  it('centres the title', { timeout: 120_000 }, async () => {
    const docx = await buildOfficialDocument({ title: '某某镇2026年工作总结', blocks: [{ kind: 'paragraph', text: '正文。' }], signer: '某某镇人民政府', date: '2026-12-31' });
    const file = path.join(dir, 'title.pdf');
    writeFileSync(file, await docxToPdf(docx));
    const bbox = execFileSync(requireTool('pdftotext'), ['-bbox', '-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
    const words = [...bbox.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
      x0: Number(m[1]), y0: Number(m[2]), x1: Number(m[3]), text: m[5],
    }));
    const firstLine = words.filter((w) => Math.abs(w.y0 - words[0].y0) < 2);
    expect(firstLine.map((w) => w.text).join('')).toBe('某某镇2026年工作总结');
    const mmToPt = (mm: number) => (mm * 72) / 25.4;
    const x0 = Math.min(...firstLine.map((w) => w.x0));
    const x1 = Math.max(...firstLine.map((w) => w.x1));
    // The middle of the text block: 28 mm + 156 mm / 2 from the left edge, give or take 2 mm.
    expect((x0 + x1) / 2).toBeGreaterThan(mmToPt(106 - 2));
    expect((x0 + x1) / 2).toBeLessThan(mmToPt(106 + 2));
    // In 2号 (22 pt), not the 16 pt of body text: 8 Chinese characters and 4 digits are wider than 150 pt.
    expect(x1 - x0).toBeGreaterThan(150);
  });

  it('renders page 1 of a full document to an image', { timeout: 120_000 }, async () => {
    const files = await sampleDocument();
    expect(files.size).toBeGreaterThan(0);
    const docx = await buildOfficialDocument({
      title: LONG_TITLE,
      recipient: '县委网信办',
      blocks: [
        { kind: 'heading', level: 1, text: '基本情况' },
        { kind: 'paragraph', text: '上半年共召开专题会议7次，开展中心组学习12次，受理舆情与诉求45件，办结43件，办结率95.6%。' },
        { kind: 'heading', level: 2, text: '组织领导。', rest: '调整领导小组，明确第一责任人和直接责任人。' },
      ],
      signer: '中共某某镇委员会',
      date: '2026-07-05',
    });
    const pdf = path.join(dir, 'full.pdf');
    writeFileSync(pdf, await docxToPdf(docx));
    const text = execFileSync(requireTool('pdftotext'), ['-f', '1', '-l', '1', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain(LONG_TITLE);
    expect(text).toContain('办结率95.6%');
    execFileSync(requireTool('pdftoppm'), ['-r', '60', '-png', '-f', '1', '-l', '1', pdf, path.join(dir, 'page')]);
    const png = readFileSync(path.join(dir, 'page-1.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(10_000);
  });
});
