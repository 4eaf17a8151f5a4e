import { Button, Card, DatePicker, Form, Input, List, Modal, Progress, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useParams } from 'react-router-dom';
import { watchApi } from '../../api/watch';
import { useAuth } from '../../app/auth';
import { ArchiveToggle } from '../../components/ArchiveToggle';
import { DetailPage } from '../../components/DetailPage';
import { LoadError } from '../../components/errors';
import { History } from '../../components/History';
import { dayText } from '../../components/OverdueTag';
import { useLoad } from '../../components/useLoad';
import { useFormDialog } from '../../components/useSubmit';
import { dayWithWeek } from './common';

/** One watch period: which units of the subtree have a complete 24-hour roster for its days, and which are short. */
export default function PeriodDetail() {
  const { id = '' } = useParams();
  const { can } = useAuth();
  const p = useLoad(() => watchApi.period(id), [id]);
  const cov = useLoad(() => watchApi.coverage(id), [id]);
  const hist = useLoad(() => watchApi.periodHistory(id), [id, p.data?.version]);
  const [form] = Form.useForm<{ name: string; range: [Dayjs, Dayjs]; note?: string }>();
  const d = useFormDialog<'edit'>(form);
  if (p.error) return <LoadError error={p.error} onRetry={p.reload} />;
  if (!p.data) return <Card loading />;
  const w = p.data;
  const mayEdit = can('watch.manage') && w.own;
  const save = () => d.submit(async (v) => {
    p.setData(await watchApi.updatePeriod(id, { name: v.name, startsOn: v.range[0].format('YYYY-MM-DD'), endsOn: v.range[1].format('YYYY-MM-DD'), note: v.note, version: w.version }));
    d.close();
    d.message.success('已保存');
    void cov.reload();
  });
  const c = cov.data;
  return (
    <DetailPage
      title={`敏感时期：${w.name}`}
      bar={
        <>
          {w.archived && <Tag>已归档</Tag>}
          <Tag color="blue">{dayText(w.startsOn)} 至 {dayText(w.endsOn)}</Tag>
          <Tag>{w.unitName}发布</Tag>
          {mayEdit && !w.archived && <Button size="small" onClick={() => d.open('edit', { name: w.name, range: [dayjs(w.startsOn), dayjs(w.endsOn)], note: w.note })}>修改</Button>}
          {mayEdit && <ArchiveToggle archived={w.archived} what="该敏感时期" toggle={(archived) => (archived ? watchApi.restorePeriod(id, w.version) : watchApi.archivePeriod(id, w.version)).then(p.setData)} />}
        </>
      }
      head={w.note && <Typography.Paragraph>{w.note}</Typography.Paragraph>}
    >
      <Card title="各单位值班落实情况" extra={c && <span>已排全 {c.complete}/{c.total}</span>}>
        {c && <Progress percent={c.total ? Math.round((c.complete / c.total) * 100) : 0} status={c.complete < c.total ? 'exception' : 'success'} format={() => `${c.complete}/${c.total}`} aria-label={`已完成 ${c.complete}/${c.total}`} />}
        <List
          loading={cov.loading}
          dataSource={c?.items ?? []}
          renderItem={(u) => (
            <List.Item data-testid={`coverage-${u.unitName}`} actions={[<Link key="r" to={`/watch?unitId=${u.unitId}&includeSubunits=false`}>值班表</Link>]}>
              <List.Item.Meta
                title={<Space wrap><span style={{ paddingLeft: Math.max(0, u.depth - (c?.items[0]?.depth ?? 0)) * 0 }}>{u.unitName}</span>{u.complete ? <Tag color="success">已排全</Tag> : <Tag color="error">未排全</Tag>}</Space>}
                description={u.complete ? '每天24小时均有带班领导和值班人员' : [
                  u.uncoveredDays.length ? `未安排24小时值班：${u.uncoveredDays.map(dayWithWeek).join('、')}` : '',
                  u.gapShifts ? `缺人班次 ${u.gapShifts} 个` : '',
                ].filter(Boolean).join('；')}
              />
            </List.Item>
          )}
        />
      </Card>
      <Card title="修改历史"><History entries={hist.data?.items ?? []} labels={{ name: '名称', startsOn: '开始日期', endsOn: '结束日期', note: '说明' }} /></Card>
      <Modal open={d.dialog !== null} title="修改敏感时期" onCancel={d.close} onOk={save} okText="保存" cancelText="取消" confirmLoading={d.busy} destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写名称' }]}><Input maxLength={100} /></Form.Item>
          <Form.Item name="range" label="起止日期" rules={[{ required: true, message: '请选择起止日期' }]}><DatePicker.RangePicker style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="note" label="说明"><Input.TextArea rows={2} maxLength={500} /></Form.Item>
        </Form>
      </Modal>
    </DetailPage>
  );
}
