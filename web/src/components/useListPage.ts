import type { TablePaginationConfig } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * A register's list: the filters kept in the address (links from documents and figures open the
 * list filtered: ?unitId=…&overdue=true, and a reload keeps them), the page, and the table's
 * pagination. Changing a filter goes back to the first page. The filter bar: ListFilters.tsx.
 */
export function useListPage(pageSize = 20) {
  const [params, setParams] = useSearchParams();
  const [page, setPage] = useState({ page: 1, pageSize });
  const firstPage = () => setPage((p) => ({ ...p, page: 1 }));
  const setFilters = (values: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(values)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next);
    firstPage();
  };
  const setFilter = (k: string, v: string | undefined) => setFilters({ [k]: v });
  const param = (k: string) => params.get(k) ?? undefined;
  /** A yes/no filter (?overdue=true). */
  const flag = (k: string) => params.get(k) === 'true';
  /** The named filters as the list request takes them: values (`pick`), yes-only flags (`flags`). */
  const pick = <K extends string>(...names: K[]) => Object.fromEntries(names.map((k) => [k, param(k)])) as Record<K, string | undefined>;
  const flags = <K extends string>(...names: K[]) => Object.fromEntries(names.map((k) => [k, flag(k) || undefined])) as Record<K, true | undefined>;
  /** The chosen unit's subtree, or with "含下级单位" unticked the unit alone. */
  const unitId = param('unitId');
  const scope = { unitId, includeSubunits: unitId && params.get('includeSubunits') === 'false' ? false : undefined };
  /** What a list's useLoad depends on: the filters and the page. */
  const deps = [params.toString(), page];
  /** Pagination of the table: "共 N 条" in the register's own counting word. */
  const pagination = (total: number | undefined, unit = '条', sizeChanger = true): TablePaginationConfig => ({
    current: page.page, pageSize: page.pageSize, total: total ?? 0, showSizeChanger: sizeChanger,
    showTotal: (n) => `共 ${n} ${unit}`, onChange: (p, s) => setPage({ page: p, pageSize: s }),
  });
  return { params, setParams, param, flag, pick, flags, unitId, scope, setFilter, setFilters, page, setPage, firstPage, pagination, deps };
}

export type ListPage = ReturnType<typeof useListPage>;
