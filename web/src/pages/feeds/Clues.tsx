import { App, Button, Card, Input, List, Modal, Popconfirm, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { casesApi } from '../../api/cases';
import { CLUE_STATE_LABELS, type ClueState, type ClueView } from '../../../../common/feeds';
import { feedsApi } from '../../api/feeds';
import { useAuth } from '../../app/auth';
import { LoadError, showError } from '../../components/errors';
import { EmptyState } from '../../components/ListTable';
import { useLoad } from '../../components/useLoad';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—');

/** Items from watched feeds that matched the unit's keywords, waiting to be looked at. */
export default function Clues() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const feedId = params.get('feedId') ?? undefined;
  const [state, setState] = useState<ClueState>('new');
  const [q, setQ] = useState('');
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const list = useLoad(() => feedsApi.clues({ state, feedId, q, ...page }), [state, feedId, q, page]);
  const [dismissing, setDismissing] = useState<ClueView | null>(null);
  const [note, setNote] = useState('');
  const handle = can('clue.handle');

  const dismiss = async () => {
    if (!dismissing) return;
    try {
      await feedsApi.dismiss(dismissing.id, { version: dismissing.version, note: note.trim() || null });
      setDismissing(null);
      await list.reload();
    } catch (err) {
      showError(err, message);
    }
  };
  const accept = async (c: ClueView) => {
    try {
      const r = await casesApi.acceptClue(c.id, c.version, null);
      message.success({
        // The message renders outside the router: navigate from here rather than with a <Link>.
        content: <span>{r.joined ? '与已有事件相似，已归入：' : '已转为舆情诉求：'}<a onClick={() => navigate(`/cases/${r.eventId}`)}>查看事件</a></span>,
        duration: 6,
      });
      await list.reload();
    } catch (err) {
      showError(err, message);
    }
  };
  const restore = async (c: ClueView) => {
    try {
      await feedsApi.restoreClue(c.id, c.version);
      await list.reload();
    } catch (err) {
      showError(err, message);
    }
  };

  if (list.error?.status === 403) return <LoadError error={list.error} />;
  return (
    <Card title="线索" extra={<Input.Search placeholder="标题或摘要" allowClear onSearch={(v) => { setQ(v); setPage({ ...page, page: 1 }); }} style={{ width: 200 }} />}>
      <Segmented
        style={{ marginBottom: 12 }}
        value={state}
        onChange={(v) => { setState(v as ClueState); setPage({ ...page, page: 1 }); }}
        options={(['new', 'dismissed', 'accepted'] as const).map((s) => ({ value: s, label: CLUE_STATE_LABELS[s] }))}
      />
      <List
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <EmptyState hint={{
          first: state === 'new' ? '没有待处理的线索。' : '暂无线索。',
          source: '线索来自订阅源：在“订阅源”添加要关注的公开网站栏目或 RSS 和关键词，系统定时抓取，命中关键词的条目成为线索，在这里研判、转为舆情诉求或忽略。',
        }} /> }}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, onChange: (p, s) => setPage({ page: p, pageSize: s }), showTotal: (t) => `共 ${t} 条` }}
        renderItem={(c) => (
          <List.Item
            key={c.id}
            actions={handle ? [
              c.state === 'new' && can('case.register') && (
                <Popconfirm key="a" title="转为舆情诉求？" description="相似的未办结事件会自动归并" okText="转为舆情诉求" cancelText="取消" onConfirm={() => accept(c)}>
                  <Button size="small" type="primary">转为舆情诉求</Button>
                </Popconfirm>
              ),
              c.state === 'new' && <Button key="d" size="small" onClick={() => { setNote(''); setDismissing(c); }}>忽略</Button>,
              c.state === 'dismissed' && <Button key="r" size="small" onClick={() => restore(c)}>恢复</Button>,
            ].filter(Boolean) : []}
          >
            <List.Item.Meta
              title={c.link ? <a href={c.link} target="_blank" rel="noopener noreferrer">{c.title}</a> : c.title}
              description={
                <Space direction="vertical" size={2}>
                  <span>{c.feedName} · {c.unitName} · 收录于 {when(c.createdAt)}{c.publishedAt ? ` · 发布于 ${when(c.publishedAt)}` : ''}</span>
                  <span>命中：{c.hits.map((h) => <Tag key={h} color="orange">{h}</Tag>)}</span>
                  {c.summary && <Typography.Paragraph ellipsis={{ rows: 2, expandable: true, symbol: '展开' }} style={{ marginBottom: 0 }}>{c.summary}</Typography.Paragraph>}
                  {c.state === 'accepted' && <Typography.Text type="secondary">{c.handledBy} 于 {when(c.handledAt)} 转为舆情诉求{c.caseId && <>：<Link to={`/cases/${c.caseId}`}>查看事件</Link></>}</Typography.Text>}
                  {c.state === 'dismissed' && <Typography.Text type="secondary">{c.handledBy} 于 {when(c.handledAt)} 忽略{c.note ? `：${c.note}` : ''}</Typography.Text>}
                </Space>
              }
            />
          </List.Item>
        )}
      />
      <Modal open={dismissing !== null} title="忽略线索" onCancel={() => setDismissing(null)} onOk={dismiss} okText="忽略" cancelText="取消" destroyOnHidden>
        <p>{dismissing?.title}</p>
        <Input.TextArea rows={3} maxLength={500} placeholder="忽略原因(选填)，如：与本单位工作无关" value={note} onChange={(e) => setNote(e.target.value)} />
      </Modal>
    </Card>
  );
}
