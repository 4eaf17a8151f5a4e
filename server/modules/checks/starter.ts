/**
 * The starter framework netduty ships: a county's 网络意识形态工作责任制落实情况考核细则 for its
 * townships and bureaus, 100 points in five parts, with every item that an indicator of the
 * installed modules can answer bound to it. Items whose indicator is not installed are kept
 * unbound (answered by hand), so the starter stays valid whichever modules run.
 */
import type { CheckItem, CheckSection, FrameworkContent } from '../../../common/checks';
import { indicatorViews } from './indicators';

type Draft = Omit<CheckItem, 'kinds' | 'evidence'> & { kinds?: CheckItem['kinds']; evidence?: string };

const pf = (key: string, text: string, points: number, evidence: string, bind?: { indicator: string; comparator: '>=' | '<='; threshold: number }): Draft =>
  ({ key, text, kind: 'normal', points, scoring: 'pass_fail', evidence, ...(bind ?? {}) });

const SECTIONS: { key: string; title: string; items: Draft[] }[] = [
  {
    key: 's1', title: '组织领导', items: [
      pf('a01', '成立网络意识形态工作领导小组，主要负责同志任组长，成员调整及时', 4, '成立或调整领导小组的文件', { indicator: 'leading_group.complete', comparator: '>=', threshold: 1 }),
      pf('a02', '党委(党组)每年专题研究网络意识形态工作不少于2次', 6, '会议记录、纪要', { indicator: 'ledger.special_meetings', comparator: '>=', threshold: 2 }),
      pf('a03', '制定年度网络意识形态工作要点或工作方案', 4, '年度工作方案'),
      pf('a04', '明确分管领导和具体工作人员，联络员队伍健全', 3, '分工文件、联络员名单'),
      pf('a05', '逐级签订网络意识形态工作责任书', 4, '责任书', { indicator: 'duty.signing_rate', comparator: '>=', threshold: 1 }),
    ],
  },
  {
    key: 's2', title: '学习教育', items: [
      pf('b01', '党委(党组)理论学习中心组及集中学习全年不少于4次', 5, '学习记录、签到表', { indicator: 'ledger.study_sessions', comparator: '>=', threshold: 4 }),
      pf('b02', '专题学习网络意识形态工作相关内容全年不少于2次', 5, '学习记录、研讨材料', { indicator: 'ledger.study_sessions_on_topic', comparator: '>=', threshold: 2 }),
      pf('b03', '组织干部职工参加网络素养、网络安全培训', 4, '培训通知、签到表、照片', { indicator: 'ledger.trainings', comparator: '>=', threshold: 1 }),
      pf('b04', '开展网络舆情应急处置演练', 3, '演练方案、总结、照片', { indicator: 'ledger.drills', comparator: '>=', threshold: 1 }),
    ],
  },
  {
    key: 's3', title: '阵地管理与任务落实', items: [
      pf('c01', '本单位网站、政务新媒体账号底数清楚，登记备案完整', 4, '阵地台账'),
      pf('c02', '信息发布坚持先审后发，落实“三审三校”制度', 4, '审核记录'),
      pf('c03', '每月按时报送网络意识形态工作情况(含零报告)', 5, '报送记录', { indicator: 'reporting.on_time_rate', comparator: '>=', threshold: 1 }),
      { key: 'c04', text: '上级交办任务按期办结，逾期未完成的每项扣1分，最多扣5分', kind: 'normal', points: 5, scoring: 'deduction', perOccurrence: 1, cap: 5, evidence: '任务台账', indicator: 'tasks.overdue', comparator: '<=', threshold: 0 },
      {
        key: 'c05', text: '任务按期完成率', kind: 'normal', points: 4, scoring: 'graded', evidence: '任务台账', indicator: 'tasks.on_time_rate',
        grades: [{ label: '好', points: 4, min: 0.95 }, { label: '较好', points: 3, min: 0.85 }, { label: '一般', points: 2, min: 0.7 }, { label: '差', points: 0, min: 0 }],
      },
    ],
  },
  {
    key: 's4', title: '舆情处置与风险防范', items: [
      pf('d01', '涉本单位网络舆情和群众诉求全部办结', 6, '舆情处置台账', { indicator: 'cases.closure_rate', comparator: '>=', threshold: 1 }),
      {
        key: 'd02', text: '舆情诉求按时办结率', kind: 'normal', points: 5, scoring: 'graded', evidence: '舆情处置台账', indicator: 'cases.on_time_rate',
        grades: [{ label: '好', points: 5, min: 0.95 }, { label: '较好', points: 4, min: 0.85 }, { label: '一般', points: 2, min: 0.7 }, { label: '差', points: 0, min: 0 }],
      },
      pf('d03', '重大决策出台前开展网络舆情风险评估', 4, '风险评估报告'),
      pf('d04', '风险点定期复核，全年不少于1次', 4, '风险点台账、复核记录', { indicator: 'risks.reviews', comparator: '>=', threshold: 1 }),
      pf('d05', '较大以上舆情按规定时限向上级直报', 4, '直报记录', { indicator: 'cases.direct_report_on_time_rate', comparator: '>=', threshold: 1 }),
    ],
  },
  {
    key: 's5', title: '督查整改与责任追究', items: [
      { key: 'e01', text: '上级督查、考核发现的问题按期整改销号，未销号的每项扣1分，最多扣4分', kind: 'normal', points: 4, scoring: 'deduction', perOccurrence: 1, cap: 4, evidence: '整改台账', indicator: 'rectification.open', comparator: '<=', threshold: 0 },
      pf('e02', '开展网络意识形态工作自查并形成自查报告', 4, '自查报告'),
      pf('e03', '对履职不力的严格落实问责', 3, '问责决定'),
      pf('e04', '按要求建立健全工作台账，资料归档规范', 6, '工作台账'),
      { key: 'e05', text: '工作经验做法被上级推广或获表彰的，每次加1分，最多加2分', kind: 'bonus', points: 2, scoring: 'deduction', perOccurrence: 1, cap: 2, evidence: '推广、表彰文件' },
      { key: 'e06', text: '发生因工作失职造成重大负面舆情或严重后果的，实行一票否决', kind: 'veto', points: 0, scoring: 'pass_fail', evidence: '相关处理文件' },
    ],
  },
];

/** The starter content; items bound to an indicator that is not installed are kept, unbound. */
export function starterContent(): FrameworkContent {
  const installed = new Set(indicatorViews().map((i) => i.key));
  const sections: CheckSection[] = SECTIONS.map((s) => ({
    key: s.key, title: s.title,
    items: s.items.map((d) => {
      const it: CheckItem = { kinds: [], evidence: '', ...d } as CheckItem;
      if (it.indicator && !installed.has(it.indicator)) return { ...it, indicator: null, comparator: null, threshold: null, grades: it.grades?.map((g) => ({ label: g.label, points: g.points })) };
      return it;
    }),
  }));
  return { sections };
}

export const STARTER_TOTAL = 100;
export const starterName = (year: number) => `${year}年度网络意识形态工作责任制落实情况考核细则`;
