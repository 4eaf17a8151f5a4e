import type { TablePaginationConfig } from 'antd';
import { useSearchParams } from 'react-router-dom';

/**
 * A register's list: the filters kept in the address (links from documents and figures open the
 * list filtered: ?unitId=…&overdue=true, and a reload keeps them), the page, and the table's
 * pagination. Changing a filter goes back to the first page. The filter bar: ListFilters.tsx.
 */
export function useListPage(pageSize = 20) {
  const [params, setParams] = useSearchParams();
  // The page too is in the address (?page=3&pageSize=50), so Back from a record returns to it.
  const page = { page: Number(params.get('page')) || 1, pageSize: Number(params.get('pageSize')) || pageSize };
  /** Changes the address in place: Back from a record opened here returns to the list as it was filtered. */
  const update = (values: Record<string, string | undefined>) => setParams((prev) => {
    const next = new URLSearchParams(prev);
    for (const [k, v] of Object.entries(values)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    return next;
  }, { replace: true });
  const setPage = (p: { page: number; pageSize: number }) => update({ page: p.page > 1 ? String(p.page) : undefined, pageSize: p.pageSize !== pageSize ? String(p.pageSize) : undefined });
  const firstPage = () => update({ page: undefined });
  /** Changing a filter goes back to the first page. */
  const setFilters = (values: Record<string, string | undefined>) => update({ ...values, page: undefined });
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
  /** What a list's useLoad depends on: the filters and the page (both in the address). */
  const deps = [params.toString()];
  /** Pagination of the table: "共 N 条" in the register's own counting word. */
  const pagination = (total: number | undefined, unit = '条', sizeChanger = true): TablePaginationConfig => ({
    current: page.page, pageSize: page.pageSize, total: total ?? 0, showSizeChanger: sizeChanger,
    showTotal: (n) => `共 ${n} ${unit}`, onChange: (p, s) => setPage({ page: p, pageSize: s }),
  });
  /**
   * A value kept in the address, for a page that holds its filters as [value, set] pairs:
   * `const [q, setQ] = lp.urlState('q', '')`. The default is left out of the address.
   */
  const urlState = (k: string, fallback: string) => [param(k) ?? fallback, (v: string | undefined) => setFilter(k, v === fallback ? undefined : v)] as const;
  return { params, setParams, param, urlState, flag, pick, flags, unitId, scope, setFilter, setFilters, page, setPage, firstPage, pagination, deps };
}

export type ListPage = ReturnType<typeof useListPage>;
