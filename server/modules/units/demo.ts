/**
 * The org module's demo data, the demo county 示例县: a realistic tree of townships, bureaus,
 * villages, communities, schools and departments; ~80 invented people with positions; the
 * leading group (领导小组) of the county and of every township; responsibility roles (第一责任人,
 * 直接责任人, 一岗双责 with the units each deputy answers for); one account per role plus a
 * township admin and staff, so a visitor can see subtree scoping. Every other module's demo data
 * builds on this tree, so it runs first (order 10).
 *
 * Every name is invented (generated from common surnames and given names, no real officials);
 * phone numbers are visibly fake (1390000xxxx). One audit row per record so the audit log
 * browser has realistic content.
 */
import type { DutyKind, GroupRole, UnitKind } from '../../../common/labels';
import type { Role } from '../../../common/roles';
import type { Database } from '../../db';
import { writeAudit } from '../../platform/audit';
import { newId, nowIso } from '../../platform/ids';
import type { DemoAccount, DemoContext } from '../../platform/modules';
import { setSetting } from '../../platform/settings';
import type { UnitRow } from './repo';
import { createRootUnit, toUnitView } from './service';

// ---------------------------------------------------------------------------------------
// The tree
// ---------------------------------------------------------------------------------------

interface Node {
  name: string;
  kind: UnitKind;
  children?: Node[];
}

const leaves = (kind: UnitKind, names: string[]): Node[] => names.map((name) => ({ name, kind }));

const COUNTY_NAME = '示例县';

const TOWNSHIPS: Node[] = [
  { name: '城关镇', kind: 'township', children: [...leaves('community', ['城东社区', '城西社区', '南街社区']), ...leaves('village', ['柳林村', '杨庄村', '河湾村'])] },
  { name: '东山镇', kind: 'township', children: leaves('village', ['东山村', '石门村', '桃园村', '白沙村', '龙泉村']) },
  { name: '西河乡', kind: 'township', children: leaves('village', ['西河村', '上河村', '下河村', '清水村']) },
  { name: '南湖街道', kind: 'township', children: leaves('community', ['湖滨社区', '新华社区', '文昌社区', '朝阳社区']) },
  { name: '北岭镇', kind: 'township', children: leaves('village', ['北岭村', '松坡村', '马家村', '黄土村', '红星村']) },
  { name: '青石乡', kind: 'township', children: leaves('village', ['青石村', '岩口村', '竹园村', '长坪村']) },
  { name: '金塘镇', kind: 'township', children: leaves('village', ['金塘村', '银湾村', '荷花村', '新塘村']) },
];

const BUREAUS: Node[] = [
  { name: '县委宣传部', kind: 'bureau', children: leaves('department', ['办公室', '宣传科', '网络宣传管理股', '文明创建科']) },
  {
    name: '县教育局', kind: 'bureau',
    children: [...leaves('school', ['县第一中学', '县第二中学', '县职业中学', '城关小学', '实验小学', '城关中心幼儿园']), ...leaves('department', ['办公室'])],
  },
  { name: '县卫生健康局', kind: 'bureau', children: leaves('department', ['办公室', '医政医管股', '县人民医院', '县中医院', '县疾病预防控制中心']) },
  { name: '县融媒体中心', kind: 'bureau', children: leaves('department', ['新闻采编部', '新媒体部', '技术保障部']) },
  { name: '县公安局', kind: 'bureau', children: leaves('department', ['办公室', '网络安全保卫大队']) },
  { name: '县文化和旅游局', kind: 'bureau', children: leaves('department', ['办公室', '文化市场科']) },
  { name: '县市场监督管理局', kind: 'bureau', children: leaves('department', ['办公室', '消费者权益保护股']) },
];

/** Title of a bureau's head (its 第一责任人). */
const BUREAU_HEAD: Record<string, string> = {
  县委宣传部: '县委宣传部常务副部长',
  县融媒体中心: '党委书记、主任',
  县公安局: '党委书记、局长',
};

// ---------------------------------------------------------------------------------------
// Invented names and fake phone numbers
// ---------------------------------------------------------------------------------------

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛段雷黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤';
const GIVEN = [
  '建国', '丽华', '志强', '秀英', '海燕', '国庆', '春梅', '晓东', '文静', '立新', '红霞', '永刚', '雪梅', '俊杰', '玉兰', '振华', '桂芳',
  '明辉', '丹丹', '德胜', '佳怡', '宏伟', '淑珍', '卫东', '小勇', '凤英', '浩然', '思远', '雅琴', '保平', '春生', '慧敏',
];

/** Deterministic invented names (every demo install looks the same), never the same name twice. */
function nameGenerator(): () => string {
  const used = new Set<string>();
  let i = 0;
  return () => {
    for (;;) {
      const name = `${SURNAMES[(i * 7) % SURNAMES.length]}${GIVEN[(i * 11) % GIVEN.length]}`;
      i++;
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
  };
}

// ---------------------------------------------------------------------------------------
// Seeding
// ---------------------------------------------------------------------------------------

interface SeededUnit {
  row: UnitRow;
  children: Map<string, SeededUnit>;
}

interface SeededPerson {
  id: string;
  name: string;
  unit: SeededUnit;
}

interface AccountPlan {
  username: string;
  role: Role;
  person: SeededPerson;
}

const GROUP_ROLE_ORDER: Record<GroupRole, number> = { leader: 0, deputy: 1, office_director: 2, member: 3 };

/** Writes the demo county's org tree, people, leading groups, responsibility roles and accounts. */
export async function seedOrgDemo(trx: Database, demo: DemoContext): Promise<void> {
  const { ctx, passwordHash } = demo;
  const now = nowIso();
  const nextName = nameGenerator();
  let phoneSeq = 0;

  async function addUnit(parent: SeededUnit, node: Node, sortOrder: number): Promise<SeededUnit> {
    const id = newId();
    const row: UnitRow = {
      id, parent_id: parent.row.id, path: `${parent.row.path}${id}/`, depth: parent.row.depth + 1, name: node.name,
      kind: node.kind, code: null, sort_order: sortOrder, archived_at: null, version: 0, created_at: now, updated_at: now,
    };
    await trx.insertInto('units').values(row).execute();
    await writeAudit(trx, ctx, { action: 'create', entity: 'unit', entityId: id, unitPath: row.path, after: toUnitView(row) });
    const seeded: SeededUnit = { row, children: new Map() };
    parent.children.set(node.name, seeded);
    for (const [i, child] of (node.children ?? []).entries()) await addUnit(seeded, child, i + 1);
    return seeded;
  }

  async function addPerson(unit: SeededUnit, position: string): Promise<SeededPerson> {
    const id = newId();
    const name = nextName();
    phoneSeq++;
    const phone = `1390000${String(phoneSeq).padStart(4, '0')}`;
    await trx.insertInto('people').values({
      id, unit_id: unit.row.id, name, position, phone, archived_at: null, version: 0, created_at: now, updated_at: now,
    }).execute();
    await writeAudit(trx, ctx, {
      action: 'create', entity: 'person', entityId: id, unitPath: unit.row.path,
      after: { id, unitId: unit.row.id, unitName: unit.row.name, name, position, phone, archived: false, version: 0, hasAccount: false },
    });
    return { id, name, unit };
  }

  /** Adds the members of one unit's 领导小组, in the order given. */
  async function addGroup(unit: SeededUnit, members: { person: SeededPerson; role: GroupRole; duties: string }[]) {
    const counters = new Map<GroupRole, number>();
    for (const m of members) {
      const n = (counters.get(m.role) ?? 0) + 1;
      counters.set(m.role, n);
      const row = {
        id: newId(), unit_id: unit.row.id, person_id: m.person.id, group_role: m.role, duties: m.duties,
        sort_order: GROUP_ROLE_ORDER[m.role] * 100 + n, archived_at: null, version: 0, created_at: now, updated_at: now,
      };
      await trx.insertInto('group_members').values(row).execute();
      await writeAudit(trx, ctx, {
        action: 'create', entity: 'group_member', entityId: row.id, unitPath: unit.row.path,
        after: { unitId: row.unit_id, personId: row.person_id, groupRole: row.group_role, duties: row.duties, archived: false },
      });
    }
  }

  async function addDuty(unit: SeededUnit, person: SeededPerson, kind: DutyKind, note: string, scope: SeededUnit[] = []) {
    const row = {
      id: newId(), unit_id: unit.row.id, person_id: person.id, kind, note, archived_at: null, version: 0, created_at: now, updated_at: now,
    };
    await trx.insertInto('duty_assignments').values(row).execute();
    const scopeUnitIds = scope.map((u) => u.row.id);
    if (scopeUnitIds.length) {
      await trx.insertInto('duty_scopes').values(scopeUnitIds.map((unit_id) => ({ assignment_id: row.id, unit_id }))).execute();
    }
    await writeAudit(trx, ctx, {
      action: 'create', entity: 'duty_assignment', entityId: row.id, unitPath: unit.row.path,
      after: { unitId: unit.row.id, personId: person.id, kind, note, scopeUnitIds },
    });
  }

  // --- Units -------------------------------------------------------------------------
  const rootRow = await createRootUnit(trx, ctx, { name: COUNTY_NAME, kind: 'county' });
  // The county's documents are issued by its 网信办, not by "示例县".
  await trx.updateTable('units').set({ office_name: `中共${COUNTY_NAME}委网信办` }).where('id', '=', rootRow.id).execute();
  const county: SeededUnit = { row: rootRow, children: new Map() };
  const townships: SeededUnit[] = [];
  for (const [i, node] of TOWNSHIPS.entries()) townships.push(await addUnit(county, node, i + 1));
  const bureaus: SeededUnit[] = [];
  for (const [i, node] of BUREAUS.entries()) bureaus.push(await addUnit(county, node, TOWNSHIPS.length + i + 1));
  const bureau = (name: string) => county.children.get(name)!;

  // --- County people ----------------------------------------------------------------
  const secretary = await addPerson(county, '县委书记');
  const countyHead = await addPerson(county, '县委副书记、县长');
  const propagandaChief = await addPerson(county, '县委常委、宣传部部长');
  const viceHead = await addPerson(county, '副县长');
  const cacDirector = await addPerson(county, '县委网信办主任');
  const countyStaff = await addPerson(county, '县委网信办网信专干');
  const inspector = await addPerson(county, '县委督查室主任');
  const sysAdmin = await addPerson(county, '县委网信办信息化科员(系统管理员)');
  // 三员: the security and the audit administrator are other people than the system administrator.
  const secAdmin = await addPerson(county, '县委网信办网络安全科员(安全管理员)');
  const auditAdmin = await addPerson(county, '县委办公室保密干部(审计管理员)');

  // --- Bureau people: the head (第一责任人 of the bureau) and the office director (联络员)
  const bureauHeads: SeededPerson[] = [];
  for (const b of bureaus) {
    const head = await addPerson(b, BUREAU_HEAD[b.row.name] ?? '党组书记、局长');
    await addPerson(b, '办公室主任、联络员');
    bureauHeads.push(head);
    await addDuty(b, head, 'primary', `对${b.row.name}网络意识形态工作负主体责任`);
  }

  // --- County leading group and responsibility roles --------------------------------
  await addGroup(county, [
    { person: secretary, role: 'leader', duties: '全面领导全县网络意识形态工作' },
    { person: countyHead, role: 'deputy', duties: '协助组长抓好政府系统网络意识形态工作' },
    { person: propagandaChief, role: 'deputy', duties: '具体负责全县网络意识形态工作的统筹协调' },
    { person: cacDirector, role: 'office_director', duties: '负责领导小组办公室日常工作' },
    { person: viceHead, role: 'member', duties: '抓好分管领域网络意识形态工作' },
    ...bureauHeads.map((p) => ({ person: p, role: 'member' as const, duties: `负责${p.unit.row.name}网络意识形态工作` })),
  ]);
  await addDuty(county, secretary, 'primary', '对全县网络意识形态工作负总责，重要工作亲自部署、重要问题亲自过问');
  await addDuty(county, propagandaChief, 'direct', '协助第一责任人抓好统筹协调、督促落实');
  await addDuty(county, countyHead, 'dual_duty', '抓好分管部门的网络意识形态工作', [bureau('县公安局'), bureau('县市场监督管理局')]);
  await addDuty(county, propagandaChief, 'dual_duty', '抓好分管部门的网络意识形态工作', [bureau('县委宣传部'), bureau('县融媒体中心'), bureau('县文化和旅游局')]);
  await addDuty(county, viceHead, 'dual_duty', '抓好分管部门的网络意识形态工作', [bureau('县教育局'), bureau('县卫生健康局')]);

  // --- Townships: people, leading group, responsibility roles -----------------------
  const accountsAt = new Map<string, SeededPerson>();
  for (const t of townships) {
    const name = t.row.name;
    const street = name.endsWith('街道');
    const secretaryTitle = street ? '街道党工委书记' : '党委书记';
    const headTitle = street ? '街道办事处主任' : name.endsWith('乡') ? '乡长' : '镇长';
    const memberTitle = street ? '党工委委员、宣传委员' : '党委委员、宣传委员';
    const tSecretary = await addPerson(t, secretaryTitle);
    const tHead = await addPerson(t, headTitle);
    const tPropaganda = await addPerson(t, memberTitle);
    const tStaff = await addPerson(t, '网信专干');
    // 城关镇 has a 党政办 director who runs the system for the township (demo account cg_admin).
    const tOffice = name === '城关镇' ? await addPerson(t, '党政办主任') : null;
    const localPeople: SeededPerson[] = [];
    for (const v of t.children.values()) {
      const community = v.row.kind === 'community';
      localPeople.push(await addPerson(v, community ? '社区党委书记、联络员' : '村党支部书记、联络员'));
    }
    if (name === '城关镇') {
      accountsAt.set('cg_admin', tOffice!);
      accountsAt.set('cg_staff', tStaff);
      accountsAt.set('liaison', localPeople.find((p) => p.unit.row.name === '柳林村')!);
    }

    await addGroup(t, [
      { person: tSecretary, role: 'leader', duties: `全面领导${name}网络意识形态工作` },
      { person: tHead, role: 'deputy', duties: '协助组长抓好分管领域网络意识形态工作' },
      { person: tPropaganda, role: 'deputy', duties: '具体负责日常工作的统筹协调和督促落实' },
      { person: tStaff, role: 'office_director', duties: '负责领导小组办公室日常工作和信息报送' },
      ...(tOffice ? [{ person: tOffice, role: 'member' as const, duties: '负责综合协调和系统管理' }] : []),
      ...localPeople.map((p) => ({
        person: p, role: 'member' as const,
        duties: `负责${p.unit.row.name}网络意识形态工作和信息报送`,
      })),
    ]);

    const locals = [...t.children.values()];
    const half = Math.ceil(locals.length / 2);
    await addDuty(t, tSecretary, 'primary', `对${name}网络意识形态工作负总责`);
    await addDuty(t, tPropaganda, 'direct', '协助第一责任人抓好日常工作，督促各村(社区)落实');
    await addDuty(t, tHead, 'dual_duty', '抓好联系村(社区)的网络意识形态工作', locals.slice(0, half));
    await addDuty(t, tPropaganda, 'dual_duty', '抓好联系村(社区)的网络意识形态工作', locals.slice(half));
  }

  // --- Accounts ---------------------------------------------------------------------
  const plans: AccountPlan[] = [
    { username: 'admin', role: 'admin', person: sysAdmin },
    { username: 'secadmin', role: 'secadmin', person: secAdmin },
    { username: 'auditor', role: 'auditadmin', person: auditAdmin },
    { username: 'leader', role: 'leader', person: secretary },
    { username: 'staff', role: 'staff', person: countyStaff },
    { username: 'inspector', role: 'inspector', person: inspector },
    { username: 'cg_admin', role: 'admin', person: accountsAt.get('cg_admin')! },
    { username: 'cg_staff', role: 'staff', person: accountsAt.get('cg_staff')! },
    { username: 'liaison', role: 'liaison', person: accountsAt.get('liaison')! },
  ];
  const demoAccounts: DemoAccount[] = [];
  for (const p of plans) {
    const unit = p.person.unit.row;
    const id = newId();
    await trx.insertInto('accounts').values({
      id, username: p.username, password_hash: passwordHash, display_name: p.person.name, role: p.role,
      unit_id: unit.id, person_id: p.person.id, disabled: 0, locked_until: null, last_login_at: null,
      password_changed_at: now, version: 0, created_at: now, updated_at: now,
    }).execute();
    await writeAudit(trx, ctx, {
      action: 'create', entity: 'account', entityId: id, unitPath: unit.path,
      after: {
        id, username: p.username, displayName: p.person.name, role: p.role, unitId: unit.id, unitName: unit.name,
        personId: p.person.id, disabled: false, version: 0,
      },
    });
    demoAccounts.push({ username: p.username, password: demo.password, role: p.role, unitName: unit.name });
  }
  // The login page lists these only because this setting exists (demo mode).
  await setSetting(trx, 'demo_accounts', demoAccounts);
}
