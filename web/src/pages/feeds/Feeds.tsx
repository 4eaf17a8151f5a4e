import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Switch, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { FEED_STATUS_LABELS, type FeedView } from '../../../../common/feeds';
import { feedsApi } from '../../api/feeds';
import { useAuth } from '../../app/auth';
import { ArchiveToggle } from '../../components/ArchiveToggle';
import { LoadError, showError } from '../../components/errors';
import { CheckFilter, FilterBar, UnitFilter } from '../../components/ListFilters';
import { ListTable } from '../../components/ListTable';
import { UnitSelect } from '../../components/UnitSelect';
import { useListPage } from '../../components/useListPage';
import { useLoad } from '../../components/useLoad';
import { useFormDialog } from '../../components/useSubmit';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—');

const STATUS_COLOR: Record<string, string> = { ok: 'green', not_modified: 'blue', error: 'red' };

/** Keywords are typed as tags: Enter or a comma after each. */
function KeywordInput(props: { value?: string[]; onChange?: (v: string[]) => void; placeholder: string }) {
  return <Select mode="tags" tokenSeparators={[',', '，', '、', ' ']} open={false} suffixIcon={null} {...props} />;
}

/** The public feeds a unit watches for topics of its work; each poll's outcome is shown on the feed. */
export default function Feeds() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const lp = useListPage();
  const unitId = lp.param('unitId');
  const list = useLoad(() => feedsApi.list({ unitId, archived: lp.flag('archived'), ...lp.page }), lp.deps);
  const [form] = Form.useForm();
  const d = useFormDialog<FeedView | 'new'>(form);
  const editing = d.dialog;
  const [polling, setPolling] = useState<string | null>(null);
  const manage = can('feed.manage');

  const open = (f: FeedView | 'new') => d.open(f, f === 'new' ? { unitId, any: [], all: [], none: [], intervalMinutes: 60, enabled: true } : { ...f });
  const save = () => d.submit(async (v) => {
    if (editing === 'new') await feedsApi.create(v, d.key);
    else if (editing) await feedsApi.update(editing.id, { ...v, version: editing.version });
    message.success('已保存');
    d.close();
    await list.reload();
  });
  const poll = async (f: FeedView) => {
    setPolling(f.id);
    try {
      const r = await feedsApi.poll(f.id);
      if (r.result.status === 'error') message.error(`抓取失败：${r.result.error}`);
      else message.success(r.result.status === 'not_modified' ? '订阅内容没有更新' : `抓取到 ${r.result.items} 条，新增线索 ${r.result.newClues} 条`);
      await list.reload();
    } catch (err) {
      showError(err, message);
    } finally {
      setPolling(null);
    }
  };
  if (list.error?.status === 403) return <LoadError error={list.error} />;
  return (
    <Card title="订阅源" extra={manage && <Button type="primary" onClick={() => open('new')}>新增订阅源</Button>}>
      <Typography.Paragraph type="secondary">
        登记与本单位工作相关的公开 RSS/Atom 订阅地址和关键词，系统按间隔抓取，命中关键词的条目进入“线索”队列，同一条目只进入一次。只读取公开订阅的条目，不记录作者信息。
      </Typography.Paragraph>
      <FilterBar>
        <UnitFilter lp={lp} width={220} />
        <CheckFilter lp={lp} name="archived" label="只看已归档" />
      </FilterBar>
      <ListTable list={list} lp={lp} empty={{
          first: '还没有订阅源。点“新增订阅源”，填写要关注的政府网站栏目或 RSS 地址和关键词。',
          source: '系统定时抓取订阅源，标题或摘要命中关键词的条目成为“线索”。',
        }} unit="个" sizeChanger={false} scroll={{ x: 900 }}
        columns={[
          { title: '名称', dataIndex: 'name', render: (v, f) => <Space direction="vertical" size={0}><span>{v}</span><Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: f.url }}>{f.url}</Typography.Text></Space> },
          { title: '单位', dataIndex: 'unitName', width: 120 },
          { title: '关键词', key: 'kw', render: (_, f) => (
            <Space size={[0, 4]} wrap>
              {f.any.map((k) => <Tag key={`a${k}`}>{k}</Tag>)}
              {f.all.map((k) => <Tag key={`l${k}`} color="blue">+{k}</Tag>)}
              {f.none.map((k) => <Tag key={`n${k}`} color="default" style={{ textDecoration: 'line-through' }}>{k}</Tag>)}
            </Space>
          ) },
          { title: '间隔', dataIndex: 'intervalMinutes', width: 80, render: (v, f) => (f.enabled ? `${v} 分钟` : <Tag>已停用</Tag>) },
          { title: '最近抓取', key: 'last', width: 200, render: (_, f) => (
            f.lastStatus ? (
              <Space direction="vertical" size={0}>
                <span><Tag color={STATUS_COLOR[f.lastStatus]}>{FEED_STATUS_LABELS[f.lastStatus] ?? f.lastStatus}</Tag>{when(f.lastPolledAt)}</span>
                {f.lastError && <Typography.Text type="danger" style={{ fontSize: 12 }}>{f.lastError}{f.failCount > 1 ? `(连续 ${f.failCount} 次)` : ''}</Typography.Text>}
              </Space>
            ) : <Typography.Text type="secondary">尚未抓取</Typography.Text>
          ) },
          { title: '待处理线索', dataIndex: 'newClues', width: 100, render: (n, f) => (n ? <Link to={`/clues?feedId=${f.id}`}>{n} 条</Link> : '0') },
          ...(manage ? [{
            title: '操作', key: 'ops', width: 200, fixed: 'right' as const,
            render: (_: unknown, f: FeedView) => (
              <Space>
                {!f.archived && <a onClick={() => open(f)}>编辑</a>}
                {!f.archived && <Tooltip title="立即抓取一次"><Button size="small" loading={polling === f.id} onClick={() => poll(f)}>抓取</Button></Tooltip>}
                <ArchiveToggle link archived={f.archived} what="该订阅源" confirm="归档后不再抓取，确定？"
                  toggle={(on) => (on ? feedsApi.restore(f.id, f.version) : feedsApi.archive(f.id, f.version))} onDone={list.reload} />
              </Space>
            ),
          }] : []),
        ]}
      />
      <Modal open={editing !== null} title={editing === 'new' ? '新增订阅源' : '编辑订阅源'} onCancel={d.close} onOk={save} okText="保存" cancelText="取消" confirmLoading={d.busy} destroyOnHidden width={640}>
        <Form form={form} layout="vertical" preserve={false}>
          {editing === 'new' && (
            <Form.Item name="unitId" label="所属单位" rules={[{ required: true, message: '请选择单位' }]}><UnitSelect /></Form.Item>
          )}
          <Form.Item name="name" label="订阅名称" rules={[{ required: true, message: '请填写订阅名称' }, { max: 100, message: '订阅名称不能超过 100 个字' }]}>
            <Input placeholder="如：县融媒体中心新闻" />
          </Form.Item>
          <Form.Item name="url" label="订阅地址(RSS/Atom)" rules={[{ required: true, message: '请填写订阅地址' }, { pattern: /^https?:\/\/\S+$/i, message: '订阅地址应为 http:// 或 https:// 开头的网址' }]}>
            <Input placeholder="https://…/rss.xml" />
          </Form.Item>
          <Form.Item name="any" label="任一关键词(命中其中一个即可)" extra="输入后按回车；繁体、全角写法也能命中">
            <KeywordInput placeholder="如：网信、网络安全" />
          </Form.Item>
          <Form.Item name="all" label="全部关键词(必须都出现)"><KeywordInput placeholder="如：本县县名" /></Form.Item>
          <Form.Item name="none" label="排除关键词(出现任一即不收)"><KeywordInput placeholder="如：广告、招聘" /></Form.Item>
          <Space size="large">
            <Form.Item name="intervalMinutes" label="抓取间隔(分钟)" rules={[{ required: true, message: '请填写抓取间隔' }]}>
              <InputNumber min={15} max={1440} step={15} />
            </Form.Item>
            <Form.Item name="enabled" label="启用" valuePropName="checked"><Switch /></Form.Item>
          </Space>
        </Form>
      </Modal>
    </Card>
  );
}
