/**
 * A draft's content and the user's slot texts → layout blocks → .docx (GB/T 9704, layout.ts).
 * Empty slots leave nothing; a section left with nothing to say loses its heading too, so the
 * numbering (一、二、…) stays continuous and no heading stands over an empty space.
 */
import { type DocContent, type DocRun, type DocSection, HEAD_SLOTS } from '../../common/documents';
import { type Block, buildBriefing, buildOfficialDocument, type InlineRun } from './layout';

const plain = (runs: readonly DocRun[]): InlineRun[] => runs.map((r) => (typeof r === 'string' ? r : r.text));

/** Paragraphs of a slot text: one per non-blank line. */
export function slotParagraphs(text: string | undefined): string[] {
  return (text ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
}

function sectionBlocks(s: DocSection, slots: Record<string, string>): Block[] {
  const out: Block[] = [];
  for (const item of s.items) {
    switch (item.kind) {
      case 'heading':
        out.push({ kind: 'heading', level: item.level, text: item.text, ...(item.rest ? { rest: plain(item.rest) } : {}) });
        break;
      case 'paragraph':
        out.push({ kind: 'paragraph', text: plain(item.runs) });
        break;
      case 'table':
        out.push({ kind: 'table', header: item.header, rows: item.rows, widths: item.widths });
        break;
      case 'slot':
        for (const p of slotParagraphs(slots[item.key])) out.push({ kind: 'paragraph', text: p });
        break;
    }
  }
  if (!out.length) return [];
  return s.heading ? [{ kind: 'heading', level: 1, text: s.heading }, ...out] : out;
}

export function documentBlocks(content: DocContent, slots: Record<string, string>): Block[] {
  return content.sections.flatMap((s) => sectionBlocks(s, slots));
}

/** The head of a draft as printed: the user's 主送机关 and 报送范围 where given, else the generated ones. */
export function headOf(content: DocContent, slots: Record<string, string>) {
  const own = (key: string) => slotParagraphs(slots[key]).join('');
  return {
    recipient: (content.recipientEditable && own(HEAD_SLOTS.recipient)) || content.recipient,
    distribution: content.briefing ? own(HEAD_SLOTS.distribution) || content.briefing.distribution : null,
  };
}

/**
 * The .docx of a draft: signed by the unit, dated the day it is generated (official form); a
 * briefing (舆情专报) laid out with its 报头, 期号 and 报送范围 instead. `watermark`: the export's.
 */
export function draftDocx(content: DocContent, slots: Record<string, string>, day: string, o: { watermark?: string | null } = {}): Promise<Buffer> {
  const head = headOf(content, slots);
  const marks = { ...(content.mark ? { mark: content.mark } : {}), ...(o.watermark ? { watermark: o.watermark } : {}) };
  if (content.layout === 'briefing' && content.briefing) {
    const b = content.briefing;
    return buildBriefing({ masthead: b.masthead, issue: b.issue, issuer: b.issuer, date: day, title: content.title, blocks: documentBlocks(content, slots), distribution: head.distribution, ...marks });
  }
  return buildOfficialDocument({
    title: content.title,
    ...(head.recipient ? { recipient: head.recipient } : {}),
    blocks: documentBlocks(content, slots),
    signer: content.signer,
    date: day,
    ...marks,
  });
}
