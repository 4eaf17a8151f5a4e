import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Space, Table } from 'antd';
import { useState } from 'react';
import { AUDIT_ACTION_LABELS, ENTITY_LABELS } from '../../../../common/labels';
import { api, type AuditItem, qs } from '../../api/client';
import { useAuth } from '../../app/auth';
import { showError } from '../../components/errors';
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
      <FilterBar>
        <EnumFilter lp={lp} name="entity" placeholder="记录类型" width={150} labels={ENTITY_LABELS} />
        <EnumFilter lp={lp} name="action" placeholder="操作" width={130} labels={AUDIT_ACTION_LABELS} />
        <SearchFilter lp={lp} name="actor" placeholder="操作人" width={160} />
        <RangeFilter lp={lp} />
      </FilterBar>
      <ListTable list={list} lp={lp} empty={{
          first: '所选范围内还没有操作记录。',
          source: '每一次新增、修改、登录都会自动记入审计日志，不能修改或删除。',
        }} sizeChanger={false} rowKey="seq" scroll={{ x: 800 }}
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
