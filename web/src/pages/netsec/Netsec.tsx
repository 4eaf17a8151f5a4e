import { Button, Card, Checkbox, DatePicker, Form, Grid, Input, InputNumber, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { NETSEC_MEASURE_LABELS, NETSEC_MEASURES, type ContractView, type ProfileView } from '../../../../common/netsec';
import { netsecApi } from '../../api/netsec';
import { useAuth } from '../../app/auth';
import { LoadError, showError } from '../../components/errors';
import { dayText, shanghaiToday, shanghaiDayjs } from '../../components/OverdueTag';
import { UnitSelect } from '../../components/UnitSelect';
import { useLoad } from '../../components/useLoad';
import { useFormDialog } from '../../components/useSubmit';

const measuresText = (p: ProfileView) => p.measures.map((m) => (m === 'other' && p.otherMeasure ? p.otherMeasure : NETSEC_MEASURE_LABELS[m])).join('、') || '未落实';

/** 网络安全: each unit's terminals (内网、外网; 涉密 networks are not recorded here) and measures, maintenance contracts, inspections. */
export default function Netsec() {
  const { can, session } = useAuth();
  const [params, setParams] = useSearchParams();
  const unitId = params.get('unitId') ?? undefined;
  const manage = can('netsec.manage');
  const narrow = !Grid.useBreakpoint().md;
  const profiles = useLoad(() => netsecApi.profiles({ unitId }), [unitId]);
  const contracts = useLoad(() => netsecApi.contracts({ unitId, pageSize: 100 }), [unitId]);
  const year = shanghaiToday().slice(0, 4);
  const figures = useLoad(() => netsecApi.figures({ unitId, from: `${year}-01-01`, to: `${year}-12-31` }), [unitId, profiles.data, contracts.data]);
  const [pform] = Form.useForm();
  const pd = useFormDialog<ProfileView | 'new'>(pform);
  const [cform] = Form.useForm();
  const cd = useFormDialog<ContractView | 'new'>(cform);
  const [, setTick] = useState(0);

  const openProfile = (p: ProfileView | 'new') => pd.open(p, p === 'new'
    ? { unitId: unitId ?? session?.account.unitId, intranetTerminals: 0, internetTerminals: 0, measures: [], checkedDay: shanghaiDayjs() }
    : { ...p, checkedDay: dayjs(p.checkedDay) });
  const saveProfile = () => pd.submit(async (v) => {
    const existing = pd.dialog !== 'new' ? (pd.dialog as ProfileView) : (profiles.data?.items ?? []).find((x) => x.unitId === v.unitId);
    await netsecApi.setProfile({ unitId: v.unitId, intranetTerminals: v.intranetTerminals ?? 0, internetTerminals: v.internetTerminals ?? 0, measures: v.measures ?? [], otherMeasure: v.otherMeasure || null, checkedDay: v.checkedDay.format('YYYY-MM-DD'), version: existing ? existing.version : null });
    pd.close();
    pd.message.success('已保存');
    await profiles.reload();
  });
  const openContract = (c: ContractView | 'new') => cd.open(c, c === 'new' ? { unitId: unitId ?? session?.account.unitId, signedDay: shanghaiDayjs() } : { ...c, signedDay: dayjs(c.signedDay), expiresDay: dayjs(c.expiresDay) });
  const saveContract = () => cd.submit(async (v) => {
    const body = { vendor: v.vendor, scope: v.scope, signedDay: v.signedDay.format('YYYY-MM-DD'), expiresDay: v.expiresDay.format('YYYY-MM-DD') };
    if (cd.dialog === 'new') await netsecApi.createContract({ ...body, unitId: v.unitId }, cd.key);
    else await netsecApi.updateContract((cd.dialog as ContractView).id, { ...body, version: (cd.dialog as ContractView).version });
    cd.close();
    cd.message.success('已保存');
    await contracts.reload();
  });
  const toggle = async (c: ContractView) => {
    try {
      if (c.archived) await netsecApi.restoreContract(c.id, c.version);
      else await netsecApi.archiveContract(c.id, c.version);
      await contracts.reload();
      setTick((n) => n + 1);
    } catch (err) {
      showError(err, cd.message);
    }
  };
  const measures = Form.useWatch('measures', pform) as string[] | undefined;

  if (profiles.error?.status === 403) return <LoadError error={profiles.error} />;
  const f = figures.data;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title="网络安全" extra={<div style={{ width: narrow ? 160 : 220 }}><UnitSelect value={unitId} allowClear placeholder="单位(默认本单位及下级)" onChange={(v) => setParams(v ? { unitId: v } : {})} /></div>}>
        <Typography.Paragraph type="secondary">只登记内网、外网终端；涉密网络和涉密终端不在本系统登记。</Typography.Paragraph>
        {f && (
          <Space wrap size={[16, 4]} aria-label="网络安全统计">
            <Typography.Text>内网终端 {f.intranetTerminals} 台 · 外网终端 {f.internetTerminals} 台({f.unitsProfiled} 个单位)</Typography.Text>
            <Link to={`/activities?type=security_inspection&from=${year}-01-01&to=${year}-12-31${unitId ? `&unitId=${unitId}` : ''}`}>今年网络安全检查 {f.inspections} 次</Link>
            <Typography.Text>发现问题 {f.findings} 个，已销号 {f.findingsClosed} 个</Typography.Text>
            {f.contractsExpiringSoon > 0 && <Tag color="orange">运维合同30天内到期 {f.contractsExpiringSoon} 份</Tag>}
          </Space>
        )}
      </Card>
      <Card title="终端和安全措施" extra={<Space wrap>
        <Button icon={<DownloadOutlined />} href={netsecApi.exportUrl({ unitId })}>导出台账</Button>
        {manage && <Button type="primary" onClick={() => openProfile('new')}>登记终端和措施</Button>}
      </Space>}>
        <Table rowKey="unitId" size="small" loading={profiles.loading} dataSource={profiles.data?.items ?? []} pagination={false} locale={{ emptyText: '尚未登记' }}
          columns={narrow ? [{ title: '单位', key: 'm', render: (_, p: ProfileView) => (
            <Space direction="vertical" size={0}>
              <a onClick={() => manage && openProfile(p)}>{p.unitName}</a>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>内网 {p.intranetTerminals} 台 · 外网 {p.internetTerminals} 台 · {measuresText(p)}</Typography.Text>
            </Space>
          ) }] : [
            { title: '单位', dataIndex: 'unitName' },
            { title: '内网终端', dataIndex: 'intranetTerminals', width: 100, render: (n) => `${n} 台` },
            { title: '外网终端', dataIndex: 'internetTerminals', width: 100, render: (n) => `${n} 台` },
            { title: '安全措施', key: 'm', render: (_, p) => measuresText(p) },
            { title: '核对日期', dataIndex: 'checkedDay', width: 130, render: (d) => dayText(d) },
            ...(manage ? [{ title: '操作', key: 'o', width: 80, render: (_: unknown, p: ProfileView) => <a onClick={() => openProfile(p)}>修改</a> }] : []),
          ]}
        />
      </Card>
      <Card title="运维服务合同" extra={manage && <Button onClick={() => openContract('new')}>登记合同</Button>}>
        <Table rowKey="id" size="small" loading={contracts.loading} dataSource={contracts.data?.items ?? []} pagination={false} locale={{ emptyText: '尚未登记' }}
          columns={narrow ? [{ title: '合同', key: 'c', render: (_: unknown, c: ContractView) => (
            <Space direction="vertical" size={0}>
              <span>{c.vendor}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.scope} · {c.unitName} · {dayText(c.expiresDay)}到期</Typography.Text>
              <Space size={8}>{c.daysLeft < 0 ? <Tag color="red">已到期</Tag> : c.daysLeft <= 30 ? <Tag color="orange">{c.daysLeft} 天后到期</Tag> : null}{manage && !c.archived && <a onClick={() => openContract(c)}>修改</a>}</Space>
            </Space>
          ) }] : [
            { title: '服务单位', dataIndex: 'vendor', render: (v, c: ContractView) => <Space direction="vertical" size={0}><span>{v}</span><Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.scope} · {c.unitName}</Typography.Text></Space> },
            { title: '到期', dataIndex: 'expiresDay', width: 150, render: (d, c: ContractView) => <Space direction="vertical" size={0}><span>{dayText(d)}</span>{c.daysLeft < 0 ? <Tag color="red">已到期</Tag> : c.daysLeft <= 30 ? <Tag color="orange">{c.daysLeft} 天后到期</Tag> : null}</Space> },
            ...(manage ? [{ title: '操作', key: 'o', width: 110, render: (_: unknown, c: ContractView) => (
              <Space>
                {!c.archived && <a onClick={() => openContract(c)}>修改</a>}
                <Popconfirm title={c.archived ? '恢复？' : '归档？'} okText="确定" cancelText="取消" onConfirm={() => toggle(c)}><a>{c.archived ? '恢复' : '归档'}</a></Popconfirm>
              </Space>
            ) }] : []),
          ]}
        />
      </Card>
      <Modal open={pd.dialog !== null} title="登记终端和安全措施" onCancel={pd.close} onOk={saveProfile} okText="保存" cancelText="取消" confirmLoading={pd.busy} destroyOnHidden>
        <Form form={pform} layout="vertical" preserve={false}>
          <Form.Item name="unitId" label="单位" rules={[{ required: true, message: '请选择单位' }]}><UnitSelect id="netsec-unit" /></Form.Item>
          <Space wrap>
            <Form.Item name="intranetTerminals" label="内网终端(台)" rules={[{ required: true, message: '请填写内网终端数' }]}><InputNumber id="netsec-intranet" min={0} max={100000} /></Form.Item>
            <Form.Item name="internetTerminals" label="外网终端(台)" rules={[{ required: true, message: '请填写外网终端数' }]}><InputNumber id="netsec-internet" min={0} max={100000} /></Form.Item>
            <Form.Item name="checkedDay" label="核对日期" rules={[{ required: true, message: '请选择核对日期' }]}><DatePicker /></Form.Item>
          </Space>
          <Form.Item name="measures" label="已落实的安全措施"><Checkbox.Group options={NETSEC_MEASURES.map((m) => ({ value: m, label: NETSEC_MEASURE_LABELS[m] }))} /></Form.Item>
          {measures?.includes('other') && <Form.Item name="otherMeasure" label="其他措施" rules={[{ required: true, message: '请填写其他措施' }]}><Input maxLength={200} /></Form.Item>}
        </Form>
      </Modal>
      <Modal open={cd.dialog !== null} title="运维服务合同" onCancel={cd.close} onOk={saveContract} okText="保存" cancelText="取消" confirmLoading={cd.busy} destroyOnHidden>
        <Form form={cform} layout="vertical" preserve={false}>
          {cd.dialog === 'new' && <Form.Item name="unitId" label="单位" rules={[{ required: true, message: '请选择单位' }]}><UnitSelect /></Form.Item>}
          <Form.Item name="vendor" label="服务单位" rules={[{ required: true, message: '请填写服务单位' }]}><Input maxLength={200} /></Form.Item>
          <Form.Item name="scope" label="服务内容" rules={[{ required: true, message: '请填写服务内容' }]}><Input maxLength={500} /></Form.Item>
          <Space wrap>
            <Form.Item name="signedDay" label="签订日期" rules={[{ required: true, message: '请选择签订日期' }]}><DatePicker /></Form.Item>
            <Form.Item name="expiresDay" label="到期日期" rules={[{ required: true, message: '请选择到期日期' }]}><DatePicker /></Form.Item>
          </Space>
        </Form>
      </Modal>
    </Space>
  );
}
