import { BarChartOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Form, Grid, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import {
  CASE_LEVEL_LABELS, CASE_LEVELS, CASE_SOURCE_LABELS, CASE_SOURCES, EVENT_STATUS_LABELS, EVENT_STATUSES, type EventView, type IntakeResult,
} from '../../../../common/cases';
import { casesApi, type CaseQuery } from '../../api/cases';
import { newIdempotencyKey } from '../../api/client';
import { useAuth } from '../../app/auth';
import { Attachments } from '../../components/Attachments';
import { LoadError, showError } from '../../components/errors';
import { SheetImport } from '../../components/SheetImport';
import { UnitSelect, useUnitTree } from '../../components/UnitSelect';
import { EmptyState } from '../../components/ListTable';
import { BulkBar, useSelection } from '../../components/BulkActions';
import { useDraft } from '../../components/useDraft';
import { useLoad } from '../../components/useLoad';
import { ClocksBrief, LevelTag, sourcesText, StatusTag, when } from './common';
import { shanghaiDayjs } from '../../components/OverdueTag';

/** The filters a document or the home page may link with: every one lives in the URL query. */
const FILTERS = ['unitId', 'status', 'open', 'level', 'source', 'category', 'handlingUnitId', 'overdue', 'reportedUp', 'archived', 'q', 'from', 'to'] as const;

/** What registering a report did: a new event, or joined to a similar open one. */
function IntakeOutcome({ result, onClose }: { result: IntakeResult; onClose: () => void }) {
  const event = useLoad(() => casesApi.get(result.eventId), [result.eventId]);
  const title = event.data?.title ?? '…';
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      {result.joined ? (
        <Alert
          type="warning"
          showIcon
          message={<span>与已有事件相似，已归入：<Link to={`/cases/${result.eventId}`} onClick={onClose}>{title}</Link></span>}
          description={`该事件现有 ${event.data?.reportCount ?? '…'} 条报告，合并办理，不必重复研判。`}
        />
      ) : (
        <Alert type="success" showIcon message={<span>已登记为新事件：<Link to={`/cases/${result.eventId}`} onClick={onClose}>{title}</Link></span>} description="下一步：研判(定等级、分类和责任单位)。" />
      )}
      <Attachments entity="case" entityId={result.caseId} title="这条报告的材料(截图、录音、来信扫描件等，可不传)" canUpload />
    </Space>
  );
}

/** 舆情与诉求: every event of my unit and below, filters in the URL so links can carry them. */
export default function Cases() {
  const { can, session } = useAuth();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const narrow = !Grid.useBreakpoint().md;
  const f = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? undefined])) as Record<(typeof FILTERS)[number], string | undefined>;
  const page = Number(params.get('page') ?? 1);
  const pageSize = Number(params.get('pageSize') ?? 20);
  const query: CaseQuery = { ...f, page, pageSize };
  const list = useLoad(() => casesApi.list(query), [params.toString()]);
  const selection = useSelection<EventView>();
  const options = useLoad(() => casesApi.options(), []);
  const { units } = useUnitTree();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState('');
  const [result, setResult] = useState<IntakeResult | null>(null);
  const [showFilters, setShowFilters] = useState(false);
  // What a clerk types into 登记 is kept in this browser until it is registered (not the citizen's contact).
  const draft = useDraft(form, 'case-register', open && !result, ['contact']);
  // The search box follows the URL (a link, 清除筛选) without losing what is being typed.
  const [qText, setQText] = useState(f.q ?? '');
  useEffect(() => setQText(f.q ?? ''), [f.q]);

  const setFilters = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };
  const setFilter = (k: string, v: string | undefined) => setFilters({ [k]: v });

  const create = () => {
    form.resetFields();
    setKey(newIdempotencyKey());
    form.setFieldsValue({ unitId: session?.account.unitId, source: 'online_petition', receivedAt: dayjs() });
    setResult(null);
    setOpen(true);
  };
  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return; // the form shows what is missing
    setBusy(true);
    try {
      const r = await casesApi.register({
        unitId: v.unitId, source: v.source, receivedAt: (v.receivedAt as Dayjs).toISOString(), title: v.title, content: v.content,
        channel: v.channel || null, url: v.url || null, contact: v.contact || null,
      }, key);
      draft.clear();
      setResult(r);
      message.success(r.joined ? '已登记，并归入已有事件' : '已登记');
      await list.reload();
    } catch (err) {
      showError(err, message, form);
    } finally {
      setBusy(false);
    }
  };

  const handlingName = f.handlingUnitId ? units.find((u) => u.id === f.handlingUnitId)?.name ?? '指定单位' : null;
  const range: [Dayjs | null, Dayjs | null] | null = f.from || f.to ? [f.from ? dayjs(f.from) : null, f.to ? dayjs(f.to) : null] : null;
  const hasFilters = FILTERS.some((k) => f[k]);

  const actions = (
    <>
      {can('case.register') && <Button type="primary" icon={<PlusOutlined />} onClick={create}>登记</Button>}
      {can('case.register') && <SheetImport path="/api/cases/import" title="从表格导入舆情诉求" onDone={() => void list.reload()} />}
      <Button icon={<DownloadOutlined />} href={casesApi.exportUrl(query)}>导出</Button>
      <Link to={`/cases/figures${f.unitId ? `?unitId=${f.unitId}` : ''}`}><Button icon={<BarChartOutlined />}>统计</Button></Link>
    </>
  );
  const activeCount = FILTERS.filter((k) => k !== 'q' && f[k]).length;

  if (list.error?.status === 403) return <LoadError error={list.error} />;
  return (
    <Card title="舆情与诉求" extra={narrow ? undefined : <Space wrap>{actions}</Space>}>
      {narrow && <Space wrap style={{ marginBottom: 12 }}>{actions}</Space>}
      {narrow && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search placeholder="搜索标题和内容" allowClear value={qText} onChange={(e) => setQText(e.target.value)} onSearch={(v) => setFilter('q', v.trim() || undefined)} style={{ width: 220 }} />
          <Button onClick={() => setShowFilters(!showFilters)}>{showFilters ? '收起筛选' : `筛选${activeCount ? `(${activeCount})` : ''}`}</Button>
        </Space>
      )}
      {(!narrow || showFilters) && (
      <Space wrap style={{ marginBottom: 12 }}>
        <div style={{ minWidth: 200 }}><UnitSelect value={f.unitId} allowClear placeholder="全部单位(含下级)" onChange={(v) => setFilter('unitId', v)} /></div>
        <Select allowClear placeholder="办理情况" style={{ width: 120 }} value={f.open} onChange={(v) => setFilter('open', v)}
          options={[{ value: 'true', label: '未办结' }, { value: 'false', label: '已办结' }]} />
        <Select allowClear placeholder="状态" style={{ width: 130 }} value={f.status} onChange={(v) => setFilter('status', v)}
          options={EVENT_STATUSES.map((s) => ({ value: s, label: EVENT_STATUS_LABELS[s] }))} />
        <Select allowClear placeholder="等级" style={{ width: 110 }} value={f.level} onChange={(v) => setFilter('level', v)}
          options={CASE_LEVELS.map((l) => ({ value: l, label: CASE_LEVEL_LABELS[l] }))} />
        <Select allowClear placeholder="来源" style={{ width: 170 }} value={f.source} onChange={(v) => setFilter('source', v)}
          options={CASE_SOURCES.map((s) => ({ value: s, label: CASE_SOURCE_LABELS[s] }))} />
        <Select allowClear placeholder="分类" style={{ width: 130 }} value={f.category} onChange={(v) => setFilter('category', v)}
          options={(options.data?.categories ?? []).map((c) => ({ value: c, label: c }))} />
        <Select allowClear placeholder="是否超时" style={{ width: 120 }} value={f.overdue} onChange={(v) => setFilter('overdue', v)}
          options={[{ value: 'true', label: '只看超时' }]} />
        <Select allowClear placeholder="是否直报" style={{ width: 120 }} value={f.reportedUp} onChange={(v) => setFilter('reportedUp', v)}
          options={[{ value: 'true', label: '只看已直报' }]} />
        <DatePicker.RangePicker
          allowEmpty={[true, true]}
          placeholder={['收到日期从', '到']}
          value={range}
          onChange={(v) => setFilters({ from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') })}
          style={{ width: 250 }}
        />
        <Select allowClear placeholder="已归档" style={{ width: 110 }} value={f.archived} onChange={(v) => setFilter('archived', v)}
          options={[{ value: 'true', label: '已归档的' }]} />
        {!narrow && <Input.Search id="cases-q" placeholder="搜索标题和内容" allowClear value={qText} onChange={(e) => setQText(e.target.value)} onSearch={(v) => setFilter('q', v.trim() || undefined)} style={{ width: 220 }} />}
        {handlingName && <Tag closable onClose={() => setFilter('handlingUnitId', undefined)}>责任单位：{handlingName}</Tag>}
        {hasFilters && <Button type="link" onClick={() => setParams(new URLSearchParams())}>清除筛选</Button>}
      </Space>
      )}
      {list.error && list.error.status !== 403 && <Alert type="error" showIcon message={list.error.message} style={{ marginBottom: 12 }} />}
      <BulkBar selection={selection} onDone={list.reload} name={(r) => `${r.handlingUnitName}：${r.title.slice(0, 20)}`} actions={[
        // One 催办 per event, each checked as when pressed alone (open, a unit above the handling unit; once a day).
        { label: '批量催办', done: '已催办', skipped: '跳过', show: can('case.supervise'), run: (r) => casesApi.urge(r.id, { note: null }) },
      ]} />
      <Table
        rowKey="id"
        rowSelection={can('case.supervise') ? selection.rowSelection : undefined}
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={narrow ? undefined : { x: 940 }}
        rowClassName={(r) => (r.overdue ? 'row-overdue' : '')}
        locale={{ emptyText: <EmptyState filtered={hasFilters} filteredText="没有符合条件的事件" hint={{
          first: '暂无舆情诉求。群众反映的问题、发现的网络舆情，点“登记”录入，系统按级别计时并提醒办理。',
          source: '事件来自工作人员登记、群众在公开页面的提交、线索转办和下级直报。',
        }} /> }}
        pagination={{
          current: page, pageSize, total: list.data?.total ?? 0, showSizeChanger: true,
          // Past the cap the list stops counting (a province's million events): the page says so.
          showTotal: (n) => (list.data?.totalCapped ? `${n.toLocaleString('zh-CN')}+ 个事件(超过 ${n.toLocaleString('zh-CN')} 个不再细数，可加筛选缩小范围)` : `共 ${n} 个事件`),
          onChange: (p, s) => setFilters({ page: String(p), pageSize: String(s) }),
        }}
        columns={narrow ? [
          {
            title: '事件', key: 'all', render: (_, r) => (
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                <Link to={`/cases/${r.id}`} style={{ fontSize: 16 }}>{r.title}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{when(r.firstReceivedAt)} · {sourcesText(r)}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>责任单位：{r.handlingUnitName}{r.category ? ` · ${r.category}` : ''}</Typography.Text>
                <Space size={4} wrap><StatusTag status={r.status} /><LevelTag level={r.level} /></Space>
                <ClocksBrief e={r} />
              </Space>
            ),
          },
        ] : [
          { title: '收到时间', dataIndex: 'firstReceivedAt', width: 150, render: (v) => when(v) },
          {
            title: '标题', dataIndex: 'title', render: (v, r) => (
              <Space direction="vertical" size={0}>
                <Link to={`/cases/${r.id}`}>{v}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{sourcesText(r)}</Typography.Text>
              </Space>
            ),
          },
          { title: '等级', dataIndex: 'level', width: 90, render: (v) => <LevelTag level={v} /> },
          { title: '分类', dataIndex: 'category', width: 100, render: (v) => v ?? '—' },
          { title: '责任单位', dataIndex: 'handlingUnitName', width: 130, render: (v, r) => <span>{v}{r.handlingUnitId !== r.unitId && <div style={{ fontSize: 12, color: '#595959' }}>受理：{r.unitName}</div>}</span> },
          { title: '状态', dataIndex: 'status', width: 110, render: (v, r) => <Space direction="vertical" size={0}><StatusTag status={v} />{r.archived && <Typography.Text type="secondary" style={{ fontSize: 12 }}>已归档</Typography.Text>}</Space> },
          { title: '时限', key: 'clocks', width: 220, render: (_, r) => <ClocksBrief e={r} /> },
        ]}
      />
      <Modal
        open={open}
        title={result ? '登记结果' : '登记舆情诉求'}
        onCancel={() => setOpen(false)}
        onOk={result ? () => setOpen(false) : save}
        okText={result ? '完成' : '保存'}
        cancelText={result ? '继续登记' : '取消'}
        cancelButtonProps={result ? { onClick: create } : undefined}
        confirmLoading={busy}
        destroyOnHidden
        width={640}
      >
        {result ? <IntakeOutcome result={result} onClose={() => setOpen(false)} /> : (
          <Form form={form} layout="vertical" preserve={false} onValuesChange={draft.onValuesChange}>
            {draft.restored && <Alert type="info" showIcon style={{ marginBottom: 12 }} message="已恢复上次未保存的内容" />}
            <Form.Item name="unitId" label="受理单位" rules={[{ required: true, message: '请选择受理单位' }]} extra="收到这条诉求的单位：本单位或下级单位">
              <UnitSelect id="case-unit" />
            </Form.Item>
            <Space wrap align="start">
              <Form.Item name="source" label="来源" rules={[{ required: true, message: '请选择来源' }]}>
                <Select id="case-source" style={{ width: 200 }} options={CASE_SOURCES.map((s) => ({ value: s, label: CASE_SOURCE_LABELS[s] }))} />
              </Form.Item>
              <Form.Item name="receivedAt" label="收到时间" rules={[{ required: true, message: '请选择收到时间' }]}>
                <DatePicker id="case-received" showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: 200 }} disabledDate={(d) => d.isAfter(shanghaiDayjs(), 'day')} />
              </Form.Item>
            </Space>
            <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请填写标题' }, { max: 200, message: '标题不能超过 200 个字' }]}>
              <Input id="case-title" placeholder="一句话说明反映的问题" />
            </Form.Item>
            <Form.Item name="content" label="内容" rules={[{ required: true, whitespace: true, message: '请填写内容' }, { max: 20000, message: '内容不能超过 20000 个字' }]}>
              <Input.TextArea id="case-content" rows={5} placeholder="反映的具体情况，照原文填写" />
            </Form.Item>
            <Form.Item name="channel" label="发现渠道(选填)" rules={[{ max: 200, message: '发现渠道不能超过 200 个字' }]}>
              <Input id="case-channel" placeholder="如：市长信箱、12345 热线、某论坛" />
            </Form.Item>
            <Form.Item name="url" label="网址(选填)" rules={[{ max: 2000, message: '网址不能超过 2000 个字' }, { pattern: /^https?:\/\/\S+$/i, message: '网址应以 http:// 或 https:// 开头' }]}>
              <Input id="case-url" placeholder="https://" />
            </Form.Item>
            <Form.Item name="contact" label="反映人联系方式(选填)" extra="仅用于答复反映人，只有受理和办理单位能看到" rules={[{ max: 200, message: '联系方式不能超过 200 个字' }]}>
              <Input id="case-contact" />
            </Form.Item>
            <Typography.Text type="secondary">保存后可以上传材料。与未办结事件相似的报告会自动归入该事件。</Typography.Text>
          </Form>
        )}
      </Modal>
    </Card>
  );
}
