import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, DatePicker, Form, Grid, Input, Modal, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { PUBLISHING_TYPES } from '../../../../common/outlets';
import { CORRECTION_SEVERITY_LABELS, CORRECTION_SOURCE_LABELS, POST_STATUS_LABELS, type PostView } from '../../../../common/publishing';
import { outletApi, postApi } from '../../api/outlets';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../components/errors';
import { EnumFilter, FilterBar, SearchFilter, UnitFilter } from '../../components/ListFilters';
import { ListTable } from '../../components/ListTable';
import { dayText } from '../../components/OverdueTag';
import { UnitSelect } from '../../components/UnitSelect';
import { useListPage } from '../../components/useListPage';
import { useLoad } from '../../components/useLoad';
import { useFormDialog } from '../../components/useSubmit';

const STATUS_COLOR: Record<string, string> = { draft: 'default', reviewing: 'processing', rejected: 'error', approved: 'cyan', published: 'success' };
export function PostStatusTag({ p }: { p: PostView }) {
  return <Tag color={STATUS_COLOR[p.status]}>{p.status === 'reviewing' && p.currentStep ? `待${p.currentStep.label}` : POST_STATUS_LABELS[p.status]}</Tag>;
}

/** The post's fields, for drafting and for editing after a rejection. */
export function PostFields({ form, create }: { form: ReturnType<typeof Form.useForm>[0]; create: boolean }) {
  const unitId = Form.useWatch('unitId', form);
  const outlets = useLoad(() => outletApi.list({ unitId, pageSize: 200, status: undefined }), [unitId]);
  const options = (outlets.data?.items ?? []).filter((o) => PUBLISHING_TYPES.includes(o.type) && o.status !== 'closed').map((o) => ({ value: o.id, label: `${o.name}(${o.unitName})` }));
  return (
    <>
      {create && <Form.Item name="unitId" label="所属单位" rules={[{ required: true, message: '请选择所属单位' }]}><UnitSelect id="post-unit" /></Form.Item>}
      <Form.Item name="title" label="标题" rules={[{ required: true, message: '请填写标题' }]}><Input id="post-title" maxLength={200} /></Form.Item>
      <Form.Item name="body" label="正文" rules={[{ required: true, message: '请填写正文' }]}><Input.TextArea id="post-body" rows={8} maxLength={50000} /></Form.Item>
      <Form.Item name="outletIds" label="发布阵地" rules={[{ required: true, message: '请选择至少一个发布阵地' }]}>
        <Select id="post-outlets" mode="multiple" options={options} loading={outlets.loading} placeholder="选择发布到哪些网站、公众号等" />
      </Form.Item>
      <Space wrap>
        <Form.Item name="plannedAt" label="计划发布日期"><DatePicker id="post-planned" /></Form.Item>
        <Form.Item name="important" valuePropName="checked" label="重要信息"><Checkbox id="post-important">重要信息(各审核环节须通读全文)</Checkbox></Form.Item>
      </Space>
    </>
  );
}

// biome-ignore lint: form values are loosely typed
export const postBody = (v: any) => ({ title: v.title, body: v.body, outletIds: v.outletIds ?? [], plannedAt: v.plannedAt ? v.plannedAt.format('YYYY-MM-DD') : null, important: Boolean(v.important) });

function Corrections() {
  const lp = useListPage();
  const q = { unitId: lp.unitId, ...lp.pick('from', 'to'), ...lp.page };
  const list = useLoad(() => postApi.corrections(q), lp.deps);
  return (
    <>
      <Space style={{ marginBottom: 12 }}><Button icon={<DownloadOutlined />} href={postApi.correctionsExportUrl(q)}>导出更正台账</Button></Space>
      <Table rowKey="id" size="small" loading={list.loading} dataSource={list.data?.items ?? []} pagination={lp.pagination(list.data?.total, '次')} scroll={{ x: 700 }}
        columns={[
          { title: '信息', dataIndex: 'postTitle', render: (v, c) => <Link to={`/publishing/${c.postId}`}>{v}</Link> },
          { title: '错误内容', dataIndex: 'wrong' },
          { title: '严重程度', dataIndex: 'severity', width: 120, render: (v: 'normal' | 'serious') => <Tag color={v === 'serious' ? 'error' : 'default'}>{CORRECTION_SEVERITY_LABELS[v]}</Tag> },
          { title: '发现', key: 'f', width: 150, render: (_, c) => `${CORRECTION_SOURCE_LABELS[c.foundBy]} ${dayText(c.foundOn)}` },
          { title: '更正', dataIndex: 'fixedOn', width: 130, render: (v) => (v ? dayText(v) : <Typography.Text type="warning">未更正</Typography.Text>) },
        ]} />
    </>
  );
}

/** 信息发布审核: what waits for me, all posts of my units, and corrections after publication. */
export default function Publishing() {
  const { can, session } = useAuth();
  const navigate = useNavigate();
  const lp = useListPage();
  const narrow = !Grid.useBreakpoint().md;
  const view = lp.param('view') ?? (lp.param('waiting') === 'me' ? 'mine' : 'all');
  const query = { ...lp.scope, ...lp.pick('status', 'q', 'from', 'to', 'waiting'), ...lp.page };
  const list = useLoad(() => (view === 'corrections' ? Promise.resolve(null) : postApi.list(query)), lp.deps);
  const [form] = Form.useForm();
  const d = useFormDialog<'new'>(form);
  const create = () => d.open('new', { unitId: lp.unitId ?? session?.account.unitId });
  const save = () => d.submit(async (v) => {
    const r = await postApi.create({ ...postBody(v), unitId: v.unitId }, d.key);
    d.close();
    d.message.success('已保存草稿');
    navigate(`/publishing/${r.id}`);
  });
  if (list.error?.status === 403) return <LoadError error={list.error} />;
  const setView = (v: string) => lp.setFilters({ view: v === 'all' ? undefined : v === 'mine' ? undefined : v, waiting: v === 'mine' ? 'me' : undefined });
  return (
    <Card
      title="信息发布审核"
      extra={
        <Space wrap>
          {can('post.write') && <Button type="primary" onClick={create}>撰写信息</Button>}
          <Link to="/publishing/figures">统计</Link>
          <Link to="/publishing/rules">校对规则</Link>
          {can('publishing.settings') && <Link to="/publishing/settings">审核流程和更新频次</Link>}
          <Button icon={<DownloadOutlined />} href={postApi.exportUrl(query)}>导出</Button>
        </Space>
      }
    >
      <Segmented style={{ marginBottom: 12 }} value={view} onChange={(v) => setView(String(v))}
        options={[...(can('post.review') ? [{ value: 'mine', label: '待我审核' }] : []), { value: 'all', label: '全部信息' }, { value: 'corrections', label: '更正记录' }]} />
      {view === 'corrections' ? <Corrections /> : (
        <>
          <FilterBar>
            <UnitFilter lp={lp} subunits />
            {view === 'all' && <EnumFilter lp={lp} name="status" placeholder="状态" width={130} labels={POST_STATUS_LABELS} />}
            <SearchFilter lp={lp} placeholder="标题或正文" width={200} />
          </FilterBar>
          <ListTable list={list as never} lp={lp} scroll={narrow ? undefined : { x: 800 }}
            columns={narrow ? [
              {
                title: '信息', key: 'all', render: (_: unknown, p: PostView) => (
                  <Space direction="vertical" size={2}>
                    <Link to={`/publishing/${p.id}`}>{p.title}</Link>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>{p.unitName} · {p.authorName} · {p.targets.map((t) => t.outletName).join('、')}</Typography.Text>
                    <Space size={4} wrap><PostStatusTag p={p} />{p.hits.some((h) => h.status === 'open') && <Tag color="orange">校对提示 {p.hits.filter((h) => h.status === 'open').length}</Tag>}</Space>
                  </Space>
                ),
              },
            ] : [
              { title: '标题', dataIndex: 'title', render: (v: string, p: PostView) => <Space direction="vertical" size={0}><Link to={`/publishing/${p.id}`}>{v}</Link><Typography.Text type="secondary" style={{ fontSize: 12 }}>{p.targets.map((t) => t.outletName).join('、')}</Typography.Text></Space> },
              { title: '单位', dataIndex: 'unitName', width: 120 },
              { title: '作者', dataIndex: 'authorName', width: 150 },
              { title: '状态', key: 's', width: 180, render: (_: unknown, p: PostView) => <Space size={4} wrap><PostStatusTag p={p} />{p.hits.some((h) => h.status === 'open') && <Tag color="orange">校对提示 {p.hits.filter((h) => h.status === 'open').length}</Tag>}</Space> },
            ]}
          />
        </>
      )}
      <Modal open={d.dialog !== null} title="撰写信息" onCancel={d.close} onOk={save} okText="保存草稿" cancelText="取消" confirmLoading={d.busy} destroyOnHidden width={720}>
        <Form form={form} layout="vertical" preserve={false}><PostFields form={form} create /></Form>
      </Modal>
    </Card>
  );
}
