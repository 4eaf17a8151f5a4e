import { Card, Table } from 'antd';
import { AUDIT_ACTION_LABELS, ENTITY_LABELS } from '../../../../common/labels';
import { api, type AuditItem } from '../../api/client';
import { EnumFilter, FilterBar, RangeFilter, SearchFilter } from '../../components/ListFilters';
import { ListTable } from '../../components/ListTable';
import { useListPage } from '../../components/useListPage';
import { useLoad } from '../../components/useLoad';

const fmt = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
const show = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** Changed fields side by side: what a row looked like before and after. */
function Diff({ item }: { item: AuditItem }) {
  const keys = [...new Set([...Object.keys(item.before ?? {}), ...Object.keys(item.after ?? {})])];
  const rows = keys.map((k) => ({ k, before: item.before?.[k], after: item.after?.[k] }));
  return (
    <Table
      size="small"
      rowKey="k"
      pagination={false}
      dataSource={rows}
      rowClassName={(r) => (JSON.stringify(r.before) !== JSON.stringify(r.after) && item.before ? 'audit-changed' : '')}
      columns={[
        { title: '字段', dataIndex: 'k', width: 160 },
        { title: '修改前', dataIndex: 'before', render: show },
        { title: '修改后', dataIndex: 'after', render: (v, r) => <span style={{ color: JSON.stringify(r.before) !== JSON.stringify(v) && item.before ? '#cf1322' : undefined }}>{show(v)}</span> },
      ]}
      footer={() => `请求编号 ${item.requestId ?? '—'} · 来源地址 ${item.ip ?? '—'}`}
    />
  );
}

export default function AuditLog() {
  const lp = useListPage();
  const filters = { entity: lp.param('entity'), action: lp.param('action'), actor: lp.param('actor'), from: lp.param('from'), to: lp.param('to') };
  const list = useLoad(() => api.audit({ ...filters, ...lp.page }), lp.deps);
  return (
    <Card title="审计日志">
      <FilterBar>
        <EnumFilter lp={lp} name="entity" placeholder="记录类型" width={150} labels={ENTITY_LABELS} />
        <EnumFilter lp={lp} name="action" placeholder="操作" width={130} labels={AUDIT_ACTION_LABELS} />
        <SearchFilter lp={lp} name="actor" placeholder="操作人" width={160} />
        <RangeFilter lp={lp} />
      </FilterBar>
      <ListTable list={list} lp={lp} sizeChanger={false} rowKey="seq" scroll={{ x: 800 }}
        expandable={{ expandedRowRender: (item) => <Diff item={item} />, rowExpandable: (i) => Boolean(i.before || i.after) }}
        columns={[
          { title: '序号', dataIndex: 'seq', width: 80 },
          { title: '时间', dataIndex: 'at', width: 180, render: fmt },
          { title: '操作人', dataIndex: 'actorName' },
          { title: '操作', dataIndex: 'actionLabel', width: 90 },
          { title: '对象', dataIndex: 'entityLabel', width: 120 },
          { title: '单位', dataIndex: 'unitName', render: (v) => v ?? '—' },
        ]}
      />
    </Card>
  );
}
