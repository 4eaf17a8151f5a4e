/** Pieces the 值班值守 pages share: a person on duty with tap-to-call, a shift's name, gap tags, the unit's people. */
import { PhoneOutlined } from '@ant-design/icons';
import { Select, Space, Tag, Typography } from 'antd';
import { type DutyPerson, SHIFT_KIND_LABELS, type ShiftView } from '../../../../common/watch';
import { api } from '../../api/client';
import { dayText } from '../../components/OverdueTag';
import { useLoad } from '../../components/useLoad';

const WEEK = ['日', '一', '二', '三', '四', '五', '六'];
/** 10月1日(周三) */
export function dayWithWeek(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return `${Number(day.slice(5, 7))}月${Number(day.slice(8))}日(周${WEEK[d.getUTCDay()]})`;
}

export const shiftName = (s: Pick<ShiftView, 'day' | 'kind'>) => `${dayWithWeek(s.day)}${SHIFT_KIND_LABELS[s.kind]}`;

/** A person on duty: name, and the phone as a tel: link (one tap calls on a phone). */
export function OnDuty({ p, role }: { p: DutyPerson | null; role: string }) {
  if (!p) return <Tag color="error">缺{role}</Tag>;
  return (
    <Space size={6} wrap>
      <span>{p.name}</span>
      {p.phone ? <a href={`tel:${p.phone.replace(/[^0-9+]/g, '')}`} aria-label={`${p.phone}，拨打${p.name}的电话`}><PhoneOutlined /> {p.phone}</a> : <Typography.Text type="secondary">无电话</Typography.Text>}
    </Space>
  );
}

export function GapTags({ gaps }: { gaps: string[] }) {
  return gaps.length ? <Space size={4}>{gaps.map((g) => <Tag key={g} color="error">缺{g}</Tag>)}</Space> : <Tag color="success">已排全</Tag>;
}

/** People of one unit (not its subunits): the roster's own people. */
export function UnitPeopleSelect({ unitId, multiple, ...props }: { unitId?: string; multiple?: boolean; value?: string | string[] | null; onChange?: (v: string | string[]) => void; id?: string; placeholder?: string }) {
  const people = useLoad(() => (unitId ? api.people({ unitId, includeSubunits: false, pageSize: 200 }) : Promise.resolve({ items: [], total: 0, page: 1, pageSize: 200 })), [unitId]);
  return (
    <Select
      {...props}
      value={props.value ?? undefined}
      mode={multiple ? 'multiple' : undefined}
      allowClear
      showSearch
      optionFilterProp="label"
      loading={people.loading}
      options={(people.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name}${p.position ? `(${p.position})` : ''}${p.phone ? ` ${p.phone}` : ''}` }))}
      notFoundContent={unitId ? '本单位没有人员，请先在“人员”中添加' : '请先选择单位'}
    />
  );
}

export { dayText };
