/**
 * The starter set of proofreading rules every unit gets: commonly misused characters in set
 * phrases, wording the public style guidance asks for, and names of bodies that were renamed
 * or merged in the 2018 reform of State Council bodies. Each carries its own examples; a unit
 * test runs them, as saving a unit's own rule does.
 */
import type { RuleCategory, RuleSeverity } from '../../../common/publishing';

export interface StarterRule {
  key: string;
  kind: 'literal' | 'regex';
  pattern: string;
  correct: string;
  category: RuleCategory;
  severity: RuleSeverity;
  note: string | null;
  mustMatch: string[];
  mustNotMatch: string[];
}

const typo = (key: string, pattern: string, correct: string, ok: string, bad: string): StarterRule => ({
  key, kind: 'literal', pattern, correct, category: 'typo', severity: 'normal', note: `成语、固定词语用字：应为“${correct}”`, mustMatch: [bad], mustNotMatch: [ok],
});
const renamed = (key: string, pattern: string, correct: string, note: string, bad: string, ok: string): StarterRule => ({
  key, kind: 'literal', pattern, correct, category: 'outdated', severity: 'serious', note, mustMatch: [bad], mustNotMatch: [ok],
});

export const STARTER_RULES: StarterRule[] = [
  typo('zaijiezaili', '再接再励', '再接再厉', '希望大家再接再厉。', '希望大家再接再励。'),
  typo('yichoumozhan', '一愁莫展', '一筹莫展', '面对难题不能一筹莫展。', '面对难题不能一愁莫展。'),
  typo('zoutouwulu', '走头无路', '走投无路', '不能让群众走投无路。', '不能让群众走头无路。'),
  typo('moshouchenggui', '默守成规', '墨守成规', '工作不能墨守成规。', '工作不能默守成规。'),
  typo('chuanliubuxi', '穿流不息', '川流不息', '节日期间游客川流不息。', '节日期间游客穿流不息。'),
  typo('shengmingqueqi', '声名雀起', '声名鹊起', '该村因民宿声名鹊起。', '该村因民宿声名雀起。'),
  typo('bujingerzou', '不径而走', '不胫而走', '谣言不胫而走。', '谣言不径而走。'),
  typo('bianbenjiali', '变本加利', '变本加厉', '个别问题变本加厉。', '个别问题变本加利。'),
  typo('chuqibuyi', '出奇不意', '出其不意', '检查组出其不意。', '检查组出奇不意。'),
  typo('chongdaofuzhe', '重蹈复辙', '重蹈覆辙', '坚决防止重蹈覆辙。', '坚决防止重蹈复辙。'),
  typo('anbujiuban', '按部就搬', '按部就班', '各项工作按部就班推进。', '各项工作按部就搬推进。'),
  typo('tigangqieling', '提纲携领', '提纲挈领', '讲话提纲挈领。', '讲话提纲携领。'),
  typo('jingbingjianzheng', '精兵减政', '精兵简政', '推进精兵简政。', '推进精兵减政。'),
  typo('zhenbianshibi', '针贬时弊', '针砭时弊', '文章针砭时弊。', '文章针贬时弊。'),
  typo('burongzhiyi', '不容质疑', '不容置疑', '事实不容置疑。', '事实不容质疑。'),
  typo('pobujidai', '迫不急待', '迫不及待', '大家迫不及待地参观。', '大家迫不急待地参观。'),
  typo('anzhuang', '按装', '安装', '为村委会安装宣传栏。', '为村委会按装宣传栏。'),
  typo('jishi', '既使', '即使', '即使遇到困难也要完成。', '既使遇到困难也要完成。'),
  {
    key: 'jiezhi', kind: 'literal', pattern: '截止目前', correct: '截至目前', category: 'standard', severity: 'normal',
    note: '“截至”后接时间点；“截止”表示到时停止，不接宾语', mustMatch: ['截止目前，已完成80%。'], mustNotMatch: ['截至目前，已完成80%。', '报名截止日期为5月1日。'],
  },
  {
    key: 'hao_ri', kind: 'regex', pattern: '(\\d{1,2})月(\\d{1,2})号', correct: '$1月$2日', category: 'standard', severity: 'normal',
    note: '公文和信息中日期写“日”，不写“号”', mustMatch: ['会议定于5月12号召开。', '会议定于５月１２號召开。'], mustNotMatch: ['会议定于5月12日召开。', '3号楼5月12日开放。'],
  },
  {
    key: 'taiwan_leader', kind: 'literal', pattern: '台湾总统', correct: '台湾地区领导人', category: 'standard', severity: 'serious',
    note: '对台湾地区政权机构和职务的称谓须规范', mustMatch: ['台湾总统发表讲话'], mustNotMatch: ['台湾地区领导人发表讲话'],
  },
  {
    key: 'mainland_hk', kind: 'regex', pattern: '大陆(与|和)(香港|澳门)', correct: '内地$1$2', category: 'standard', severity: 'serious',
    note: '与香港、澳门并提时称“内地”，不称“大陆”', mustMatch: ['大陆与香港的交流', '大陆和澳门'], mustNotMatch: ['内地与香港的交流', '大陆与台湾'],
  },
  renamed('sa', '国家旅游局', '文化和旅游部', '2018年国务院机构改革组建文化和旅游部，不再保留国家旅游局', '经国家旅游局批准', '经文化和旅游部批准'),
  renamed('nhfpc', '国家卫生和计划生育委员会', '国家卫生健康委员会', '2018年组建国家卫生健康委员会', '国家卫生和计划生育委员会发布通知', '国家卫生健康委员会发布通知'),
  renamed('nhfpc_short', '国家卫计委', '国家卫生健康委员会', '2018年组建国家卫生健康委员会(简称国家卫生健康委)', '国家卫计委发布通知', '国家卫生健康委发布通知'),
  renamed('saic', '国家工商行政管理总局', '国家市场监督管理总局', '2018年组建国家市场监督管理总局', '国家工商行政管理总局规定', '国家市场监督管理总局规定'),
  renamed('aqsiq', '国家质量监督检验检疫总局', '国家市场监督管理总局', '2018年组建国家市场监督管理总局', '国家质量监督检验检疫总局通报', '国家市场监督管理总局通报'),
  renamed('sawss', '国家安全生产监督管理总局', '应急管理部', '2018年组建应急管理部', '国家安全生产监督管理总局部署', '应急管理部部署'),
  renamed('mlr', '国土资源部', '自然资源部', '2018年组建自然资源部，不再保留国土资源部', '国土资源部门户网站', '自然资源部门户网站'),
  renamed('mep', '环境保护部', '生态环境部', '2018年组建生态环境部，不再保留环境保护部', '环境保护部发布', '生态环境部发布'),
  {
    key: 'moa', kind: 'regex', pattern: '农业部(?!门)', correct: '农业农村部', category: 'outdated', severity: 'serious',
    note: '2018年组建农业农村部，不再保留农业部；“农业部门”不在此列', mustMatch: ['农业部印发通知'], mustNotMatch: ['农业农村部印发通知', '各级农业部门'],
  },
];
