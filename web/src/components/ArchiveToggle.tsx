import { Button, type ButtonProps, Popconfirm } from 'antd';
import { useSubmit } from './useSubmit';

/**
 * 归档 / 恢复 of a record, confirmed first ("归档该事项？"). `toggle` calls archive or restore
 * with the record's version; `onDone` reloads what the page shows.
 */
export function ArchiveToggle({ archived, what, confirm, label = ['归档', '恢复'], toggle, onDone, link, type }: {
  archived: boolean;
  /** The record in words, as the question names it: 该事项, 这条评估 … */
  what: string;
  /** The question when archiving, where it says more than "归档{what}？". */
  confirm?: string;
  label?: [string, string];
  toggle: (archived: boolean) => Promise<unknown>;
  onDone?: () => unknown;
  /** A link in a table row rather than a button. */
  link?: boolean;
  type?: ButtonProps['type'];
}) {
  const { busy, submit } = useSubmit();
  const run = () => submit(async () => {
    await toggle(archived);
    await onDone?.();
  });
  return (
    <Popconfirm title={archived ? `恢复${what}？` : (confirm ?? `归档${what}？`)} okText="确定" cancelText="取消" onConfirm={run}>
      {link ? <a>{archived ? label[1] : label[0]}</a> : <Button type={type} loading={busy}>{archived ? label[1] : label[0]}</Button>}
    </Popconfirm>
  );
}
