/**
 * Generated Chinese reports for the case benchmarks: distinct reports built from slots (place,
 * thing, problem, how long, effect, plea), many of which share topic words, and second reports
 * of the same thing made the way a second reporter or a copy-paste makes them (Traditional
 * characters, full-width forms, a prefix, a dropped clause, an added plea). Deterministic.
 */
import * as OpenCC from 'opencc-js';
import { BASES } from '../test/fixtures/near-duplicates';

export function rng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    // the high bits of an LCG are the good ones
    return Math.floor((s / 0x1_0000_0000) * n);
  };
}

export const TOWNS = [
  '城关镇', '东山镇', '西河乡', '南湖街道', '北岭镇', '青石乡', '金塘镇', '柳林镇', '白沙乡', '龙泉镇', '桃园乡', '新华街道',
  '朝阳街道', '文昌街道', '杨庄镇', '岩口乡', '银湾镇', '石门乡', '红星镇', '双河镇', '马店乡', '高坪镇', '三江镇', '平安乡',
];
export const VILLAGES = [
  '石门村', '上河村', '下河村', '竹园村', '新塘村', '白沙村', '柳林村', '龙泉村', '桃园村', '岩口村', '银湾村', '杨庄村',
  '湖滨社区', '城西社区', '南街社区', '朝阳社区', '文昌社区', '新华社区', '光明村', '团结村', '和平村', '幸福村', '丰收村', '向阳村',
  '长岭村', '大湾村', '枫林村', '松树村', '李家村', '王家村', '张家湾村', '陈家坝村',
];
const SPOTS = ['村口', '主干道旁', '小学门口', '菜市场边', '卫生室旁', '村委会前', '桥头', '广场', '老街', '安置小区', '河边', '加油站附近'];
/** [thing, problem] — the same things recur with different problems, so distinct reports share topic words. */
const TOPICS: [string, string][] = [
  ['自来水', '发黄浑浊有沉淀'], ['自来水', '停水多日无人通知'], ['自来水管道', '冬天冻裂漏水'], ['供水', '水压太低楼上没水'],
  ['垃圾站', '多日没有清运气味很大'], ['垃圾桶', '数量太少垃圾堆在路边'], ['生活垃圾', '被倒进河道'], ['垃圾清运车', '清晨作业噪音很大'],
  ['路灯', '晚上不亮'], ['道路', '坑洼积水车辆难行'], ['通村公路', '出现塌方路面开裂'], ['桥梁护栏', '断裂没有修复'],
  ['红绿灯', '坏了没人修'], ['公交车', '经常晚点'], ['渣土车', '超载超速扬尘很大'], ['电动车', '在楼道充电有火灾隐患'],
  ['养殖场', '排污流进小河'], ['砂石厂', '粉尘污染严重'], ['工地', '夜间施工噪音扰民'], ['餐馆油烟', '直排影响居民'],
  ['低保名单', '公示时间太短'], ['土地流转款', '发放延迟半年'], ['危房改造补助', '迟迟没有到位'], ['医保报销', '窗口排队太久'],
  ['卫生院', '夜间没有值班医生'], ['学校食堂', '饭菜价格偏高'], ['课后服务', '收费项目不清楚'], ['校车', '超员运行'],
  ['不动产登记', '网上预约总是约不到'], ['社保窗口', '午休时间不办业务'], ['电梯加装', '签字两年仍未开工'], ['物业', '把绿化带改成停车位'],
  ['预付卡', '商家关门余额无法退还'], ['农贸市场', '缺斤短两'], ['停车场', '收费标准不公示'], ['出租车', '拒载绕路'],
  ['集体资产', '账目不公开'], ['征地补偿', '标准没有公开'], ['防汛物资', '储备不足'], ['河道', '水葫芦堵塞'],
];
const DURATIONS = ['已经三天了', '已经一个星期', '持续半个多月', '一个多月没有解决', '今年以来反复出现', '多次反映未解决', '从上周开始', '近两个月'];
const EFFECTS = [
  '村民出行很不方便', '老人孩子存在安全隐患', '影响周边居民正常生活', '群众意见很大', '下游农田受到影响', '上班族经常迟到',
  '学生上下学很危险', '晚上无法休息', '商户生意受到影响', '已经发生过事故',
];
const PLEAS = ['请尽快处理', '希望有关部门重视', '恳请领导过问', '请相关部门调查处理', '希望给个答复', '请尽快维修', '要求公开说明', '急盼解决'];

export interface Report {
  title: string;
  content: string;
}

/** A distinct report: every slot drawn afresh (about 10^9 combinations). */
export function original(rand: (n: number) => number): Report {
  if (rand(10) === 0) {
    // one of the hand-written reports of the labelled set, moved to another place
    const base = BASES[rand(BASES.length)];
    const town = TOWNS[rand(TOWNS.length)];
    return { title: `${town}群众反映：${base.slice(0, 16)}`, content: `${town}${VILLAGES[rand(VILLAGES.length)]}群众反映，${base}` };
  }
  const town = TOWNS[rand(TOWNS.length)];
  const village = VILLAGES[rand(VILLAGES.length)];
  const [thing, problem] = TOPICS[rand(TOPICS.length)];
  const spot = SPOTS[rand(SPOTS.length)];
  const content = `${town}${village}${spot}的${thing}${problem}，${DURATIONS[rand(DURATIONS.length)]}，${EFFECTS[rand(EFFECTS.length)]}，${PLEAS[rand(PLEAS.length)]}。`;
  return { title: `${town}${village}${thing}${problem}`.slice(0, 40), content };
}

const toHk = OpenCC.Converter({ from: 'cn', to: 'hk' });
const toTw = OpenCC.Converter({ from: 'cn', to: 'twp' });

function fullWidth(s: string): string {
  return s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/，/g, ', ').replace(/。/g, '. ');
}

/** A second report of the same thing. */
export function variant(r: Report, rand: (n: number) => number): Report {
  const clauses = r.content.split('，');
  switch (rand(8)) {
    case 0: return { title: toHk(r.title), content: toHk(r.content) };
    case 1: return { title: toTw(r.title), content: toTw(r.content) };
    case 2: return { title: r.title, content: fullWidth(r.content) };
    case 3: return { title: `网友反映：${r.title}`, content: `网友反映：${r.content}` };
    case 4: return { title: r.title, content: `${r.content}急盼解决！` };
    case 5: return { title: r.title, content: clauses.length > 2 ? [...clauses.slice(0, -2), clauses.at(-1)].join('，') : `${r.content}谢谢` };
    case 6: return { title: r.title, content: r.content.replace(/请|希望|恳请/, '强烈要求') };
    default: return { title: toHk(r.title), content: toHk(`${r.content}多谢！`) };
  }
}
