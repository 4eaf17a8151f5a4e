import { Select } from 'antd';
import { useState } from 'react';
import { api } from '../api/client';
import { useLoad } from './useLoad';

/** Picks a person of a unit's subtree, searching by name on the server. */
export function PersonSelect(props: { unitId?: string; value?: string | null; onChange?: (v: string) => void; id?: string; allowClear?: boolean }) {
  const [q, setQ] = useState('');
  const { data, loading } = useLoad(
    () => (props.unitId ? api.people({ unitId: props.unitId, q, pageSize: 50 }) : Promise.resolve({ items: [], total: 0, page: 1, pageSize: 50 })),
    [props.unitId, q],
  );
  return (
    <Select
      id={props.id}
      showSearch
      value={props.value ?? undefined}
      allowClear={props.allowClear}
      onChange={props.onChange}
      filterOption={false}
      onSearch={setQ}
      loading={loading}
      placeholder="输入姓名搜索"
      options={(data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name}${p.position ? `(${p.position})` : ''} · ${p.unitName}` }))}
      notFoundContent={props.unitId ? '没有找到人员' : '请先选择单位'}
    />
  );
}
