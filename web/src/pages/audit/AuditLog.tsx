import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Input, Select, Space, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { AUDIT_ACTION_LABELS, ENTITY_LABELS } from '../../../../common/labels';
import { api, type AuditItem, qs } from '../../api/client';
import { useAuth } from '../../app/auth';
import { showError } from '../../components/errors';
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
  const [filters, setFilters] = useState<{ entity?: string; action?: string; actor?: string; from?: string; to?: string }>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const list = useLoad(() => api.audit({ ...filters, ...page }), [filters, page]);
  const { can } = useAuth();
  const { message } = App.useApp();
  const [verified, setVerified] = useState<Awaited<ReturnType<typeof api.verifyAudit>> | null>(null);
  const [verifying, setVerifying] = useState(false);
  const verify = async () => {
    setVerifying(true);
    try {
      setVerified(await api.verifyAudit());
    } catch (err) {
      showError(err, message);
    } finally {
      setVerifying(false);
    }
  };
  const set = (patch: Partial<typeof filters>) => {
    setFilters({ ...filters, ...patch });
    setPage({ ...page, page: 1 });
  };
  return (
    <Card
      title="审计日志"
      extra={
        <Space>
          {can('audit.verify') && <Button icon={<SafetyCertificateOutlined />} loading={verifying} onClick={verify}>校验完整性</Button>}
          <Button icon={<DownloadOutlined />} href={`/api/audit/export${qs(filters)}`}>导出</Button>
        </Space>
      }
    >
      {verified && (
        <Alert
          style={{ marginBottom: 12 }}
          showIcon
          type={verified.ok ? 'success' : 'error'}
          message={
            verified.ok
              ? `审计日志完整：共校验 ${verified.checked} 条，与检查点(第 ${verified.checkpoint!.seq} 条)一致`
              : verified.firstBroken
                ? `校验失败：第 ${verified.firstBroken.seq} 条，${verified.firstBroken.reason}`
                : `日志链完整(${verified.checked} 条)，但服务器上没有检查点文件，无法发现末尾被删除`
          }
        />
      )}
      <Space wrap style={{ marginBottom: 12 }}>
        <Select allowClear placeholder="记录类型" style={{ width: 150 }} options={Object.entries(ENTITY_LABELS).map(([value, label]) => ({ value, label }))} onChange={(v) => set({ entity: v })} />
        <Select allowClear placeholder="操作" style={{ width: 130 }} options={Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => ({ value, label }))} onChange={(v) => set({ action: v })} />
        <Input.Search allowClear placeholder="操作人" style={{ width: 160 }} onSearch={(v) => set({ actor: v || undefined })} />
        <DatePicker.RangePicker
          onChange={(r) => {
            const [a, b] = (r ?? [null, null]) as [Dayjs | null, Dayjs | null];
            set({ from: a?.format('YYYY-MM-DD'), to: b?.format('YYYY-MM-DD') });
          }}
        />
      </Space>
      <Table
        rowKey="seq"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 800 }}
        expandable={{ expandedRowRender: (item) => <Diff item={item} />, rowExpandable: (i) => Boolean(i.before || i.after) }}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, showTotal: (t) => `共 ${t} 条`, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
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
