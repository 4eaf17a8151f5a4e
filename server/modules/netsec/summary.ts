/**
 * 工作总结's 网络安全 section: terminals by network and the measures in place, security inspections
 * with their findings and rectifications, and maintenance contracts (from the netsec figures).
 * Each figure links to its records; with nothing recorded the preview lists what to add.
 */
import type { DocRun } from '../../../common/documents';
import { NETSEC_MEASURE_LABELS, NETSEC_MEASURES } from '../../../common/netsec';
import { link, para, summarySection } from '../../documents/content';
import { netsecFigures } from './figures';

export const netsecSection = summarySection({ key: 'netsec', heading: '网络安全', order: 45 }, async (ctx, { f, r, items, missing, nextSteps, records, done }) => {
  const netsec = records('/netsec');
  const inspections = records('/activities', { period: true })({ type: 'security_inspection' });
  const nf = await netsecFigures(ctx.db, r);
  if (nf.unitsProfiled) {
    const runs: DocRun[] = ['登记内网终端', f.fig('intranet', '内网终端', nf.intranetTerminals, '台', netsec({})), '、外网终端', f.fig('internet', '外网终端', nf.internetTerminals, '台', netsec({}))];
    const inPlace = NETSEC_MEASURES.filter((m) => m !== 'other' && nf.measureUnits[m] === nf.unitsProfiled);
    if (inPlace.length) runs.push(`，${nf.unitsProfiled > 1 ? '各单位均' : ''}落实${inPlace.map((m) => NETSEC_MEASURE_LABELS[m]).join('、')}等安全措施`);
    runs.push('。');
    items.push(para(...runs));
  } else {
    missing.push({ section: 'netsec', text: '未登记网络终端和安全措施', link: netsec({}) });
  }
  if (nf.inspections) {
    const runs: DocRun[] = ['开展网络安全检查', f.fig('inspections', '网络安全检查', nf.inspections, '次', inspections)];
    const rects = link('/rectification', { unitId: ctx.unit.id, origin: 'self_check' });
    if (nf.findings) {
      runs.push('，发现问题', f.fig('findings', '网络安全检查发现的问题', nf.findings, '个', rects), '，已整改销号', f.fig('findingsClosed', '已销号的网络安全问题', nf.findingsClosed, '个', rects));
      if (nf.findings > nf.findingsClosed) nextSteps.push([{ text: `抓好网络安全检查发现的${nf.findings - nf.findingsClosed}个问题的整改。`, link: rects }]);
    } else {
      runs.push('，未发现问题');
    }
    runs.push('。');
    items.push(para(...runs));
  } else {
    missing.push({ section: 'netsec', text: '本期没有登记网络安全检查', link: inspections });
  }
  if (nf.contractsInForce) {
    items.push(para('与第三方签订运维服务合同', f.fig('contracts', '有效的运维服务合同', nf.contractsInForce, '份', netsec({})), nf.contractsExpiringSoon ? `，其中${nf.contractsExpiringSoon}份将在30天内到期` : '', '。'));
  }
  return done();
});
