import { Button, Card, DatePicker, Form, Grid, InputNumber, Modal, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router-dom';
import type { QuotaProgressRow } from '../../../../common/information';
import { infoApi } from '../../api/information';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../components/errors';
import { UnitFilter } from '../../components/ListFilters';
import { UnitSelect } from '../../components/UnitSelect';
import { useListPage } from '../../components/useListPage';
import { useLoad } from '../../components/useLoad';
import { useFormDialog } from '../../components/useSubmit';
import { shanghaiDayjs } from '../../components/OverdueTag';

/** 信息报送任务: each unit's monthly quota (set by its superior) with what it sent and what was adopted this month. */
export default function Quotas() {
  const { can, session } = useAuth();
  const lp = useListPage();
  const month = lp.param('month') ?? shanghaiDayjs().format('YYYY-MM');
  const narrow = !Grid.useBreakpoint().md;
  const p = useLoad(() => infoApi.progress({ unitId: lp.unitId, month }), lp.deps);
  const [form] = Form.useForm<{ unitIds: string[]; minPerMonth: number }>();
  const d = useFormDialog<'set'>(form);
  const save = () => d.submit(async (v) => {
    const r = await infoApi.setQuotas(v);
    d.close();
    d.message.success(`已设置 ${r.changed} 个单位`);
    await p.reload();
  });
  if (p.error) return <LoadError error={p.error} onRetry={p.reload} />;
  const [y, m] = month.split('-');
  const link = (r: QuotaProgressRow) => `/information?unitId=${r.unitId}&includeSubunits=false&from=${month}-01&to=${dayjs(`${month}-01`).endOf('month').format('YYYY-MM-DD')}`;
  return (
    <Card title="信息报送任务" extra={can('info.review') && <Button type="primary" onClick={() => d.open('set', { minPerMonth: 2 })}>设置报送任务</Button>}>
      <Space wrap style={{ marginBottom: 12 }}>
        <UnitFilter lp={lp} />
        <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(v) => lp.setFilter('month', v ? v.format('YYYY-MM') : undefined)} />
      </Space>
      <Typography.Paragraph type="secondary">{Number(y)}年{Number(m)}月，各单位每月应报送的信息条数由上级单位设置。</Typography.Paragraph>
      <Table<QuotaProgressRow> rowKey="unitId" loading={p.loading} dataSource={p.data?.items ?? []} pagination={false} size="small"
        columns={narrow ? [
          {
            title: '单位', key: 'all', render: (_, r) => (
              <Space direction="vertical" size={2}>
                <Link to={link(r)}>{r.unitName}</Link>
                <span>任务 {r.minPerMonth ? `${r.minPerMonth} 条` : '未设置'} · 已报送 {r.sent} · 被采用 {r.adopted}</span>
                {r.met !== null && (r.met ? <Tag color="success">已完成</Tag> : <Tag color="error">差 {(r.minPerMonth ?? 0) - r.sent} 条</Tag>)}
              </Space>
            ),
          },
        ] : [
          { title: '单位', dataIndex: 'unitName', render: (v, r) => <Link to={link(r)}>{v}</Link> },
          { title: '任务', key: 'q', width: 90, render: (_, r) => (r.minPerMonth ? `${r.minPerMonth} 条` : '未设置') },
          { title: '已报送', dataIndex: 'sent', width: 80 },
          { title: '被采用', dataIndex: 'adopted', width: 80 },
          { title: '完成', key: 'm', width: 90, render: (_, r) => (r.met === null ? '' : r.met ? <Tag color="success">已完成</Tag> : <Tag color="error">差 {(r.minPerMonth ?? 0) - r.sent} 条</Tag>) },
        ]}
      />
      <Modal open={d.dialog !== null} title="设置每月信息报送任务" onCancel={d.close} onOk={save} okText="保存" cancelText="取消" confirmLoading={d.busy} destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="unitIds" label={`下级单位(${session?.account.unitName}以下)`} rules={[{ required: true, message: '请选择单位' }]}><UnitSelect multiple /></Form.Item>
          <Form.Item name="minPerMonth" label="每月至少报送(条)" rules={[{ required: true, message: '请填写每月报送数量' }]}><InputNumber min={0} max={100} /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
