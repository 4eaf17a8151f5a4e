import { Empty, Table, type TableProps, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { Paged } from '../../../common/platform';
import type { ListPage } from './useListPage';

/** What an empty register tells a newcomer: what to do first, and where its records come from. */
export interface EmptyHint {
  first: ReactNode;
  source?: ReactNode;
}

/** The empty state of a list: with filters set, that nothing matches them; otherwise the page's hint. */
export function EmptyState({ hint, filtered, filteredText = '没有符合筛选条件的记录，可改变或清除筛选条件' }: { hint?: EmptyHint; filtered?: boolean; filteredText?: string }) {
  if (filtered) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filteredText} />;
  if (!hint) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={
      <div data-testid="empty-hint" style={{ maxWidth: 460, margin: '0 auto' }}>
        <Typography.Paragraph style={{ marginBottom: 4 }}>{hint.first}</Typography.Paragraph>
        {hint.source && <Typography.Paragraph type="secondary" style={{ marginBottom: 0, fontSize: 13 }}>{hint.source}</Typography.Paragraph>}
      </div>
    } />
  );
}

/** Whether the address holds a filter (anything but the page). */
export const hasFilters = (params: URLSearchParams | undefined) => !!params && [...params.keys()].some((k) => k !== 'page' && k !== 'pageSize');

/** A register's table: rows from a paged list, its loading state, the list page's pagination, and what it says when empty. */
export function ListTable<T extends object>({ list, lp, unit, sizeChanger, empty, printing, ...table }: TableProps<T> & {
  list: { loading: boolean; data: Paged<T> | null };
  lp: Pick<ListPage, 'pagination'> & Partial<Pick<ListPage, 'params'>>;
  /** "共 N 条": the register's counting word. */
  unit?: string;
  sizeChanger?: boolean;
  /** The page's own first step and source of data, shown when the list is empty and unfiltered. */
  empty?: EmptyHint;
  /** Every record of the filters is loaded for printing (usePrintAll): no pagination. */
  printing?: boolean;
}) {
  const locale = empty ? { emptyText: <EmptyState hint={empty} filtered={hasFilters(lp.params)} />, ...table.locale } : table.locale;
  return <Table<T> rowKey="id" loading={list.loading} dataSource={list.data?.items ?? []} pagination={printing ? false : lp.pagination(list.data?.total, unit, sizeChanger)} {...table} locale={locale} />;
}
