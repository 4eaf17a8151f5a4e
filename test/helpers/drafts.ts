import type { DraftView } from '../../common/documents';

/** The paragraphs of a generated draft's section, as plain text, one string each (headings and slots left out). */
export const sectionParagraphs = (d: DraftView, key: string): string[] =>
  d.content.sections.filter((s) => s.key === key).flatMap((s) => s.items).flatMap((i) => (i.kind === 'paragraph' ? [i.runs.map((r) => (typeof r === 'string' ? r : r.text)).join('')] : []));
