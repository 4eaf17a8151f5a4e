import { App, Alert, Button, Card, DatePicker, Form, Grid, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { PACK_FOLDERS, PACK_KEEP_DAYS, PACK_STATUS_LABELS, type PackStatus, type PackView } from '../../../../common/packs';
import { newIdempotencyKey } from '../../api/client';
import { checksApi } from '../../api/checks';
import { packsApi } from '../../api/packs';
import { useAuth } from '../../app/auth';
import { LoadError, showError } from '../../components/errors';
import { dayText, shanghaiDayjs } from '../../components/OverdueTag';
import { UnitSelect } from '../../components/UnitSelect';
import { useLoad } from '../../components/useLoad';

const STATUS_COLORS: Record<PackStatus, string> = { queued: 'default', building: 'processing', done: 'success', failed: 'error', expired: 'default' };
const running = (p: PackView) => p.status === 'queued' || p.status === 'building';
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—');
const percent = (p: PackView) => (p.status === 'done' ? 100 : p.progressTotal ? Math.floor((p.progressDone / p.progressTotal) * 100) : 0);

export function sizeText(bytes: number | null): string {
  if (bytes === null) return '—';
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

/** Quick periods: the half-years and the year of this year and the last. */
function presets(): { label: string; value: [Dayjs, Dayjs] }[] {
  const y = shanghaiDayjs().year();
  const range = (a: string, b: string): [Dayjs, Dayjs] => [dayjs(a), dayjs(b)];
  return [
    { label: `${y}年上半年`, value: range(`${y}-01-01`, `${y}-06-30`) },
    { label: `${y}年下半年`, value: range(`${y}-07-01`, `${y}-12-31`) },
    { label: `${y}年全年`, value: range(`${y}-01-01`, `${y}-12-31`) },
    { label: `${y - 1}年全年`, value: range(`${y - 1}-01-01`, `${y - 1}-12-31`) },
    { label: `${y - 1}年下半年`, value: range(`${y - 1}-07-01`, `${y - 1}-12-31`) },
  ];
}

function PackProgress({ pack }: { pack: PackView }) {
  if (pack.status === 'failed') return <Typography.Text type="danger">{pack.error}</Typography.Text>;
  if (pack.status === 'expired') return <Typography.Text type="secondary">已过期，请重新生成</Typography.Text>;
  return (
    <Progress
      aria-label="材料包生成进度"
      percent={percent(pack)}
      status={pack.status === 'done' ? 'success' : 'active'}
      format={() => (pack.status === 'done' ? `${pack.fileCount} 个文件` : `${pack.progressDone}/${pack.progressTotal || '…'}`)}
    />
  );
}

/** 迎检材料包: pick a unit and a period, build in the background, follow the progress, download. */
export default function Packs() {
  const { can, session } = useAuth();
  const { message } = App.useApp();
  const narrow = !Grid.useBreakpoint().md;
  const [form] = Form.useForm();
  const [key, setKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [current, setCurrent] = useState<PackView | null>(null);
  const list = useLoad(() => packsApi.list({ pageSize: 20 }), []);
  const build = can('pack.build');
  // The checklist frameworks the pack may be arranged by (those of the user's unit, above and below).
  const frameworks = useLoad(() => (build && can('check.read') ? checksApi.frameworks() : Promise.resolve({ items: [] })), [build]);

  // Follow the pack being built, and the list while anything in it is still being built.
  const listRunning = (list.data?.items ?? []).some(running);
  useEffect(() => {
    if (!(current && running(current)) && !listRunning) return;
    const timer = setInterval(async () => {
      try {
        if (current && running(current)) {
          const next = await packsApi.get(current.id);
          setCurrent(next);
          if (!running(next)) {
            if (next.status === 'done') message.success('材料包已生成，可以下载');
            else message.error(next.error ?? '材料包生成失败');
          }
        }
        if (listRunning || (current && running(current))) await list.reload();
      } catch {
        // a missed poll is retried on the next tick
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [current, listRunning, list.reload, message]);

  const start = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const pack = await packsApi.create({ unitId: v.unitId, from: v.from.format('YYYY-MM-DD'), to: v.to.format('YYYY-MM-DD'), frameworkId: v.frameworkId || null }, key);
      setKey(newIdempotencyKey());
      setCurrent(pack);
      if (pack.reused) message.info('该单位该期间的材料包正在生成，已为您显示其进度');
      await list.reload();
    } catch (err) {
      showError(err, message, form);
    } finally {
      setBusy(false);
    }
  };

  if (list.error?.status === 403) return <LoadError error={list.error} />;
  const y = shanghaiDayjs().year();
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {build && (
        <Card title="生成迎检材料包">
          <Typography.Paragraph type="secondary">
            材料包是一个 .zip 文件：按 {Object.values(PACK_FOLDERS).join('、')} 分目录，收入各项台账、工作文档和期间内记录的附件(会议记录、照片、扫描件等)，并附材料目录。
            也可以按考核细则编排：每个检查项目一个目录(如“一、组织领导/1.1 …”)，收入该项目指标背后记录的附件、自查佐证材料和佐证要求中点名的台账，目录表列明每个项目对应的文件；没有项目对应的材料另放一个目录。生成在后台进行，完成后保留 {PACK_KEEP_DAYS} 天。
          </Typography.Paragraph>
          <Form form={form} layout={narrow ? 'vertical' : 'inline'} initialValues={{ unitId: session?.account.unitId, from: dayjs(`${y}-01-01`), to: dayjs(`${y}-12-31`), frameworkId: '' }} style={{ rowGap: 12 }}>
            <Form.Item name="unitId" label="单位" rules={[{ required: true, message: '请选择单位' }]} style={{ minWidth: narrow ? undefined : 220 }}>
              <UnitSelect id="pack-unit" />
            </Form.Item>
            <Form.Item label="常用期间">
              <Select
                id="pack-preset"
                placeholder="选择期间"
                style={{ width: narrow ? '100%' : 150 }}
                options={presets().map((p, i) => ({ value: i, label: p.label }))}
                onChange={(i: number) => {
                  const [from, to] = presets()[i].value;
                  form.setFieldsValue({ from, to });
                }}
              />
            </Form.Item>
            <Form.Item name="from" label="开始日期" rules={[{ required: true, message: '请选择开始日期' }]}>
              <DatePicker id="pack-from" style={{ width: narrow ? '100%' : undefined }} />
            </Form.Item>
            <Form.Item name="to" label="结束日期" rules={[{ required: true, message: '请选择结束日期' }]}>
              <DatePicker id="pack-to" style={{ width: narrow ? '100%' : undefined }} />
            </Form.Item>
            {(frameworks.data?.items.length ?? 0) > 0 && (
              <Form.Item name="frameworkId" label="编排方式" style={{ minWidth: narrow ? undefined : 260 }}>
                <Select
                  id="pack-arrange"
                  style={{ width: narrow ? '100%' : 300 }}
                  options={[
                    { value: '', label: '按专题目录' },
                    ...frameworks.data!.items.map((f) => ({ value: f.id, label: `按检查项目：${f.name}(${f.unitName})` })),
                  ]}
                />
              </Form.Item>
            )}
            <Form.Item>
              <Button type="primary" onClick={start} loading={busy} block={narrow}>生成材料包</Button>
            </Form.Item>
          </Form>
          {current && (
            <Alert
              style={{ marginTop: 16 }}
              type={current.status === 'failed' ? 'error' : current.status === 'done' ? 'success' : 'info'}
              message={`${current.unitName} ${dayText(current.from)}至${dayText(current.to)}${current.frameworkId ? '(按检查项目编排)' : ''}：${PACK_STATUS_LABELS[current.status]}`}
              description={
                <Space direction="vertical" style={{ width: '100%' }} data-testid="pack-current">
                  <PackProgress pack={current} />
                  {current.status === 'done' && (
                    <Button type="primary" href={packsApi.downloadUrl(current.id)}>下载材料包({sizeText(current.size)})</Button>
                  )}
                </Space>
              }
            />
          )}
        </Card>
      )}
      <Card title="最近的材料包">
        <Table
          rowKey="id"
          loading={list.loading && !list.data}
          dataSource={list.data?.items ?? []}
          pagination={false}
          scroll={narrow ? undefined : { x: 900 }}
          locale={{ emptyText: '还没有生成过材料包' }}
          columns={narrow ? [
            {
              title: '材料包', key: 'm',
              render: (_: unknown, p: PackView) => (
                <Space direction="vertical" size={4} style={{ width: '100%' }}>
                  <Space size={4} wrap><span>{p.unitName}</span><Tag color={STATUS_COLORS[p.status]}>{PACK_STATUS_LABELS[p.status]}</Tag>{p.frameworkId && <Tag>按检查项目</Tag>}</Space>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{dayText(p.from)}至{dayText(p.to)} · {p.createdByName} · {when(p.createdAt)}</Typography.Text>
                  {p.status !== 'done' && <PackProgress pack={p} />}
                  {p.status === 'done' && <a href={packsApi.downloadUrl(p.id)}>下载({sizeText(p.size)}，{p.fileCount} 个文件)</a>}
                </Space>
              ),
            },
          ] : [
            { title: '单位', dataIndex: 'unitName', width: 130 },
            { title: '期间', key: 'period', width: 240, render: (_, p) => <>{dayText(p.from)}至{dayText(p.to)}{p.frameworkId && <Tag style={{ marginLeft: 4 }}>按检查项目</Tag>}</> },
            { title: '状态', dataIndex: 'status', width: 90, render: (s: PackStatus) => <Tag color={STATUS_COLORS[s]}>{PACK_STATUS_LABELS[s]}</Tag> },
            { title: '进度', key: 'progress', width: 220, render: (_, p) => <PackProgress pack={p} /> },
            { title: '大小', dataIndex: 'size', width: 90, render: (s: number | null) => sizeText(s) },
            { title: '生成人', dataIndex: 'createdByName', width: 150 },
            { title: '生成时间', dataIndex: 'createdAt', width: 170, render: (v: string) => when(v) },
            { title: '操作', key: 'o', width: 80, render: (_, p) => (p.status === 'done' ? <a href={packsApi.downloadUrl(p.id)}>下载</a> : null) },
          ]}
        />
      </Card>
    </Space>
  );
}
