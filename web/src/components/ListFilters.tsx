/** The filter bar of a register's list; every filter lives in the address (useListPage). */
import { Checkbox, DatePicker, Input, Select, Space } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import type { ListPage } from './useListPage';
import { UnitSelect } from './UnitSelect';

export function FilterBar({ children }: { children: ReactNode }) {
  return <Space wrap style={{ marginBottom: 12 }}>{children}</Space>;
}

/** The unit whose subtree the list shows; `subunits` offers "含下级单位" once a unit is chosen. */
export function UnitFilter({ lp, subunits, width = 200 }: { lp: ListPage; subunits?: boolean; width?: number }) {
  const unitId = lp.param('unitId');
  return (
    <>
      <div style={{ minWidth: width }}><UnitSelect value={unitId} allowClear placeholder="全部单位" onChange={(v) => lp.setFilter('unitId', v)} /></div>
      {subunits && unitId && (
        <Checkbox checked={lp.param('includeSubunits') !== 'false'} onChange={(e) => lp.setFilter('includeSubunits', e.target.checked ? undefined : 'false')}>含下级单位</Checkbox>
      )}
    </>
  );
}

/** One of an enumeration, by its Chinese labels (or given options). */
export function EnumFilter({ lp, name, placeholder, width, labels, options }: {
  lp: ListPage;
  name: string;
  placeholder: string;
  width: number;
  labels?: Record<string, string>;
  options?: { value: string; label: string }[];
}) {
  return (
    <Select allowClear placeholder={placeholder} style={{ width }} value={lp.param(name)} onChange={(v) => lp.setFilter(name, v)}
      options={options ?? Object.entries(labels ?? {}).map(([value, label]) => ({ value, label }))} />
  );
}

export function CheckFilter({ lp, name, label }: { lp: ListPage; name: string; label: string }) {
  return <Checkbox checked={lp.flag(name)} onChange={(e) => lp.setFilter(name, e.target.checked ? 'true' : undefined)}>{label}</Checkbox>;
}

/** Words to search for (?q=, or another name). */
export function SearchFilter({ lp, placeholder, width = 220, name = 'q' }: { lp: ListPage; placeholder: string; width?: number; name?: string }) {
  return <Input.Search placeholder={placeholder} allowClear defaultValue={lp.param(name)} onSearch={(v) => lp.setFilter(name, v.trim() || undefined)} style={{ width }} />;
}

/** A period of days (?from=&to=). */
export function RangeFilter({ lp, placeholder }: { lp: ListPage; placeholder?: [string, string] }) {
  const from = lp.param('from');
  const to = lp.param('to');
  return (
    <DatePicker.RangePicker
      placeholder={placeholder}
      value={from && to ? [dayjs(from), dayjs(to)] : null}
      onChange={(r) => lp.setFilters(r && r[0] && r[1] ? { from: r[0].format('YYYY-MM-DD'), to: r[1].format('YYYY-MM-DD') } : { from: undefined, to: undefined })}
    />
  );
}
