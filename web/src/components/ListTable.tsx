import { Table, type TableProps } from 'antd';
import type { Paged } from '../../../common/platform';
import type { ListPage } from './useListPage';

/** A register's table: rows from a paged list, its loading state, and the list page's pagination. */
export function ListTable<T extends object>({ list, lp, unit, sizeChanger, ...table }: TableProps<T> & {
  list: { loading: boolean; data: Paged<T> | null };
  lp: Pick<ListPage, 'pagination'>;
  /** "共 N 条": the register's counting word. */
  unit?: string;
  sizeChanger?: boolean;
}) {
  return <Table<T> rowKey="id" loading={list.loading} dataSource={list.data?.items ?? []} pagination={lp.pagination(list.data?.total, unit, sizeChanger)} {...table} />;
}
