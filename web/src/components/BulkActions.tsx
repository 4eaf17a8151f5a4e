import { App, Button, Popconfirm, Space, type TableProps, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../api/client';

const messageOf = (err: unknown) => (err instanceof ApiError ? err.message : '操作失败，请稍后再试');

/** Rows ticked in a register (kept as the records, so each action has their versions). */
export function useSelection<T extends { id: string }>() {
  const [selected, setSelected] = useState<T[]>([]);
  const rowSelection: TableProps<T>['rowSelection'] = {
    selectedRowKeys: selected.map((r) => r.id),
    onChange: (_, rows) => setSelected(rows),
    preserveSelectedRowKeys: false,
  };
  return { selected, setSelected, rowSelection, clear: () => setSelected([]) };
}

export interface BulkAction<T> {
  label: string;
  /** Past tense for the report: 已销号 3 项. */
  done: string;
  show: boolean;
  run: (item: T) => Promise<unknown>;
  /** How the report words records not done (跳过 for 催办, where a refusal is expected): "，跳过 2 项". Default: "，2 项未成功". */
  skipped?: string;
}

/**
 * Actions on the ticked rows. Each record goes through the same request (and so the same policy
 * check) as when done one by one; the answer says how many went through and, for each that did
 * not, which one and why.
 */
export function BulkBar<T extends { id: string }>({ selection, actions, name, onDone }: {
  selection: ReturnType<typeof useSelection<T>>;
  actions: BulkAction<T>[];
  /** How a record is named in the report. */
  name: (item: T) => string;
  onDone: () => Promise<unknown>;
}) {
  const { modal } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const shown = actions.filter((a) => a.show);
  if (!selection.selected.length || !shown.length) return null;
  const go = async (a: BulkAction<T>) => {
    setBusy(a.label);
    const failed: { item: T; why: string }[] = [];
    let ok = 0;
    for (const item of selection.selected) {
      try {
        await a.run(item);
        ok += 1;
      } catch (err) {
        failed.push({ item, why: messageOf(err) });
      }
    }
    setBusy(null);
    selection.clear();
    await onDone();
    modal[failed.length ? 'warning' : 'success']({
      title: `${a.done} ${ok} 项${!failed.length ? '' : a.skipped ? `，${a.skipped} ${failed.length} 项` : `，${failed.length} 项未成功`}`,
      content: failed.length ? (
        <ul data-testid="bulk-failures" style={{ paddingLeft: 18 }}>
          {failed.map((f) => <li key={f.item.id}>{name(f.item)}：{f.why}</li>)}
        </ul>
      ) : null,
      okText: '知道了',
    });
  };
  return (
    <Space wrap style={{ marginBottom: 12 }} className="no-print">
      <Typography.Text>已选 {selection.selected.length} 项</Typography.Text>
      {shown.map((a) => (
        <Popconfirm key={a.label} title={`${a.label}：共 ${selection.selected.length} 项，逐项检查后办理。确定？`} okText="确定" cancelText="取消" onConfirm={() => go(a)}>
          <Button loading={busy === a.label} disabled={busy !== null}>{a.label}</Button>
        </Popconfirm>
      ))}
      <Button type="link" onClick={selection.clear}>取消选择</Button>
    </Space>
  );
}
