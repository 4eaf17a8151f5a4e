import { Alert, Button, Card, Checkbox, DatePicker, Form, Grid, Input, InputNumber, List, Modal, Select, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { DEFAULT_BANDS, FORMS, LIABLE_KINDS, RESPONSIBILITIES } from '../../../../common/checks';
import { UNIT_KIND_LABELS, UNIT_KINDS } from '../../../../common/labels';
import { checksApi } from '../../api/checks';
import { newIdempotencyKey } from '../../api/client';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../components/errors';
import { UnitSelect } from '../../components/UnitSelect';
import { useLoad } from '../../components/useLoad';
import { useFormDialog, useSubmit } from '../../components/useSubmit';
import { shanghaiDayjs } from '../../components/OverdueTag';

const thisYear = shanghaiDayjs().year();
const STATUS: Record<string, { label: string; color: string }> = {
  draft: { label: '填写中', color: 'processing' }, submitted: { label: '已报送', color: 'success' },
  open: { label: '评分中', color: 'processing' }, published: { label: '已公布', color: 'success' },
};
export const StatusTag = ({ s }: { s: string }) => <Tag color={STATUS[s]?.color}>{STATUS[s]?.label ?? s}</Tag>;

/** 考核细则: this year's and earlier frameworks of the unit, its superiors and units below. */
function Frameworks() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const list = useLoad(() => checksApi.frameworks(), []);
  const { busy, submit, message } = useSubmit();
  const [form] = Form.useForm();
  const d = useFormDialog<'copy'>(form);
  const fromStarter = () => submit(async () => {
    const s = await checksApi.starter(thisYear);
    const f = await checksApi.createFramework({ year: s.year, name: s.name, totalPoints: s.totalPoints, content: s.content }, newIdempotencyKey());
    message.success('已按范本建立考核细则');
    navigate(`/checks/frameworks/${f.id}`);
  });
  const copy = () => d.submit(async (v) => {
    const f = await checksApi.copyFramework(v.fromYear, v.toYear, d.key);
    d.close();
    message.success(`已复制为${v.toYear}年度考核细则`);
    navigate(`/checks/frameworks/${f.id}`);
  });
  if (list.error) return <LoadError error={list.error} />;
  return (
    <>
      {can('check.manage') && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Button type="primary" onClick={() => d.open('copy', { fromYear: thisYear - 1, toYear: thisYear })}>复制上年度细则</Button>
          <Button loading={busy} onClick={fromStarter}>按系统范本新建{thisYear}年度细则</Button>
        </Space>
      )}
      <List
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: '还没有考核细则' }}
        renderItem={(f) => (
          <List.Item>
            <List.Item.Meta
              title={<Link to={`/checks/frameworks/${f.id}`}>{f.name}</Link>}
              description={`${f.year}年度 · ${f.unitName}制定 · 总分${f.totalPoints}分 · ${f.content.sections.reduce((n, s) => n + s.items.length, 0)}项${f.basedOnId ? ' · 由上年度复制' : ''}`}
            />
          </List.Item>
        )}
      />
      <Modal open={d.dialog !== null} title="复制上年度考核细则" onCancel={d.close} onOk={copy} okText="复制" cancelText="取消" confirmLoading={d.busy} destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false}>
          <Space>
            <Form.Item name="fromYear" label="从年度" rules={[{ required: true, message: '请填写年度' }]}><InputNumber id="copy-from" min={2000} max={2100} /></Form.Item>
            <Form.Item name="toYear" label="复制为年度" rules={[{ required: true, message: '请填写年度' }]}><InputNumber id="copy-to" min={2000} max={2100} /></Form.Item>
          </Space>
        </Form>
      </Modal>
    </>
  );
}

/** 自查: the unit's self-inspections; start one on a framework that applies to it. */
function SelfInspections() {
  const { can, session } = useAuth();
  const navigate = useNavigate();
  const list = useLoad(() => checksApi.selfList({}), []);
  const frameworks = useLoad(() => checksApi.frameworks(), []);
  const [form] = Form.useForm();
  const d = useFormDialog<'new'>(form);
  const start = () => d.submit(async (v) => {
    const a = await checksApi.createSelf({ frameworkId: v.frameworkId, unitId: v.unitId, from: v.range[0].format('YYYY-MM-DD'), to: v.range[1].format('YYYY-MM-DD') }, d.key);
    d.close();
    d.message.success('已开始自查，绑定指标的项目已根据台账记录填写');
    navigate(`/checks/self/${a.id}`);
  });
  if (list.error) return <LoadError error={list.error} />;
  return (
    <>
      {can('check.self') && (
        <Button type="primary" style={{ marginBottom: 12 }} onClick={() => d.open('new', { unitId: session?.account.unitId, range: [dayjs(`${thisYear}-01-01`), dayjs(`${thisYear}-12-31`)], frameworkId: frameworks.data?.items.find((f) => f.year === thisYear)?.id })}>
          开展自查
        </Button>
      )}
      <List
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: '还没有自查记录' }}
        renderItem={(s) => (
          <List.Item>
            <List.Item.Meta
              title={<Space wrap><Link to={`/checks/self/${s.id}`}>{s.unitName} · {s.frameworkName}</Link><StatusTag s={s.status} />{s.vetoFailed && <Tag color="error">一票否决</Tag>}</Space>}
              description={`${s.from} 至 ${s.to} · 已填 ${s.assessed}/${s.applicable} 项 · 自查得分 ${s.score}`}
            />
          </List.Item>
        )}
      />
      <Modal open={d.dialog !== null} title="开展自查" onCancel={d.close} onOk={start} okText="开始" cancelText="取消" confirmLoading={d.busy} destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="unitId" label="自查单位" rules={[{ required: true, message: '请选择自查单位' }]}><UnitSelect id="self-unit" /></Form.Item>
          <Form.Item name="frameworkId" label="考核细则" rules={[{ required: true, message: '请选择考核细则' }]}>
            <Select id="self-framework" options={(frameworks.data?.items ?? []).map((f) => ({ value: f.id, label: `${f.name}(${f.unitName})` }))} />
          </Form.Item>
          <Form.Item name="range" label="自查期间" rules={[{ required: true, message: '请选择自查期间' }]}><DatePicker.RangePicker /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** 考核: campaigns the unit runs or is assessed in. */
function Campaigns() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const list = useLoad(() => checksApi.campaigns(), []);
  const frameworks = useLoad(() => checksApi.frameworks(), []);
  const [form] = Form.useForm();
  const d = useFormDialog<'new'>(form);
  const start = () => d.submit(async (v) => {
    const c = await checksApi.createCampaign({
      frameworkId: v.frameworkId, name: v.name, from: v.range[0].format('YYYY-MM-DD'), to: v.range[1].format('YYYY-MM-DD'), unitKinds: v.unitKinds,
      bands: DEFAULT_BANDS.map((b, i) => ({ label: b.label, min: v.bands?.[i] ?? b.min })),
    }, d.key);
    d.close();
    d.message.success(`已发起考核，共 ${c.results?.length ?? 0} 个单位`);
    navigate(`/checks/campaigns/${c.id}`);
  });
  if (list.error) return <LoadError error={list.error} />;
  return (
    <>
      {can('check.manage') && (
        <Button type="primary" style={{ marginBottom: 12 }} onClick={() => d.open('new', {
          name: `${thisYear}年度网络意识形态工作责任制考核`, unitKinds: ['township'], range: [dayjs(`${thisYear}-01-01`), dayjs(`${thisYear}-12-31`)],
          bands: DEFAULT_BANDS.map((b) => b.min), frameworkId: frameworks.data?.items.find((f) => f.year === thisYear)?.id,
        })}>发起考核</Button>
      )}
      <List
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: '还没有考核' }}
        renderItem={(c) => (
          <List.Item>
            <List.Item.Meta
              title={<Space wrap><Link to={`/checks/campaigns/${c.id}`}>{c.name}</Link><StatusTag s={c.status} /></Space>}
              description={`${c.unitName}组织 · ${c.from} 至 ${c.to} · ${c.frameworkName}${c.assessing ? '' : ' · 本单位被考核'}`}
            />
          </List.Item>
        )}
      />
      <Modal open={d.dialog !== null} title="发起考核" onCancel={d.close} onOk={start} okText="发起" cancelText="取消" confirmLoading={d.busy} destroyOnHidden width={600}>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="name" label="考核名称" rules={[{ required: true, message: '请填写考核名称' }]}><Input id="campaign-name" maxLength={100} /></Form.Item>
          <Form.Item name="frameworkId" label="考核细则" rules={[{ required: true, message: '请选择考核细则' }]}>
            <Select id="campaign-framework" options={(frameworks.data?.items ?? []).map((f) => ({ value: f.id, label: `${f.name}(${f.unitName})` }))} />
          </Form.Item>
          <Form.Item name="range" label="考核期间" rules={[{ required: true, message: '请选择考核期间' }]}><DatePicker.RangePicker /></Form.Item>
          <Form.Item name="unitKinds" label="被考核单位类型" rules={[{ required: true, message: '请选择被考核单位类型' }]}>
            <Checkbox.Group options={UNIT_KINDS.filter((k) => k !== 'county').map((k) => ({ value: k, label: UNIT_KIND_LABELS[k] }))} />
          </Form.Item>
          <Form.Item label="等次分数线(不低于)">
            <Space wrap>
              {DEFAULT_BANDS.map((b, i) => (
                <Form.Item key={b.label} name={['bands', i]} noStyle><InputNumber addonBefore={b.label} min={0} max={10000} style={{ width: 130 }} /></Form.Item>
              ))}
            </Space>
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** 待整改问题: failed and deducted items not yet turned into rectifications. */
function Findings() {
  const list = useLoad(() => checksApi.findings(), []);
  if (list.error) return <LoadError error={list.error} />;
  return (
    <List
      loading={list.loading}
      dataSource={list.data?.items ?? []}
      locale={{ emptyText: '没有待转整改的问题' }}
      renderItem={(f) => (
        <List.Item>
          <List.Item.Meta
            title={<Link to={f.kind === 'self' ? `/checks/self/${f.assessmentId}` : `/checks/campaigns/${f.campaignId}/units/${f.unitId}`}>{f.unitName} · {f.itemText}</Link>}
            description={`${f.source} · ${f.veto ? '一票否决项未通过' : `得分 ${f.points}/${f.fullPoints}`}${f.note ? ` · ${f.note}` : ''}`}
          />
        </List.Item>
      )}
    />
  );
}

/** 问责: leaders and inspectors of the deciding unit and above; every look is recorded. */
function Accountability() {
  const list = useLoad(() => checksApi.accountability(), []);
  const situations = useLoad(() => checksApi.situations(), []);
  const narrow = !Grid.useBreakpoint().md;
  const [form] = Form.useForm();
  const d = useFormDialog<'new' | 'situations'>(form);
  const save = () => d.submit(async (v) => {
    if (d.dialog === 'situations') {
      await checksApi.saveSituations(String(v.text).split('\n').map((s) => s.trim()).filter(Boolean));
      await situations.reload();
    } else {
      await checksApi.createAccountability({ ...v, decidedOn: v.decidedOn.format('YYYY-MM-DD'), filedOn: v.filedOn ? v.filedOn.format('YYYY-MM-DD') : null }, d.key);
      await list.reload();
    }
    d.close();
    d.message.success('已保存');
  });
  if (list.error) return <LoadError error={list.error} />;
  return (
    <>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message="问责记录仅作出决定的单位及上级的领导、督查人员可见，每次查看都记入审计日志。" />
      <Space wrap style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => d.open('new', { liable: '集体', responsibility: '主要领导责任', form: '提醒', decidedOn: shanghaiDayjs(), noHonours: false })}>登记问责</Button>
        <Button onClick={() => d.open('situations', { text: (situations.data?.items ?? []).join('\n') })}>编辑问责情形</Button>
      </Space>
      <Table
        rowKey="id" size="small" loading={list.loading} dataSource={list.data?.items ?? []} pagination={false} scroll={narrow ? undefined : { x: 900 }}
        columns={narrow ? [{ title: '问责', key: 'all', render: (_, r) => <Space direction="vertical" size={0}><b>{r.targetUnitName}{r.personName ? ` · ${r.personName}` : ''}</b><span>{r.situation}</span><Typography.Text type="secondary">{r.form} · {r.decidedOn}{r.noHonours ? ' · 取消评优资格' : ''}</Typography.Text></Space> }] : [
          { title: '情形', dataIndex: 'situation' },
          { title: '被问责', key: 't', render: (_, r) => `${r.targetUnitName}${r.personName ? ` · ${r.personName}` : ''}(${r.liable})` },
          { title: '责任', dataIndex: 'responsibility', width: 110 },
          { title: '方式', dataIndex: 'form', width: 90 },
          { title: '决定', key: 'd', render: (_, r) => `${r.decidedOn} ${r.decisionDoc}` },
          { title: '报备', key: 'f', render: (_, r) => (r.filedOn ? `${r.filedOn}${r.receipt ? `，回执：${r.receipt}` : ''}` : '未报备') },
          { title: '评优', key: 'h', width: 110, render: (_, r) => (r.noHonours ? <Tag color="error">取消评优资格</Tag> : '') },
        ]}
      />
      <Modal open={d.dialog !== null} title={d.dialog === 'situations' ? '问责情形(每行一种)' : '登记问责'} onCancel={d.close} onOk={save} okText="保存" cancelText="取消" confirmLoading={d.busy} destroyOnHidden width={640}>
        <Form form={form} layout="vertical" preserve={false}>
          {d.dialog === 'situations' ? (
            <Form.Item name="text" rules={[{ required: true, message: '至少要有一种情形' }]}><Input.TextArea rows={8} /></Form.Item>
          ) : (
            <>
              <Form.Item name="situation" label="问责情形" rules={[{ required: true, message: '请选择问责情形' }]}><Select options={(situations.data?.items ?? []).map((s) => ({ value: s, label: s }))} /></Form.Item>
              <Form.Item name="targetUnitId" label="被问责单位" rules={[{ required: true, message: '请选择被问责单位' }]}><UnitSelect /></Form.Item>
              <Space wrap>
                <Form.Item name="liable" label="责任对象"><Select style={{ width: 100 }} options={LIABLE_KINDS.map((k) => ({ value: k, label: k }))} /></Form.Item>
                <Form.Item name="personName" label="被问责人(个人问责时填写)"><Input maxLength={50} /></Form.Item>
                <Form.Item name="responsibility" label="责任类型"><Select style={{ width: 140 }} options={RESPONSIBILITIES.map((k) => ({ value: k, label: k }))} /></Form.Item>
                <Form.Item name="form" label="问责方式"><Select style={{ width: 120 }} options={FORMS.map((k) => ({ value: k, label: k }))} /></Form.Item>
              </Space>
              <Space wrap>
                <Form.Item name="decidedOn" label="问责日期" rules={[{ required: true, message: '请选择问责日期' }]}><DatePicker /></Form.Item>
                <Form.Item name="decisionDoc" label="问责决定文件" rules={[{ required: true, message: '请填写问责决定文件' }]}><Input maxLength={200} placeholder="如：县委办〔2026〕12号" /></Form.Item>
              </Space>
              <Form.Item name="dissent" label="不同意见(如有)"><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
              <Space wrap>
                <Form.Item name="filedOn" label="向上级组织部门报备日期"><DatePicker /></Form.Item>
                <Form.Item name="receipt" label="报备回执"><Input maxLength={200} /></Form.Item>
              </Space>
              <Form.Item name="noHonours" label="取消评优资格" valuePropName="checked"><Switch /></Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </>
  );
}

/** 自查与考核: frameworks, self-inspections, campaigns, findings and (for leaders and inspectors) accountability. */
export default function Checks() {
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const [tab, setTab] = useState(params.get('tab') ?? 'self');
  const items = [
    { key: 'self', label: '自查', children: <SelfInspections /> },
    { key: 'campaigns', label: '考核', children: <Campaigns /> },
    { key: 'frameworks', label: '考核细则', children: <Frameworks /> },
    { key: 'findings', label: '待整改问题', children: <Findings /> },
    ...(can('check.accountability') ? [{ key: 'accountability', label: '问责', children: <Accountability /> }] : []),
  ];
  return (
    <Card title="自查与考核">
      <Tabs activeKey={tab} items={items} destroyOnHidden onChange={(k) => { setTab(k); setParams({ tab: k }, { replace: true }); }} />
    </Card>
  );
}
