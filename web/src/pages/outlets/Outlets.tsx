import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, DatePicker, Form, Grid, Input, InputNumber, Modal, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link, useNavigate } from 'react-router-dom';
import {
  OUTLET_STATUS_LABELS, OUTLET_TYPE_LABELS, OUTLET_TYPES, type OutletType, type OutletView, QUIET_STATE_LABELS, type QuietState,
} from '../../../../common/outlets';
import { outletApi } from '../../api/outlets';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../components/errors';
import { CheckFilter, EnumFilter, FilterBar, SearchFilter, UnitFilter } from '../../components/ListFilters';
import { ListTable } from '../../components/ListTable';
import { dayText, shanghaiDayjs } from '../../components/OverdueTag';
import { PersonSelect } from '../../components/PersonSelect';
import { UnitSelect } from '../../components/UnitSelect';
import { useListPage } from '../../components/useListPage';
import { useLoad } from '../../components/useLoad';
import { useFormDialog } from '../../components/useSubmit';

const QUIET_COLOR: Record<QuietState, string> = { ok: 'success', late: 'warning', dormant: 'error', unchecked: 'default' };

export function QuietTag({ o }: { o: OutletView }) {
  if (o.quiet === 'unchecked') return null;
  const since = o.lastPostDay ? `最近发布 ${dayText(o.lastPostDay)}` : '尚无发布记录';
  return <Tag color={QUIET_COLOR[o.quiet]} title={since}>{QUIET_STATE_LABELS[o.quiet]}</Tag>;
}

export function ExpiryTags({ o }: { o: OutletView }) {
  return (
    <>
      {o.expiring.map((e) => (
        <Tag key={e.what} color={e.daysLeft < 0 ? 'error' : e.daysLeft <= 7 ? 'warning' : 'gold'}>
          {e.what}{e.daysLeft < 0 ? `已于${dayText(e.day)}到期` : `${e.daysLeft}天后到期`}
        </Tag>
      ))}
    </>
  );
}

/** What a type of outlet records: websites their filings and 等保, accounts their platform, 工作群 only purpose and rules. */
export function OutletFields({ form, create }: { form: ReturnType<typeof Form.useForm>[0]; create: boolean }) {
  const type = Form.useWatch('type', form) as OutletType | undefined;
  const unitId = Form.useWatch('unitId', form);
  const web = type === 'website';
  const account = type && ['wechat', 'weibo', 'video', 'app', 'miniapp'].includes(type);
  const group = type === 'group';
  return (
    <>
      {create && (
        <Space wrap>
          <Form.Item name="unitId" label="所属单位" rules={[{ required: true, message: '请选择所属单位' }]}><UnitSelect id="outlet-unit" /></Form.Item>
          <Form.Item name="type" label="阵地类型" rules={[{ required: true, message: '请选择阵地类型' }]}>
            <Select id="outlet-type" style={{ width: 180 }} options={OUTLET_TYPES.map((t) => ({ value: t, label: OUTLET_TYPE_LABELS[t] }))} />
          </Form.Item>
        </Space>
      )}
      <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写阵地名称' }]}><Input id="outlet-name" maxLength={100} /></Form.Item>
      {group && <Alert type="info" showIcon style={{ marginBottom: 12 }} message="工作群只登记名称、用途、管理员和群规，系统不读取、不保存群内消息。" />}
      {!group && type !== 'terminal' && (
        <Space wrap>
          <Form.Item name="platform" label="平台"><Input id="outlet-platform" style={{ width: 160 }} maxLength={50} placeholder={account ? '如：微信、抖音' : ''} /></Form.Item>
          <Form.Item name="account" label={web ? '网址' : '账号'}><Input id="outlet-account" style={{ width: 260 }} maxLength={300} /></Form.Item>
          {account && <Form.Item name="verified" valuePropName="checked" label="官方认证"><Checkbox id="outlet-verified">已认证</Checkbox></Form.Item>}
        </Space>
      )}
      {!group && (
        <Space wrap>
          <Form.Item name="hostUnit" label="主办单位"><Input id="outlet-host" style={{ width: 220 }} maxLength={100} /></Form.Item>
          <Form.Item name="opsUnit" label="运维单位"><Input id="outlet-ops" style={{ width: 220 }} maxLength={100} /></Form.Item>
        </Space>
      )}
      <Space wrap>
        <Form.Item name="managerPersonId" label={group ? '群主/管理员' : '管理员'}><PersonSelect unitId={unitId} allowClear /></Form.Item>
        {!group && <Form.Item name="editors" label="编辑人员"><Input id="outlet-editors" style={{ width: 260 }} maxLength={300} /></Form.Item>}
      </Space>
      {group && (
        <>
          <Form.Item name="purpose" label="用途" rules={[{ required: true, message: '工作群请填写用途' }]}><Input id="outlet-purpose" maxLength={300} /></Form.Item>
          <Form.Item name="rules" label="群规"><Input.TextArea id="outlet-rules" rows={3} maxLength={2000} /></Form.Item>
        </>
      )}
      {(web || type === 'app' || type === 'miniapp') && (
        <>
          <Space wrap>
            <Form.Item name="domain" label="域名"><Input id="outlet-domain" style={{ width: 220 }} maxLength={200} placeholder="www.example.gov.cn" /></Form.Item>
            <Form.Item name="domainExpires" label="域名到期日"><DatePicker id="outlet-domain-expires" /></Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="icpNo" label="ICP备案号"><Input id="outlet-icp" style={{ width: 220 }} maxLength={40} placeholder="京ICP备12345678号-1" /></Form.Item>
            <Form.Item name="psbNo" label="公安备案号"><Input id="outlet-psb" style={{ width: 260 }} maxLength={40} placeholder="京公网安备11010502000001号" /></Form.Item>
            <Form.Item name="filingExpires" label="备案有效期"><DatePicker id="outlet-filing-expires" /></Form.Item>
          </Space>
        </>
      )}
      {web && (
        <Space wrap>
          <Form.Item name="mlpsGrade" label="等保级别"><Select id="outlet-mlps" allowClear style={{ width: 120 }} options={[1, 2, 3, 4].map((g) => ({ value: g, label: `第${g}级` }))} /></Form.Item>
          <Form.Item name="mlpsAssessedOn" label="最近测评日期"><DatePicker id="outlet-mlps-day" /></Form.Item>
        </Space>
      )}
      {!group && type !== 'terminal' && <Form.Item name="contractExpires" label="运维合同到期日"><DatePicker id="outlet-contract" /></Form.Item>}
      {type === 'terminal' && <Form.Item name="terminalCount" label="终端数量"><InputNumber id="outlet-terminals" min={0} /></Form.Item>}
      {!group && type !== 'terminal' && <Form.Item name="quietDays" label="更新周期(天)" extra="超过此天数未发布即为“未按期更新”；不填按该类阵地的要求"><InputNumber id="outlet-quiet" min={1} max={365} /></Form.Item>}
      {create && (
        <Space wrap>
          <Form.Item name="startDay" label="开设日期" rules={[{ required: true, message: '请选择开设日期' }]}><DatePicker id="outlet-start" /></Form.Item>
          <Form.Item name="status" label="状态" rules={[{ required: true }]}>
            <Select id="outlet-status" style={{ width: 120 }} options={[{ value: 'running', label: '运行' }, { value: 'planned', label: '拟开设' }]} />
          </Form.Item>
        </Space>
      )}
    </>
  );
}

const day = (d: dayjs.Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

/** The form's values → the request's fields. */
// biome-ignore lint: form values are loosely typed
export function outletBody(v: any) {
  return {
    type: v.type, name: v.name, platform: v.platform ?? null, account: v.account ?? null, hostUnit: v.hostUnit ?? null, opsUnit: v.opsUnit ?? null,
    managerPersonId: v.managerPersonId ?? null, editors: v.editors ?? null, icpNo: v.icpNo ?? null, psbNo: v.psbNo ?? null, domain: v.domain ?? null,
    domainExpires: day(v.domainExpires), filingExpires: day(v.filingExpires), verified: Boolean(v.verified), mlpsGrade: v.mlpsGrade ?? null,
    mlpsAssessedOn: day(v.mlpsAssessedOn), contractExpires: day(v.contractExpires), purpose: v.purpose ?? null, rules: v.rules ?? null,
    terminalCount: v.terminalCount ?? null, quietDays: v.quietDays ?? null,
  };
}

/** 阵地台账: the unit's own outlets, with their update state and what expires soon. */
export default function Outlets() {
  const { can, session } = useAuth();
  const navigate = useNavigate();
  const lp = useListPage();
  const narrow = !Grid.useBreakpoint().md;
  const query = { ...lp.scope, ...lp.pick('type', 'status', 'quiet', 'q'), ...lp.flags('expiring', 'archived'), ...lp.page };
  const list = useLoad(() => outletApi.list(query), lp.deps);
  const [form] = Form.useForm();
  const d = useFormDialog<'new'>(form);
  const create = () => d.open('new', { unitId: lp.unitId ?? session?.account.unitId, status: 'running', startDay: shanghaiDayjs() });
  const save = () => d.submit(async (v) => {
    const r = await outletApi.create({ ...outletBody(v), unitId: v.unitId, startDay: v.startDay.format('YYYY-MM-DD'), status: v.status }, d.key);
    d.close();
    d.message.success(r.duplicateOf ? `已登记阵地；注意：本单位在该平台已有“${r.duplicateOf}”` : '已登记阵地');
    navigate(`/outlets/${r.id}`);
  });

  if (list.error?.status === 403) return <LoadError error={list.error} />;
  const tags = (o: OutletView) => (
    <Space size={4} wrap>
      <Tag>{OUTLET_STATUS_LABELS[o.status]}</Tag>
      <QuietTag o={o} />
      <ExpiryTags o={o} />
      {o.duplicateOf && <Tag color="orange">与“{o.duplicateOf}”重复开设</Tag>}
    </Space>
  );
  return (
    <Card
      title="阵地台账"
      extra={
        <Space wrap>
          {can('outlet.manage') && <Button type="primary" onClick={create}>登记阵地</Button>}
          <Button icon={<DownloadOutlined />} href={outletApi.exportUrl(query)}>导出</Button>
        </Space>
      }
    >
      <FilterBar>
        <UnitFilter lp={lp} subunits />
        <EnumFilter lp={lp} name="type" placeholder="类型" width={140} labels={OUTLET_TYPE_LABELS} />
        <EnumFilter lp={lp} name="status" placeholder="状态" width={110} labels={OUTLET_STATUS_LABELS} />
        <EnumFilter lp={lp} name="quiet" placeholder="更新情况" width={140} labels={{ any: '未按期更新或睡眠', late: '未按期更新', dormant: '睡眠' }} />
        <CheckFilter lp={lp} name="expiring" label="即将到期" />
        <CheckFilter lp={lp} name="archived" label="已归档" />
        <SearchFilter lp={lp} placeholder="名称、账号或域名" width={200} />
      </FilterBar>
      <ListTable list={list} lp={lp} unit="个" scroll={narrow ? undefined : { x: 900 }}
        columns={narrow ? [
          {
            title: '阵地', key: 'all', render: (_, o) => (
              <Space direction="vertical" size={2}>
                <Link to={`/outlets/${o.id}`}>{o.name}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{OUTLET_TYPE_LABELS[o.type]} · {o.unitName}{o.lastPostDay ? ` · 最近发布 ${dayText(o.lastPostDay)}` : ''}</Typography.Text>
                {tags(o)}
              </Space>
            ),
          },
        ] : [
          { title: '名称', dataIndex: 'name', render: (v, o) => <Space direction="vertical" size={0}><Link to={`/outlets/${o.id}`}>{v}</Link><Typography.Text type="secondary" style={{ fontSize: 12 }}>{o.account ?? o.domain ?? ''}</Typography.Text></Space> },
          { title: '类型', dataIndex: 'type', width: 120, render: (v: OutletType, o) => <span>{OUTLET_TYPE_LABELS[v]}{o.platform && <div style={{ fontSize: 12, color: '#595959' }}>{o.platform}</div>}</span> },
          { title: '所属单位', dataIndex: 'unitName', width: 120, render: (v, o) => <span>{v}{o.managerName && <div style={{ fontSize: 12, color: '#595959' }}>{o.managerName}</div>}</span> },
          { title: '最近发布', key: 'last', width: 130, render: (_, o) => (o.lastPostDay ? <span>{dayText(o.lastPostDay)}<div style={{ fontSize: 12, color: '#595959' }}>近30天 {o.postsLast30} 条</div></span> : '—') },
          { title: '状态', key: 's', width: 240, render: (_, o) => tags(o) },
        ]}
      />
      <Modal open={d.dialog !== null} title="登记阵地" onCancel={d.close} onOk={save} okText="保存" cancelText="取消" confirmLoading={d.busy} destroyOnHidden width={720}>
        <Form form={form} layout="vertical" preserve={false}>
          <OutletFields form={form} create />
        </Form>
      </Modal>
    </Card>
  );
}
