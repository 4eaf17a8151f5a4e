import { Select } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { useLoad } from '../../components/useLoad';

/** Picks several people of a unit's subtree (signatories of an agreement), searching by name. */
export function PeoplePicker(props: { unitId?: string; value?: string[]; onChange?: (v: string[]) => void; id?: string }) {
  const [q, setQ] = useState('');
  const [labels, setLabels] = useState<Record<string, string>>({});
  const { data, loading } = useLoad(
    () => (props.unitId ? api.people({ unitId: props.unitId, q, pageSize: 50 }) : Promise.resolve({ items: [], total: 0, page: 1, pageSize: 50 })),
    [props.unitId, q],
  );
  const options = (data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name}${p.position ? `(${p.position})` : ''} · ${p.unitName}` }));
  // Keep the names of people picked under an earlier search.
  const picked = (props.value ?? []).filter((v) => !options.some((o) => o.value === v)).map((v) => ({ value: v, label: labels[v] ?? v }));
  return (
    <Select
      id={props.id}
      mode="multiple"
      showSearch
      value={props.value ?? []}
      onChange={(v: string[]) => {
        setLabels((l) => ({ ...l, ...Object.fromEntries(options.filter((o) => v.includes(o.value)).map((o) => [o.value, o.label])) }));
        props.onChange?.(v);
      }}
      filterOption={false}
      onSearch={setQ}
      loading={loading}
      placeholder="输入姓名搜索，可多选"
      options={[...options, ...picked]}
      notFoundContent={props.unitId ? '没有找到人员' : '请先选择单位'}
      style={{ width: '100%' }}
    />
  );
}
