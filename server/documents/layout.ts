/**
 * GB/T 9704-2012 page layout for every generated document — the one place where page size,
 * margins, grid, fonts, heading styles, page numbers, the signature block and the attachment note
 * are decided. Document generators describe content as `Block`s and call `buildOfficialDocument`.
 *
 * How the numbers are derived (1 mm = 1440 / 25.4 twips ≈ 56.69 twips; 1 pt = 20 twips):
 * - A4 210 × 297 mm → 11906 × 16838 twips (Word's own A4 values).
 * - Margins top 37 mm → 2098, bottom 35 mm → 1984, left (binding side) 28 mm → 1587,
 *   right 26 mm → 1474 twips. Text block 11906 − 1587 − 1474 = 8845 twips (156.0 mm) wide,
 *   16838 − 2098 − 1984 = 12756 twips (225.0 mm) high.
 * - 22 lines: line pitch ⌊12756 / 22⌋ = 579 twips (28.95 pt); 22 × 579 = 12738 fits, 580 would not.
 *   Grid paragraphs use exactly this line height, so LibreOffice and Word both set 22 lines a page.
 * - 28 characters: character pitch 8845 / 28 = 315.9 twips (15.79 pt), less than the 16 pt of a 3号
 *   character. Word would reach 28 through a linesAndChars grid with charSpace ⌊(15.7946 − 16) × 4096⌋
 *   = −842 (CHAR_SPACE below), but LibreOffice lays each character of that grid into whole cells, and
 *   a 16 pt character needs two 15.8 pt cells: 14 characters a line (checked with LibreOffice 7/24 here).
 *   So the grid is a line grid (type "lines", linePitch 579) and 3号 text is condensed by
 *   CHAR_ADJUST = ⌊315.9⌋ − 320 = −5 twips (−0.25 pt): 28 × 315 = 8820 ≤ 8845 < 29 × 315, i.e. exactly
 *   28 characters a line in Word, WPS and LibreOffice alike, from one file.
 * - Page number "— 1 —" in 4号 (14 pt = 280 twips, exact line height): GB/T puts the dash 7 mm below
 *   the text block. The dash sits at mid-height of the 14 pt line, so the line's bottom is
 *   28 mm − 7 pt above the page edge: footer distance 1587 − 140 = 1447 twips (25.5 mm).
 *   "One character in from the edge" of the text block: a 280-twip (one 4号 character) indent.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  Footer,
  Header,
  ImportedXmlComponent,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  Tab,
  TabStopType,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IFontAttributesProperties,
  type IParagraphOptions,
  type IParagraphStyleOptions,
  type ISectionOptions,
} from 'docx';
import { officialDate, type DayInput } from './dates';
import { HeadingCounter, type HeadingLevel } from './numbering';
import { textWidth, titleLines } from './title';

// ---------------------------------------------------------------------------------------------
// Numbers

const TWIPS_PER_MM = 1440 / 25.4;
export const mmToTwips = (mm: number) => Math.round(mm * TWIPS_PER_MM);

export const PAGE = { width: 11906, height: 16838 } as const;
export const MARGIN = { top: mmToTwips(37), bottom: mmToTwips(35), left: mmToTwips(28), right: mmToTwips(26) } as const;
export const TEXT_BLOCK = {
  width: PAGE.width - MARGIN.left - MARGIN.right,
  height: PAGE.height - MARGIN.top - MARGIN.bottom,
} as const;
export const LINES_PER_PAGE = 22;
export const CHARS_PER_LINE = 28;

/** Font sizes in points, by their Chinese names. */
export const SIZE_PT = { 二号: 22, 三号: 16, 四号: 14 } as const;
const BODY_PT = SIZE_PT.三号;

/** Line pitch in twips: the text block height shared by 22 lines, rounded down. */
export const LINE_PITCH = Math.floor(TEXT_BLOCK.height / LINES_PER_PAGE);
/** Character pitch in twips (not rounded): the text block width shared by 28 characters. */
export const CHAR_PITCH = TEXT_BLOCK.width / CHARS_PER_LINE;
/** What a linesAndChars docGrid's charSpace would be (character pitch minus 16 pt, in 1/4096 pt); kept for reference, not written. */
export const CHAR_SPACE = Math.floor((CHAR_PITCH / 20 - BODY_PT) * 4096);
/** Character spacing of 3号 text, in twips (twentieths of a point): see the derivation above. */
export const CHAR_ADJUST = Math.floor(CHAR_PITCH) - BODY_PT * 20;
/** Grid type written to the section: a line grid (see the derivation above for why not linesAndChars). */
export const GRID_TYPE = DocumentGridType.LINES;
/** n characters of body text, in twips (for indents, where Word's *Chars attributes are not available). */
export const chars = (n: number) => Math.round(n * CHAR_PITCH);

const PAGE_NUMBER_LINE = SIZE_PT.四号 * 20;
export const FOOTER_DISTANCE = mmToTwips(35 - 7) - PAGE_NUMBER_LINE / 2;
export const HEADER_DISTANCE = mmToTwips(15);

/** Fonts by name; they are not shipped — Word uses the reader's installed fonts. */
export const FONT = {
  body: '仿宋_GB2312',
  title: '方正小标宋简体',
  heiti: '黑体',
  kaiti: '楷体_GB2312',
  pageNumber: '宋体',
} as const;
export type FontRole = keyof typeof FONT;

/** The same font for every script slot, with the East Asian hint, so Word and LibreOffice both use it. */
export function fontAttrs(name: string): IFontAttributesProperties {
  return { ascii: name, hAnsi: name, eastAsia: name, cs: name, hint: 'eastAsia' };
}

/** Paragraph style ids. */
export const STYLE = {
  body: 'GwBody',
  title: 'GwTitle',
  recipient: 'GwRecipient',
  heading: { 1: 'GwHeading1', 2: 'GwHeading2', 3: 'GwHeading3', 4: 'GwHeading4' } as Record<HeadingLevel, string>,
  signer: 'GwSigner',
  date: 'GwDate',
  attachment: 'GwAttachment',
  table: 'GwTable',
  pageNumber: 'GwPageNumber',
} as const;

/** Fonts of the heading levels: 一、黑体; （一）楷体_GB2312; 1. and （1）仿宋_GB2312. */
export const HEADING_FONT: Record<HeadingLevel, string> = { 1: FONT.heiti, 2: FONT.kaiti, 3: FONT.body, 4: FONT.body };

/**
 * Every paragraph is made here: widow/orphan control off (styles cannot say so through docx), so
 * each page holds its full 22 lines, as typeset official documents do.
 */
function para(options: Exclude<IParagraphOptions, string>): Paragraph {
  return new Paragraph({ widowControl: false, ...options });
}

const exactLine = { line: LINE_PITCH, lineRule: LineRuleType.EXACT, before: 0, after: 0 };

// ---------------------------------------------------------------------------------------------
// Styles

/**
 * overflowPunct on, Word's own default (a closing mark at the end of a full line may hang past the
 * margin), written out because LibreOffice reads the element inverted: with it, LibreOffice hangs no
 * punctuation and moves the mark to the next line with the character before it; without it,
 * LibreOffice hangs the mark and, in justified text, does not paint it — a full-width comma at the
 * end of a line vanished from the PDF. (docx types the option for paragraphs only; styles take it.)
 */
const OVERFLOW_PUNCT: Pick<IParagraphOptions, 'overflowPunctuation'> = { overflowPunctuation: true };

function paragraphStyles(): IParagraphStyleOptions[] {
  const body = { font: fontAttrs(FONT.body), size: BODY_PT * 2, characterSpacing: CHAR_ADJUST };
  const firstLine2 = { firstLine: chars(2), firstLineChars: 200 };
  const headings = ([1, 2, 3, 4] as HeadingLevel[]).map(
    (level): IParagraphStyleOptions => ({
      id: STYLE.heading[level],
      name: `公文标题${['一', '二', '三', '四'][level - 1]}级`,
      basedOn: 'Normal',
      next: STYLE.body,
      quickFormat: true,
      run: { font: fontAttrs(HEADING_FONT[level]), size: BODY_PT * 2, characterSpacing: CHAR_ADJUST },
      paragraph: { indent: firstLine2, spacing: exactLine, outlineLevel: level - 1, keepNext: level <= 2 },
    }),
  );
  return [
    {
      id: 'Normal',
      name: 'Normal',
      quickFormat: true,
      // Simplified Chinese, so a renderer substituting a missing font picks a zh-CN face (Noto CJK SC, not JP forms).
      run: { ...body, language: { value: 'zh-CN', eastAsia: 'zh-CN' } },
      paragraph: { spacing: exactLine, alignment: AlignmentType.JUSTIFIED, ...OVERFLOW_PUNCT },
    },
    { id: STYLE.body, name: '公文正文', basedOn: 'Normal', quickFormat: true, run: body, paragraph: { indent: firstLine2, spacing: exactLine } },
    { id: STYLE.recipient, name: '公文主送机关', basedOn: 'Normal', run: body, paragraph: { alignment: AlignmentType.LEFT, spacing: exactLine } },
    ...headings,
    { id: STYLE.signer, name: '公文署名', basedOn: 'Normal', run: body, paragraph: { alignment: AlignmentType.RIGHT, spacing: exactLine, keepNext: true } },
    { id: STYLE.date, name: '公文成文日期', basedOn: 'Normal', run: body, paragraph: { alignment: AlignmentType.RIGHT, spacing: exactLine } },
    { id: STYLE.attachment, name: '公文附件说明', basedOn: 'Normal', run: body, paragraph: { alignment: AlignmentType.LEFT, spacing: exactLine } },
    {
      id: STYLE.table,
      name: '公文表格',
      basedOn: 'Normal',
      run: { font: fontAttrs(FONT.body), size: SIZE_PT.四号 * 2, characterSpacing: 0 },
      paragraph: { alignment: AlignmentType.LEFT, spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 0, after: 0 } },
    },
    {
      id: STYLE.pageNumber,
      name: '公文页码',
      basedOn: 'Normal',
      run: { font: fontAttrs(FONT.pageNumber), size: SIZE_PT.四号 * 2, characterSpacing: 0 },
      paragraph: { spacing: { line: PAGE_NUMBER_LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 } },
    },
  ];
}

/**
 * One XML element as a docx component. `ImportedXmlComponent.fromXmlString` answers the parsed
 * document, a nameless element written out as <undefined>…</undefined> around the one wanted;
 * LibreOffice skips what is inside it (the title style was lost: titles came out left-aligned).
 */
export function xmlElement(xml: string): ImportedXmlComponent {
  const parsed = ImportedXmlComponent.fromXmlString(xml) as unknown as { root: unknown[] };
  const element = parsed.root.find((c) => c instanceof ImportedXmlComponent);
  if (!(element instanceof ImportedXmlComponent) || parsed.root.length !== 1) throw new Error('xmlElement: one element expected');
  return element;
}

const escapeXml = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/**
 * The title style, written as XML because it needs the paragraph-level snapToGrid off, which docx
 * has no option for: on the line grid, LibreOffice gives a 2号 line whose font is taller than the
 * 28.95 pt pitch two grid lines despite the exact line height (Word lets the exact height win).
 * Off the grid, both set each title line exactly 579 twips, and 2号 characters keep their own width
 * (⌊8845 / 440⌋ = 20 a line).
 */
function titleStyle(): ImportedXmlComponent {
  const f = escapeXml(FONT.title);
  return xmlElement(
    `<w:style w:type="paragraph" w:styleId="${STYLE.title}"><w:name w:val="公文标题"/><w:basedOn w:val="Normal"/>` +
      `<w:next w:val="${STYLE.body}"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:snapToGrid w:val="0"/>` +
      `<w:spacing w:before="0" w:after="0" w:line="${LINE_PITCH}" w:lineRule="exact"/><w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="center"/></w:pPr>` +
      `<w:rPr><w:rFonts w:ascii="${f}" w:hAnsi="${f}" w:eastAsia="${f}" w:cs="${f}" w:hint="eastAsia"/><w:spacing w:val="0"/>` +
      `<w:sz w:val="${SIZE_PT.二号 * 2}"/><w:szCs w:val="${SIZE_PT.二号 * 2}"/></w:rPr></w:style>`,
  );
}

// ---------------------------------------------------------------------------------------------
// Content

/** A piece of text with optional emphasis; a string is plain body text. */
export type InlineRun = string | { text: string; bold?: boolean; font?: FontRole };
export type Inline = string | readonly InlineRun[];

export type Block =
  /** A numbered heading; `rest` continues the same paragraph in body font (common at levels 3 and 4). */
  | { kind: 'heading'; level: HeadingLevel; text: string; rest?: Inline }
  /** A body paragraph, first line indented two characters unless `indent` is false. */
  | { kind: 'paragraph'; text: Inline; indent?: boolean }
  /** A simple table across the text block; `widths` are relative column widths. */
  | { kind: 'table'; header?: readonly string[]; rows: readonly (readonly string[])[]; widths?: readonly number[] }
  /** One empty line. */
  | { kind: 'blank' };

/** Zero-width and unbreakable: Word and LibreOffice do not break a line at a WORD JOINER. */
export const WORD_JOINER = '\u2060';

/**
 * Chinese typesetting of running text: full-width parentheses, and a number kept on one line with
 * its decimal part, per cent sign and unit word ("7.8%", "3项", "115小时" never split at a line end).
 */
export function typeset(text: string): string {
  return text
    .replace(/\(/g, '（')
    .replace(/\)/g, '）')
    .replace(/\d+(?:\.\d+)?(?:%|‰)?(?:小时|[个项件次人天日月年名家条份篇起批处])?/g, (m) => (m.length > 1 ? [...m].join(WORD_JOINER) : m));
}

function runs(inline: Inline, font?: string): TextRun[] {
  const list: readonly InlineRun[] = typeof inline === 'string' ? [inline] : inline;
  return list.map((r) => {
    if (typeof r === 'string') return new TextRun(font ? { text: typeset(r), font: fontAttrs(font) } : { text: typeset(r) });
    const name = r.font ? FONT[r.font] : font;
    return new TextRun({ text: typeset(r.text), bold: r.bold, ...(name ? { font: fontAttrs(name) } : {}) });
  });
}

/** Keeps a paragraph whole and on the page of the next one (the last lines of text with the signature). */
const KEEP = { keepNext: true, keepLines: true } as const;

/** The title, centred, broken into lines by `titleLines` (one paragraph with line breaks). */
export function titleParagraph(title: string): Paragraph {
  const lines = titleLines(title, Math.floor(TEXT_BLOCK.width / (SIZE_PT.二号 * 20)));
  return para({
    style: STYLE.title,
    children: lines.map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : 0 })),
  });
}

export function blankLine(keep = false): Paragraph {
  return para({ style: 'Normal', ...(keep ? KEEP : {}), children: [] });
}

/** 主送机关: at the left edge, ending with a full-width colon. */
export function recipientParagraph(recipient: string): Paragraph {
  const text = /[：:]$/.test(recipient) ? recipient.replace(/:$/, '：') : `${recipient}：`;
  return para({ style: STYLE.recipient, children: [new TextRun(text)] });
}

export function headingParagraph(level: HeadingLevel, marker: string, text: string, rest?: Inline, keep = false): Paragraph {
  return para({
    style: STYLE.heading[level],
    ...(keep ? KEEP : {}),
    children: [new TextRun(marker + typeset(text)), ...(rest ? runs(rest, FONT.body) : [])],
  });
}

export function bodyParagraph(text: Inline, indent = true, keep = false): Paragraph {
  return para({
    style: STYLE.body,
    ...(indent ? {} : { indent: { firstLine: 0, firstLineChars: 0 } }),
    ...(keep ? KEEP : {}),
    children: runs(text),
  });
}

export function tableBlock(block: Extract<Block, { kind: 'table' }>): Table {
  const columns = Math.max(block.header?.length ?? 0, ...block.rows.map((r) => r.length));
  const rel = block.widths && block.widths.length === columns ? block.widths : Array<number>(columns).fill(1);
  const sum = rel.reduce((a, b) => a + b, 0);
  const widths = rel.map((w) => Math.floor((TEXT_BLOCK.width * w) / sum));
  widths[widths.length - 1] += TEXT_BLOCK.width - widths.reduce((a, b) => a + b, 0);
  const line = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const row = (cells: readonly string[], header: boolean) =>
    new TableRow({
      tableHeader: header,
      cantSplit: true,
      children: widths.map(
        (w, i) =>
          new TableCell({
            width: { size: w, type: WidthType.DXA },
            verticalAlign: VerticalAlignTable.CENTER,
            children: [
              para({
                style: STYLE.table,
                alignment: header ? AlignmentType.CENTER : AlignmentType.LEFT,
                children: [new TextRun(header ? { text: typeset(cells[i] ?? ''), font: fontAttrs(FONT.heiti) } : { text: typeset(cells[i] ?? '') })],
              }),
            ],
          }),
      ),
    });
  return new Table({
    width: { size: TEXT_BLOCK.width, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line },
    rows: [...(block.header ? [row(block.header, true)] : []), ...block.rows.map((r) => row(r, false))],
  });
}

/**
 * 附件说明: one blank line below the text, two characters in: "附件：1.名称". Further attachments
 * line up under "1."; a wrapped name lines up with the first character of the name above. Names
 * carry no trailing punctuation. A single attachment is not numbered.
 */
export function attachmentParagraphs(names: readonly string[]): Paragraph[] {
  if (!names.length) return [];
  const label = '附件：';
  const clean = names.map((n) => n.trim().replace(/[。.；;，,、]+$/u, ''));
  const numbered = clean.length > 1;
  const out: Paragraph[] = [blankLine()];
  clean.forEach((name, i) => {
    const number = numbered ? `${i + 1}.` : '';
    const nameStart = 2 + textWidth(label) + textWidth(number);
    const lineStart = i === 0 ? 2 : 2 + textWidth(label);
    out.push(
      para({
        style: STYLE.attachment,
        indent: { left: chars(nameStart), hanging: chars(nameStart - lineStart) },
        children: [new TextRun((i === 0 ? label : '') + number + name)],
      }),
    );
  });
  return out;
}

/**
 * Signing body and date without a seal (GB/T 9704 §7.3.5.3): one blank line below the text, the
 * signing body two characters from the right; the date on the next line, its first character two
 * characters right of the signing body's first; if the date is then too long, the date keeps two
 * characters from the right and the signing body moves left to keep the two-character offset.
 */
export function signatureParagraphs(signer: string, date: DayInput): Paragraph[] {
  const dateText = officialDate(date);
  const s = textWidth(signer);
  const d = textWidth(dateText);
  let signerRight = 2;
  let dateRight = s - d; // date starts two characters right of the signer's start
  if (dateRight < 2) {
    dateRight = 2;
    signerRight = 2 + d + 2 - s;
  }
  return [
    blankLine(true),
    para({ style: STYLE.signer, indent: { right: chars(signerRight) }, children: [new TextRun(signer)] }),
    para({ style: STYLE.date, indent: { right: chars(dateRight) }, children: [new TextRun(dateText)] }),
  ];
}

/**
 * Page number footers: "— n —" in 4号 宋体, odd pages right and even pages left, one character in
 * from the edge of the text block. The number is a PAGE field.
 */
export function pageNumberFooter(side: 'odd' | 'even'): Footer {
  const odd = side === 'odd';
  return new Footer({
    children: [
      para({
        style: STYLE.pageNumber,
        alignment: odd ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: odd ? { right: PAGE_NUMBER_LINE } : { left: PAGE_NUMBER_LINE },
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'] })],
      }),
    ],
  });
}

/** Page setup, grid and footers of a section. */
export function sectionSetup(): Pick<ISectionOptions, 'properties' | 'footers'> {
  return {
    properties: {
      page: {
        size: { width: PAGE.width, height: PAGE.height },
        margin: { ...MARGIN, header: HEADER_DISTANCE, footer: FOOTER_DISTANCE, gutter: 0 },
      },
      grid: { type: GRID_TYPE, linePitch: LINE_PITCH },
    },
    footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
  };
}

/**
 * Body blocks to paragraphs and tables, numbering headings as they come. `keepLast` paragraphs at
 * the end are kept whole and with what follows (GB/T 9704: the signature never stands on a page
 * without text; two paragraphs bring at least two lines with it, a one-line last paragraph too).
 */
export function renderBlocks(blocks: readonly Block[], counter = new HeadingCounter(), keepLast = 0): (Paragraph | Table)[] {
  return blocks.map((b, i) => {
    const keep = i >= blocks.length - keepLast;
    switch (b.kind) {
      case 'heading':
        return headingParagraph(b.level, counter.next(b.level), b.text, b.rest, keep);
      case 'paragraph':
        return bodyParagraph(b.text, b.indent ?? true, keep);
      case 'table':
        return tableBlock(b);
      case 'blank':
        return blankLine(keep);
    }
  });
}

/** Red of the 报头 and its rule line (GB/T 9704: 发文机关标志 and 版头分隔线 are red). */
export const RED = 'FF0000';

/**
 * A handling mark (内部资料, 注意保存) at the top left of the first page, 3号黑体, where GB/T 9704
 * puts 密级和保密期限.
 */
export function markParagraph(mark: string): Paragraph {
  return para({ style: 'Normal', alignment: AlignmentType.LEFT, children: [new TextRun({ text: mark, font: fontAttrs(FONT.heiti) })] });
}

/**
 * A watermark across every page: the text (unit, user, time of the export) set diagonally in light
 * grey behind the text block, as Word's own watermark (a VML text path in the page header, which
 * Word, WPS and LibreOffice all draw).
 */
export function watermarkHeader(text: string): Header {
  const t = escapeXml(text);
  const f = escapeXml(FONT.body);
  // Wide enough for the text at about 28 pt: text paths stretch to the shape (fitshape).
  const width = Math.min(460, Math.max(200, Math.round(textWidth(text) * 26)));
  const xml =
    '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w10="urn:schemas-microsoft-com:office:word">' +
    '<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:pict>' +
    '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" path="m@7,l@8,m@5,21600l@6,21600e">' +
    '<v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/>' +
    '<v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/>' +
    '<v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>' +
    '<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>' +
    '<v:textpath on="t" fitshape="t"/><v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles><o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>' +
    `<v:shape id="PowerPlusWaterMarkObject1" o:spid="_x0000_s2049" type="#_x0000_t136" style="position:absolute;margin-left:0;margin-top:0;width:${width}pt;height:40pt;rotation:315;z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;mso-position-vertical-relative:margin" o:allowincell="f" fillcolor="#c0c0c0" stroked="f">` +
    `<v:fill opacity=".5"/><v:textpath style="font-family:&quot;${f}&quot;;font-size:1pt" string="${t}"/><w10:wrap anchorx="margin" anchory="margin"/></v:shape>` +
    '</w:pict></w:r></w:p>';
  return new Header({ children: [xmlElement(xml) as unknown as Paragraph] });
}

/** Page setup with the watermark headers when there is one. */
function pagesOf(watermark: string | undefined): Pick<ISectionOptions, 'properties' | 'footers' | 'headers'> {
  const setup = sectionSetup();
  return watermark ? { ...setup, headers: { default: watermarkHeader(watermark), even: watermarkHeader(watermark) } } : setup;
}

export interface OfficialDocumentInput {
  title: string;
  /** Handling mark at the top left of the first page (内部资料, 注意保存). */
  mark?: string;
  /** Watermark on every page (who exported it, from which unit, when). */
  watermark?: string;
  /** 主送机关, e.g. 县委网信办; written with a full-width colon. */
  recipient?: string;
  blocks: readonly Block[];
  /** Attachment names, in order. */
  attachments?: readonly string[];
  /** 发文机关署名. */
  signer: string;
  /** 成文日期: a Shanghai day YYYY-MM-DD or an instant. */
  date: DayInput;
  /** Document properties (File → Properties). */
  creator?: string;
}

/** The document model, for callers that add parts before packing. */
export function officialDocument(input: OfficialDocumentInput): Document {
  const children: (Paragraph | Table)[] = [...(input.mark ? [markParagraph(input.mark)] : []), titleParagraph(input.title), blankLine()];
  if (input.recipient) children.push(recipientParagraph(input.recipient));
  // With no attachment note between them, the last two paragraphs of text go with the signature.
  children.push(...renderBlocks(input.blocks, undefined, input.attachments?.length ? 0 : 2));
  children.push(...attachmentParagraphs(input.attachments ?? []));
  children.push(...signatureParagraphs(input.signer, input.date));
  return documentOf(input.title, input.creator, pagesOf(input.watermark), children);
}

function documentOf(title: string, creator: string | undefined, pages: Pick<ISectionOptions, 'properties' | 'footers' | 'headers'>, children: (Paragraph | Table)[]): Document {
  return new Document({
    creator: creator ?? 'netduty',
    title,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: { document: { run: { font: fontAttrs(FONT.body), size: BODY_PT * 2, characterSpacing: CHAR_ADJUST, language: { value: 'zh-CN', eastAsia: 'zh-CN' } }, paragraph: { spacing: exactLine } } },
      paragraphStyles: paragraphStyles(),
      importedStyles: [titleStyle()],
    },
    sections: [{ ...pages, children }],
  });
}

export interface BriefingInput {
  /** 报头, printed large and red: e.g. 网信舆情专报. */
  masthead: string;
  /** 期号: 第N期; left out when the brief was never issued. */
  issue: string | null;
  /** 编发单位. */
  issuer: string;
  /** The brief's date: a Shanghai day YYYY-MM-DD or an instant. */
  date: DayInput;
  title: string;
  blocks: readonly Block[];
  /** 报送范围, at the foot between two rules; left out when none. */
  distribution: string | null;
  mark?: string;
  watermark?: string;
  creator?: string;
}

/** 小初 (36 pt): the size of a briefing's 报头. */
const MASTHEAD_PT = 36;

/**
 * A briefing (简报, 专报) rather than a letter: the 报头 in large red characters centred at the top,
 * the 期号 below it, then 编发单位 at the left and the date at the right above a red rule; the title
 * and the body; at the foot 报送范围 between two black rules. No signature: the head names the issuer.
 */
export function officialBriefing(input: BriefingInput): Document {
  const red = { style: BorderStyle.SINGLE, size: 18, color: RED, space: 4 };
  const rule = { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 2 };
  const children: (Paragraph | Table)[] = [];
  if (input.mark) children.push(markParagraph(input.mark));
  children.push(
    para({
      style: 'Normal', alignment: AlignmentType.CENTER,
      spacing: { line: LINE_PITCH * 2, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
      children: [new TextRun({ text: input.masthead, font: fontAttrs(FONT.title), size: MASTHEAD_PT * 2, color: RED, characterSpacing: 0 })],
    }),
  );
  if (input.issue) children.push(para({ style: 'Normal', alignment: AlignmentType.CENTER, children: [new TextRun(input.issue)] }));
  children.push(
    para({
      style: 'Normal', alignment: AlignmentType.LEFT,
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_BLOCK.width }],
      border: { bottom: red },
      children: [new TextRun(input.issuer), new TextRun({ children: [new Tab(), officialDate(input.date)] })],
    }),
    blankLine(),
    titleParagraph(input.title),
    blankLine(),
    ...renderBlocks(input.blocks),
  );
  if (input.distribution) {
    const label = '报送：';
    children.push(
      blankLine(true),
      para({
        style: STYLE.attachment, keepLines: true,
        indent: { left: chars(1 + textWidth(label)), hanging: chars(textWidth(label)) },
        border: { top: rule, bottom: rule },
        children: [new TextRun(label + input.distribution)],
      }),
    );
  }
  return documentOf(input.title, input.creator, pagesOf(input.watermark), children);
}

export function buildBriefing(input: BriefingInput): Promise<Buffer> {
  return Packer.toBuffer(officialBriefing(input));
}

/** A complete .docx laid out per GB/T 9704-2012. */
export function buildOfficialDocument(input: OfficialDocumentInput): Promise<Buffer> {
  return Packer.toBuffer(officialDocument(input));
}
