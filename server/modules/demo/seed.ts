/**
 * The demo county 示例县: a realistic tree of townships, bureaus, villages, communities,
 * schools and departments, ~80 invented people, leading groups and responsibility roles,
 * and one account per role. Only `serve --demo` / `netduty demo` call this, and only on an
 * empty database. All names are invented; phone numbers are visibly fake.
 */
import type { GroupRole, UnitKind } from '../../../common/labels';
import type { Role } from '../../../common/roles';
import type { Database } from '../../db';
import { writeAudit } from '../../platform/audit';
import type { Ctx } from '../../platform/context';
import { newId, nowIso } from '../../platform/ids';
import { hashPassword } from '../../platform/passwords';
import { setSetting } from '../../platform/settings';
import { inTx } from '../../platform/tx';
import type { DemoAccount } from '../setup/service';

export const DEMO_PASSWORD = 'Demo@2026';

interface Node {
  name: string;
  kind: UnitKind;
  children?: Node[];
}

const villages = (names: string[], kind: UnitKind = 'village'): Node[] => names.map((name) => ({ name, kind }));

const TREE: Node = {
  name: '示例县',
  kind: 'county',
  children: [
    { name: '城关镇', kind: 'township', children: [...villages(['城东社区', '城西社区', '南街社区'], 'community'), ...villages(['柳林村', '杨庄村', '河湾村'])] },
    { name: '东山镇', kind: 'township', children: villages(['东山村', '石门村', '桃园村', '白沙村', '龙泉村']) },
    { name: '西河乡', kind: 'township', children: villages(['西河村', '上河村', '下河村', '清水村']) },
    { name: '南湖街道', kind: 'township', children: villages(['湖滨社区', '新华社区', '文昌社区', '朝阳社区'], 'community') },
    { name: '北岭镇', kind: 'township', children: villages(['北岭村', '松坡村', '马家村', '黄土村', '红星村']) },
    { name: '青石乡', kind: 'township', children: villages(['青石村', '岩口村', '竹园村', '长坪村']) },
    { name: '金塘镇', kind: 'township', children: villages(['金塘村', '银湾村', '荷花村', '新塘村']) },
    { name: '县委宣传部', kind: 'bureau', children: villages(['办公室', '宣传科', '网络宣传管理股', '文明创建科'], 'department') },
    { name: '县教育局', kind: 'bureau', children: [...villages(['县第一中学', '县第二中学', '城关小学', '实验小学', '县职业中学'], 'school'), ...villages(['办公室'], 'department')] },
    { name: '县卫生健康局', kind: 'bureau', children: villages(['办公室', '医政医管股', '县人民医院', '县中医院'], 'department') },
    { name: '县融媒体中心', kind: 'bureau', children: villages(['新闻采编部', '新媒体部', '技术保障部'], 'department') },
    { name: '县公安局', kind: 'bureau', children: villages(['办公室', '网络安全保卫大队'], 'department') },
    { name: '县文化和旅游局', kind: 'bureau', children: villages(['办公室', '文化市场科'], 'department') },
    { name: '县市场监督管理局', kind: 'bureau', children: villages(['办公室', '消费者权益保护股'], 'department') },
  ],
};

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤';
const GIVEN = ['建国', '丽华', '志强', '秀英', '海燕', '国庆', '春梅', '晓东', '文静', '立新', '红霞', '永刚', '雪梅', '俊杰', '玉兰', '振华', '桂芳', '明辉', '丹丹', '德胜', '佳怡', '宏伟', '淑珍', '卫东', '小勇', '凤英', '浩然', '思远', '雅琴', '保平'];

/** Deterministic invented names, so every demo install looks the same. */
function* nameGenerator() {
  let i = 0;
  for (;;) {
    yield `${SURNAMES[(i * 7) % SURNAMES.length]}${GIVEN[(i * 11) % GIVEN.length]}`;
    i++;
  }
}

interface Staffing {
  position: string;
  groupRole?: GroupRole;
  duty?: 'primary' | 'direct';
}

const COUNTY_STAFF: Staffing[] = [
  { position: '县委书记', groupRole: 'leader', duty: 'primary' },
  { position: '县委常委、宣传部部长', groupRole: 'deputy', duty: 'direct' },
  { position: '副县长' , groupRole: 'deputy' },
  { position: '县委网信办主任', groupRole: 'office_director' },
  { position: '县委办公室主任', groupRole: 'member' },
  { position: '网信专干' },
  { position: '督查室科员' },
  { position: '系统管理员' },
];
const TOWNSHIP_STAFF: Staffing[] = [
  { position: '党委书记', groupRole: 'leader', duty: 'primary' },
  { position: '宣传委员', groupRole: 'deputy', duty: 'direct' },
  { position: '党政办主任', groupRole: 'office_director' },
  { position: '网信专干', groupRole: 'member' },
];
const BUREAU_STAFF: Staffing[] = [
  { position: '党组书记、局长', groupRole: 'leader', duty: 'primary' },
  { position: '办公室主任', groupRole: 'office_director', duty: 'direct' },
];

export async function seedDemoIfEmpty(db: Database): Promise<boolean> {
  const { n } = await db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(n) > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const ctx: Ctx = { actor: null, requestId: 'demo-seed', ip: null };
  const names = nameGenerator();
  let phone = 0;

  await inTx(db, async (trx) => {
    const now = nowIso();
    const units = new Map<string, { id: string; path: string }>();
    const peopleByUnit = new Map<string, { id: string; position: string }[]>();

    async function addUnit(node: Node, parent: { id: string; path: string; depth: number } | null, sort: number) {
      const id = newId();
      const path = `${parent?.path ?? '/'}${id}/`;
      const depth = parent ? parent.depth + 1 : 0;
      await trx.insertInto('units').values({
        id, parent_id: parent?.id ?? null, path, depth, name: node.name, kind: node.kind, code: null, sort_order: sort,
        archived_at: null, version: 0, created_at: now, updated_at: now,
      }).execute();
      await writeAudit(trx, ctx, { action: 'create', entity: 'unit', entityId: id, unitPath: path, after: { name: node.name, kind: node.kind } });
      const key = parent ? `${[...units.entries()].find(([, u]) => u.id === parent.id)![0]}/${node.name}` : node.name;
      units.set(key, { id, path });
      for (const [i, child] of (node.children ?? []).entries()) await addUnit(child, { id, path, depth }, i);
    }
    await addUnit(TREE, null, 0);

    async function addPerson(unitKey: string, position: string) {
      const unit = units.get(unitKey)!;
      const id = newId();
      const name = names.next().value as string;
      phone++;
      await trx.insertInto('people').values({
        id, unit_id: unit.id, name, position, phone: `1390000${String(phone).padStart(4, '0')}`, archived_at: null,
        version: 0, created_at: now, updated_at: now,
      }).execute();
      await writeAudit(trx, ctx, { action: 'create', entity: 'person', entityId: id, unitPath: unit.path, after: { name, position } });
      const list = peopleByUnit.get(unitKey) ?? [];
      list.push({ id, position });
      peopleByUnit.set(unitKey, list);
      return id;
    }

    async function staff(unitKey: string, plan: Staffing[]) {
      const unit = units.get(unitKey)!;
      const ids: string[] = [];
      for (const s of plan) {
        const personId = await addPerson(unitKey, s.position);
        ids.push(personId);
        if (s.groupRole) {
          const id = newId();
          await trx.insertInto('group_members').values({
            id, unit_id: unit.id, person_id: personId, group_role: s.groupRole, duties: null, sort_order: 0,
            archived_at: null, version: 0, created_at: now, updated_at: now,
          }).execute();
          await writeAudit(trx, ctx, { action: 'create', entity: 'group_member', entityId: id, unitPath: unit.path, after: { personId, groupRole: s.groupRole } });
        }
        if (s.duty) await addDuty(unitKey, personId, s.duty, []);
      }
      return ids;
    }

    async function addDuty(unitKey: string, personId: string, kind: string, scopeKeys: string[]) {
      const unit = units.get(unitKey)!;
      const id = newId();
      await trx.insertInto('duty_assignments').values({
        id, unit_id: unit.id, person_id: personId, kind, note: null, archived_at: null, version: 0, created_at: now, updated_at: now,
      }).execute();
      const scopeIds = scopeKeys.map((k) => units.get(k)!.id);
      if (scopeIds.length) await trx.insertInto('duty_scopes').values(scopeIds.map((unit_id) => ({ assignment_id: id, unit_id }))).execute();
      await writeAudit(trx, ctx, { action: 'create', entity: 'duty_assignment', entityId: id, unitPath: unit.path, after: { personId, kind, scopeUnitIds: scopeIds } });
    }

    const county = '示例县';
    const countyPeople = await staff(county, COUNTY_STAFF);
    // 一岗双责: the two deputy county leaders answer for the bureaus they oversee.
    await addDuty(county, countyPeople[1], 'dual_duty', ['示例县/县委宣传部', '示例县/县融媒体中心', '示例县/县文化和旅游局']);
    await addDuty(county, countyPeople[2], 'dual_duty', ['示例县/县教育局', '示例县/县卫生健康局', '示例县/县市场监督管理局', '示例县/县公安局']);
    for (const child of TREE.children!) {
      const key = `${county}/${child.name}`;
      await staff(key, child.kind === 'township' ? TOWNSHIP_STAFF : BUREAU_STAFF);
    }
    // One liaison (联络员) for each village and community.
    for (const t of TREE.children!.filter((c) => c.kind === 'township')) {
      for (const v of t.children ?? []) await addPerson(`${county}/${t.name}/${v.name}`, v.kind === 'community' ? '社区联络员' : '村联络员');
    }

    const accounts: (DemoAccount & { unitKey: string; personIndex: number })[] = [
      { username: 'admin', role: 'admin', unitName: '示例县', unitKey: county, personIndex: 7, password: DEMO_PASSWORD },
      { username: 'leader', role: 'leader', unitName: '示例县', unitKey: county, personIndex: 0, password: DEMO_PASSWORD },
      { username: 'staff', role: 'staff', unitName: '示例县', unitKey: county, personIndex: 5, password: DEMO_PASSWORD },
      { username: 'inspector', role: 'inspector', unitName: '示例县', unitKey: county, personIndex: 6, password: DEMO_PASSWORD },
      { username: 'cg_admin', role: 'admin', unitName: '城关镇', unitKey: `${county}/城关镇`, personIndex: 2, password: DEMO_PASSWORD },
      { username: 'cg_staff', role: 'staff', unitName: '城关镇', unitKey: `${county}/城关镇`, personIndex: 3, password: DEMO_PASSWORD },
      { username: 'liaison', role: 'liaison', unitName: '柳林村', unitKey: `${county}/城关镇/柳林村`, personIndex: 0, password: DEMO_PASSWORD },
    ];
    for (const a of accounts) {
      const unit = units.get(a.unitKey)!;
      const person = peopleByUnit.get(a.unitKey)![a.personIndex];
      const id = newId();
      await trx.insertInto('accounts').values({
        id, username: a.username, password_hash: passwordHash, display_name: `${a.unitName}${roleWord(a.role)}`, role: a.role,
        unit_id: unit.id, person_id: person.id, disabled: 0, locked_until: null, last_login_at: null, password_changed_at: now,
        version: 0, created_at: now, updated_at: now,
      }).execute();
      await writeAudit(trx, ctx, { action: 'create', entity: 'account', entityId: id, unitPath: unit.path, after: { username: a.username, role: a.role } });
    }
    await setSetting(trx, 'demo_accounts', accounts.map(({ username, password, role, unitName }) => ({ username, password, role, unitName })));
  });
  return true;
}

function roleWord(role: Role): string {
  return { admin: '管理员', leader: '领导', staff: '工作人员', liaison: '联络员', inspector: '督查' }[role];
}
