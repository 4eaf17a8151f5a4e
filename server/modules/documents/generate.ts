import type { DocContent, DocType } from '../../../common/documents';
import { type GenContext, runGenerator } from '../../documents/content';
import { generatorOf } from '../../platform/modules';
import { DEFAULT_MASTHEAD, settingsOf, superiorOffice } from './settings';

/**
 * Generates a document of a type with the generator the modules contributed for it, then applies
 * the unit's document settings: its handling mark, and for a briefing its 报头, 编发单位 and 报送范围
 * (the superior's office unless the unit set its own). The 期号 is the draft's (service.ts).
 */
export async function generate(type: DocType, ctx: GenContext): Promise<DocContent> {
  const content = await runGenerator(generatorOf(type), ctx);
  const s = await settingsOf(ctx.db, ctx.unit.id);
  content.mark = s.mark;
  if (content.layout === 'briefing') {
    const distribution = s.briefDistribution || (await superiorOffice(ctx.db, ctx.unit.id));
    content.briefing = { masthead: s.briefMasthead || DEFAULT_MASTHEAD, issue: null, issuer: content.signer, distribution };
    if (!distribution) content.missing.push({ section: 'head', text: '未设置报送范围：本单位没有上级单位，可在“文稿设置”中填写，或在本文稿中填写', link: `/documents/settings?unitId=${ctx.unit.id}` });
  }
  return content;
}
