import { Alert, App, Button, Card, DatePicker, Form, Grid, Radio, Select, Space, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { DOC_TYPE_LABELS, DOC_TYPE_SUBJECT, DOC_TYPES, type DocType, type DraftSummary } from '../../../../common/documents';
import { newIdempotencyKey } from '../../api/client';
import { briefEvents, documentsApi, type DraftCreate } from '../../api/documents';
import { rectApi } from '../../api/rectification';
import { useAuth } from '../../app/auth';
import { LoadError, showError } from '../../components/errors';
import { shanghaiToday, shanghaiDayjs } from '../../components/OverdueTag';
import { UnitSelect } from '../../components/UnitSelect';
import { useLoad } from '../../components/useLoad';

interface FormValues {
  unitId: string;
  type: DocType;
  kind: 'half' | 'year' | 'range';
  year: number;
  half: 1 | 2;
  range?: [Dayjs, Dayjs];
  batch?: string;
  caseId?: string;
}

const cnDay = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

export function periodText(d: Pick<DraftSummary, 'type' | 'periodFrom' | 'periodTo' | 'subject'>) {
  if (DOC_TYPE_SUBJECT[d.type] === 'batch') return `检查批次：${d.subject ?? ''}`;
  if (DOC_TYPE_SUBJECT[d.type] === 'case') return '单个舆情事件';
  if (!d.periodFrom || !d.periodTo) return '';
  return `${cnDay(d.periodFrom)}至${cnDay(d.periodTo)}`;
}

/** 文稿: pick a unit, a document type and a period (or an inspection batch) and generate a draft from the records. */
export default function Documents() {
  const { can, session } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const narrow = !Grid.useBreakpoint().md;
  const today = shanghaiToday();
  const thisYear = Number(today.slice(0, 4));
  const [form] = Form.useForm<FormValues>();
  const type = Form.useWatch('type', form) ?? 'summary';
  const kind = Form.useWatch('kind', form) ?? 'half';
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState(newIdempotencyKey);
  const [filterType, setFilterType] = useState<string>();
  const [page, setPage] = useState(1);
  // From a summary's 编发舆情专报N期: exactly those briefs (the unit's own series, issued in the period).
  const [params] = useSearchParams();
  const series = params.get('series') === 'brief' ? { series: 'brief', unitId: params.get('unitId') ?? undefined, from: params.get('from') ?? undefined, to: params.get('to') ?? undefined } : null;
  const list = useLoad(() => documentsApi.list({ type: filterType, page, pageSize: 20, ...(series ?? {}) }), [filterType, page, params.toString()]);
  const batches = useLoad(() => (DOC_TYPE_SUBJECT[type] === 'batch' ? rectApi.batches() : Promise.resolve({ items: [] })), [type]);
  const unitId = Form.useWatch('unitId', form);
  const [eventWords, setEventWords] = useState('');
  const events = useLoad(() => (DOC_TYPE_SUBJECT[type] === 'case' && unitId ? briefEvents(unitId, eventWords) : Promise.resolve({ items: [], total: 0, page: 1, pageSize: 20 })), [type, unitId, eventWords]);
  const manage = can('document.manage');
  const subject = DOC_TYPE_SUBJECT[type];
  // The draft page's code is fetched while the user picks, so the preview opens at once after 生成.
  useEffect(() => {
    void import('./Draft');
  }, []);

  const generate = async () => {
    const v = await form.validateFields();
    const body: DraftCreate = { unitId: v.unitId, type: v.type };
    if (subject === 'batch') body.batch = v.batch;
    else if (subject === 'case') body.caseId = v.caseId;
    else if (subject === 'year') body.period = { kind: 'year', year: v.year };
    else if (v.kind === 'range') body.period = { kind: 'range', from: v.range?.[0].format('YYYY-MM-DD'), to: v.range?.[1].format('YYYY-MM-DD') };
    else body.period = v.kind === 'half' ? { kind: 'half', year: v.year, half: v.half } : { kind: 'year', year: v.year };
    setBusy(true);
    try {
      const d = await documentsApi.create(body, key);
      setKey(newIdempotencyKey());
      navigate(`/documents/${d.id}`, { state: { draft: d } });
    } catch (err) {
      showError(err, message, form);
    } finally {
      setBusy(false);
    }
  };

  if (list.error?.status === 403) return <LoadError error={list.error} />;
  const years = Array.from({ length: 6 }, (_, i) => thisYear + 1 - i).map((y) => ({ value: y, label: `${y}年` }));
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {manage && (
        <Card title="生成文稿">
          <Form
            form={form}
            layout={narrow ? 'vertical' : 'inline'}
            initialValues={{ unitId: session!.account.unitId, type: 'summary', kind: 'half', year: thisYear, half: Number(today.slice(5, 7)) > 6 ? 2 : 1 }}
            style={{ rowGap: 12 }}
          >
            <Form.Item name="unitId" label="单位" rules={[{ required: true, message: '请选择单位' }]} style={{ minWidth: 200 }}>
              <UnitSelect />
            </Form.Item>
            <Form.Item name="type" label="文稿类型">
              <Select aria-label="文稿类型" style={{ width: 170 }} options={DOC_TYPES.map((t) => ({ value: t, label: DOC_TYPE_LABELS[t] }))}
                onChange={(t: DocType) => { if (DOC_TYPE_SUBJECT[t] === 'year') form.setFieldsValue({ year: thisYear + (Number(today.slice(5, 7)) >= 10 ? 1 : 0) }); }} />
            </Form.Item>
            {subject === 'period' && (
              <Form.Item name="kind" label="期间">
                <Radio.Group optionType="button" options={[{ value: 'half', label: '半年' }, { value: 'year', label: '全年' }, { value: 'range', label: '时间段' }]} />
              </Form.Item>
            )}
            {subject !== 'batch' && subject !== 'case' && (kind !== 'range' || subject === 'year') && (
              <Form.Item name="year" label={subject === 'year' ? '方案年度' : '年度'}>
                <Select aria-label="年度" style={{ width: 100 }} options={years} />
              </Form.Item>
            )}
            {subject === 'period' && kind === 'half' && (
              <Form.Item name="half">
                <Select aria-label="上半年或下半年" style={{ width: 100 }} options={[{ value: 1, label: '上半年' }, { value: 2, label: '下半年' }]} />
              </Form.Item>
            )}
            {subject === 'period' && kind === 'range' && (
              <Form.Item name="range" label="起止日期" rules={[{ required: true, message: '请选择起止日期' }]}>
                <DatePicker.RangePicker allowClear={false} disabledDate={(d) => d.isAfter(shanghaiDayjs().add(1, 'year'))} />
              </Form.Item>
            )}
            {subject === 'batch' && (
              <Form.Item name="batch" label="检查批次" rules={[{ required: true, message: '请选择检查批次' }]}>
                <Select aria-label="检查批次" style={{ minWidth: 200 }} loading={batches.loading} placeholder="请选择检查批次" notFoundContent="没有带检查批次的整改事项"
                  options={(batches.data?.items ?? []).map((b) => ({ value: b.batch, label: `${b.batch}(${b.count}项)` }))} />
              </Form.Item>
            )}
            {subject === 'case' && (
              <Form.Item name="caseId" label="舆情事件" rules={[{ required: true, message: '请选择舆情事件' }]}>
                <Select aria-label="舆情事件" showSearch filterOption={false} onSearch={setEventWords} style={{ minWidth: 260 }} loading={events.loading}
                  placeholder="输入标题中的词查找" notFoundContent="本单位没有符合的舆情事件"
                  options={(events.data?.items ?? []).map((e) => ({ value: e.id, label: `${e.title}(${e.firstReceivedAt.slice(0, 10)})` }))} />
              </Form.Item>
            )}
            <Form.Item>
              <Button type="primary" loading={busy} onClick={generate}>生成</Button>
            </Form.Item>
          </Form>
        </Card>
      )}
      {series && (
        <Alert type="info" showIcon message={`本单位编发的舆情专报${series.from && series.to ? `(${cnDay(series.from)}至${cnDay(series.to)})` : ''}`}
          action={<Link to="/documents">查看全部文稿</Link>} />
      )}
      <Card title="已有文稿" extra={
        <Select allowClear placeholder="全部类型" style={{ width: 120 }} value={filterType} onChange={(v) => { setFilterType(v); setPage(1); }}
          options={DOC_TYPES.map((t) => ({ value: t, label: DOC_TYPE_LABELS[t] }))} />
      }>
        <Table
          rowKey="id"
          size={narrow ? 'small' : 'middle'}
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (n) => `共 ${n} 份` }}
          scroll={{ x: 640 }}
          columns={[
            { title: '文稿', dataIndex: 'title', render: (v, d) => <Space direction="vertical" size={0}><Link to={`/documents/${d.id}`}>{d.serial && <Tag color="red">{d.serial.year}年第{d.serial.no}期</Tag>}{v}</Link><span style={{ fontSize: 12, color: '#595959' }}>{periodText(d)}</span></Space> },
            { title: '类型', dataIndex: 'type', width: 100, render: (t: DocType) => <Tag>{DOC_TYPE_LABELS[t]}</Tag> },
            { title: '单位', dataIndex: 'unitName', width: 120 },
            { title: '最近修改', key: 'at', width: 170, render: (_, d) => <span>{dayjs(d.updatedAt).format('YYYY-MM-DD HH:mm')}<div style={{ fontSize: 12, color: '#595959' }}>{d.updatedByName} · 第{d.version + 1}版</div></span> },
          ]}
        />
      </Card>
    </Space>
  );
}
