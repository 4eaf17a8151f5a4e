import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Form, Grid, Input, Modal, Radio, Space, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { INFO_KIND_LABELS, INFO_KINDS, INFO_OUTCOME_LABELS, type InfoView } from '../../../../common/information';
import { infoApi } from '../../api/information';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../components/errors';
import { CheckFilter, EnumFilter, FilterBar, RangeFilter, SearchFilter, UnitFilter } from '../../components/ListFilters';
import { ListTable } from '../../components/ListTable';
import { dayText } from '../../components/OverdueTag';
import { UnitSelect } from '../../components/UnitSelect';
import { useListPage } from '../../components/useListPage';
import { useLoad } from '../../components/useLoad';
import { useFormDialog } from '../../components/useSubmit';

export function OutcomeTag({ i }: { i: Pick<InfoView, 'outcome' | 'outcomeWhere'> }) {
  if (!i.outcome) return <Tag color="warning">待采用</Tag>;
  const color = i.outcome === 'rejected' ? 'default' : 'success';
  return <Tag color={color}>{INFO_OUTCOME_LABELS[i.outcome]}{i.outcome === 'published' && i.outcomeWhere ? `·${i.outcomeWhere}` : ''}</Tag>;
}

/** 信息报送: items sent up by the units of the subtree, or (received) those sent to a unit to record their outcome. */
export default function Information() {
  const { can, session } = useAuth();
  const navigate = useNavigate();
  const lp = useListPage();
  const narrow = !Grid.useBreakpoint().md;
  const received = lp.param('direction') === 'received';
  const query = { ...lp.scope, ...lp.pick('direction', 'kind', 'outcome', 'q', 'from', 'to'), ...lp.flags('archived'), ...lp.page };
  const list = useLoad(() => infoApi.list(query), lp.deps);
  const [form] = Form.useForm();
  const d = useFormDialog<'new'>(form);
  const save = () => d.submit(async (v) => {
    const r = await infoApi.create(v, d.key);
    d.close();
    d.message.success(`已报送${r.toUnitName}`);
    navigate(`/information/${r.id}`);
  });
  if (list.error?.status === 403) return <LoadError error={list.error} />;
  const titleOf = (i: InfoView) => <Link to={`/information/${i.id}`}>{i.title}</Link>;
  return (
    <Card
      title="信息报送"
      extra={
        <Space wrap>
          {can('info.submit') && <Button type="primary" onClick={() => d.open('new', { unitId: session?.account.unitId, kind: 'work' })}>报送信息</Button>}
          <Button icon={<DownloadOutlined />} href={infoApi.exportUrl(query)}>导出</Button>
        </Space>
      }
    >
      <Radio.Group style={{ marginBottom: 12 }} value={received ? 'received' : 'sent'} optionType="button" buttonStyle="solid"
        onChange={(e) => lp.setFilters({ direction: e.target.value === 'received' ? 'received' : undefined, outcome: e.target.value === 'received' ? 'pending' : undefined })}
        options={[{ value: 'sent', label: '报送的信息' }, { value: 'received', label: '收到的信息' }]} />
      <Link to="/information/quotas" style={{ marginLeft: 12 }}>每月报送任务</Link>
      <FilterBar>
        <UnitFilter lp={lp} subunits />
        <EnumFilter lp={lp} name="kind" placeholder="类别" width={120} labels={INFO_KIND_LABELS} />
        <EnumFilter lp={lp} name="outcome" placeholder="采用情况" width={130} labels={{ pending: '待采用', adopted_any: '已采用(含摘报、刊发)', ...INFO_OUTCOME_LABELS }} />
        <RangeFilter lp={lp} />
        <CheckFilter lp={lp} name="archived" label="已撤回" />
        <SearchFilter lp={lp} placeholder="标题或正文" width={180} />
      </FilterBar>
      <ListTable list={list} lp={lp}
        columns={narrow ? [
          { title: '信息', key: 'all', render: (_, i) => <Space direction="vertical" size={2}>{titleOf(i)}<Typography.Text type="secondary" style={{ fontSize: 12 }}>{INFO_KIND_LABELS[i.kind]} · {i.unitName}→{i.toUnitName} · {dayText(i.sentDay)}</Typography.Text><OutcomeTag i={i} /></Space> },
        ] : [
          { title: '标题', key: 't', render: (_, i) => titleOf(i) },
          { title: '类别', key: 'k', width: 100, render: (_, i) => INFO_KIND_LABELS[i.kind] },
          { title: '报送单位', dataIndex: 'unitName', width: 130 },
          { title: '接收单位', dataIndex: 'toUnitName', width: 130 },
          { title: '报送日期', key: 'd', width: 130, render: (_, i) => dayText(i.sentDay) },
          { title: '采用情况', key: 'o', width: 160, render: (_, i) => <OutcomeTag i={i} /> },
        ]}
      />
      <Modal open={d.dialog !== null} title="报送信息" onCancel={d.close} onOk={save} okText="报送" cancelText="取消" confirmLoading={d.busy} destroyOnHidden width={640}>
        <Typography.Paragraph type="secondary">报送给所选单位的上级单位；报送后可在详情页上传附件。</Typography.Paragraph>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="unitId" label="报送单位" rules={[{ required: true, message: '请选择报送单位' }]}><UnitSelect /></Form.Item>
          <Form.Item name="kind" label="类别" rules={[{ required: true, message: '请选择类别' }]}><Radio.Group options={INFO_KINDS.map((k) => ({ value: k, label: INFO_KIND_LABELS[k] }))} /></Form.Item>
          <Form.Item name="title" label="标题" rules={[{ required: true, message: '请填写标题' }]}><Input maxLength={200} /></Form.Item>
          <Form.Item name="content" label="正文" rules={[{ required: true, message: '请填写正文' }]}><Input.TextArea rows={8} maxLength={20000} /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
