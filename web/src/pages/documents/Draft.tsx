import { DownloadOutlined, HistoryOutlined, ReloadOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Drawer, Grid, List, Space, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { DOC_TYPE_LABELS, type DraftView } from '../../../../common/documents';
import { ApiError, newIdempotencyKey } from '../../api/client';
import { documentsApi } from '../../api/documents';
import { useAuth } from '../../app/auth';
import { LoadError, showError } from '../../components/errors';
import { useStateDraft } from '../../components/useDraft';
import { useLoad } from '../../components/useLoad';
import { periodText } from './Documents';
import { Preview } from './Preview';

const cnDate = (iso: string) => {
  const d = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(iso)).split('-').map(Number);
  return `${d[0]}年${d[1]}月${d[2]}日`;
};

const sameSlots = (a: Record<string, string>, b: Record<string, string>) => {
  const clean = (o: Record<string, string>) => JSON.stringify(Object.entries(o).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v).sort());
  return clean(a) === clean(b);
};

/** One draft: the preview with figures linked to their records, the user's paragraphs, versions, regenerate and downloads. */
export default function Draft() {
  const { id } = useParams();
  const { can } = useAuth();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const narrow = !Grid.useBreakpoint().md;
  // Straight after 生成 the draft comes with the navigation; otherwise it is loaded.
  const handed = (useLocation().state as { draft?: DraftView } | null)?.draft;
  const load = useLoad(() => (handed?.id === id ? Promise.resolve(handed) : documentsApi.get(id!)), [id]);
  const [draft, setDraft] = useState<DraftView | null>(null);
  const [slots, setSlots] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<'save' | 'regenerate' | 'pdf' | null>(null);
  const [pdfFonts, setPdfFonts] = useState<string[] | null>(null);
  const [versionsOpen, setVersionsOpen] = useState(false);
  const versions = useLoad(() => (versionsOpen ? documentsApi.versions(id!) : Promise.resolve({ items: [] })), [id, versionsOpen, draft?.version]);
  const [shownVersion, setShownVersion] = useState<DraftView | null>(null);
  const manage = can('document.manage');
  // Paragraphs typed and not yet saved are kept in this browser, and offered back on the next visit.
  const kept = useStateDraft(`document-slots:${id}`, slots, draft?.slots ?? null, draft?.version ?? null);

  const [restored, setRestored] = useState(false);
  useEffect(() => {
    if (load.data) {
      setDraft(load.data);
      setSlots(load.data.slots);
    }
  }, [load.data]);
  // Typed on the version shown: put back at once, as the other forms do; typed on an older one: offered (below).
  useEffect(() => {
    const s = kept.stored;
    if (!load.data || !s || s.version !== load.data.version || sameSlots({ ...load.data.slots, ...s.value }, load.data.slots)) return;
    setSlots({ ...load.data.slots, ...s.value });
    setRestored(true);
  }, [load.data, kept.stored]);

  if (load.error) return <LoadError error={load.error} onRetry={load.reload} />;
  if (!draft) return <Card loading />;
  const dirty = !sameSlots(slots, draft.slots);

  /** Save and regenerate both answer the draft as it now is: the page takes it and says what happened. */
  const replaceDraft = async (kind: 'save' | 'regenerate', call: () => Promise<DraftView>, done: string) => {
    setBusy(kind);
    try {
      const d = await call();
      if (kind === 'save') kept.clear();
      setDraft(d);
      setSlots(d.slots);
      message.success(done);
    } catch (err) {
      showError(err, message);
    } finally {
      setBusy(null);
    }
  };
  const save = () => replaceDraft('save', () => documentsApi.save(draft.id, { version: draft.version, slots }), '已保存');
  const regenerate = () => replaceDraft('regenerate', () => documentsApi.regenerate(draft.id, draft.version, newIdempotencyKey()), '已按最新记录重新生成，自填段落已保留');
  const pdf = async () => {
    setBusy('pdf');
    try {
      const res = await fetch(documentsApi.pdfUrl(draft.id), { credentials: 'same-origin' });
      if (!res.ok) {
        const body = await res.json().catch(() => null);
        throw new ApiError(res.status, body?.code ?? 'ERROR', body?.message ?? `下载失败(${res.status})`);
      }
      setPdfFonts(decodeURIComponent(res.headers.get('x-pdf-fonts') ?? '').split(',').filter(Boolean));
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `${draft.title}.pdf`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      showError(err, message);
    } finally {
      setBusy(null);
    }
  };
  const confirmLeave = (to: string) => {
    if (!dirty) return navigate(to);
    modal.confirm({ title: '自填段落尚未保存', content: '离开后未保存的修改会丢失。', okText: '仍然离开', cancelText: '留下', onOk: () => navigate(to) });
  };

  const actions = (
    <Space wrap>
      {manage && <Button type="primary" icon={<SaveOutlined />} loading={busy === 'save'} disabled={!dirty} onClick={save}>保存段落</Button>}
      {manage && (
        <Tooltip title={dirty ? '请先保存自填段落' : '按最新记录重新计算各项数据，自填段落保留'}>
          <Button icon={<ReloadOutlined />} loading={busy === 'regenerate'} disabled={dirty} onClick={regenerate}>重新生成</Button>
        </Tooltip>
      )}
      <Tooltip title={dirty ? '下载的是已保存的内容，请先保存' : undefined}>
        <Button icon={<DownloadOutlined />} href={documentsApi.docxUrl(draft.id)} download data-testid="download-docx">下载 Word</Button>
      </Tooltip>
      <Button icon={<DownloadOutlined />} loading={busy === 'pdf'} onClick={pdf}>下载 PDF</Button>
      <Button icon={<HistoryOutlined />} onClick={() => setVersionsOpen(true)}>历史版本</Button>
    </Space>
  );

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card
        size="small"
        title={<Space wrap><a onClick={() => confirmLeave('/documents')}>文稿</a><span>/</span><Tag color="red">{DOC_TYPE_LABELS[draft.type]}</Tag><span>{draft.unitName}</span></Space>}
        extra={!narrow && actions}
      >
        <Typography.Text type="secondary">
          {periodText(draft)} · 第{draft.version + 1}版 · {draft.updatedByName}于{dayjs(draft.updatedAt).format('YYYY-MM-DD HH:mm')}
          · 数据生成于{dayjs(draft.content.generatedAt).format('YYYY-MM-DD HH:mm')}
        </Typography.Text>
        {narrow && <div style={{ marginTop: 8 }}>{actions}</div>}
        {manage && restored && dirty && <Alert type="info" showIcon style={{ marginTop: 8 }} data-testid="slots-restored" message="已恢复上次未保存的自填段落，请保存" />}
        {manage && kept.stored && kept.stored.version !== draft.version && !sameSlots({ ...draft.slots, ...kept.stored.value }, slots) && (
          <Alert type="warning" showIcon style={{ marginTop: 8 }} data-testid="slots-kept"
            message={`有上次未保存的自填段落(填写时是第${kept.stored.version + 1}版，现在是第${draft.version + 1}版)`}
            action={<Space wrap><Button size="small" onClick={() => setSlots({ ...draft.slots, ...kept.stored!.value })}>恢复</Button><Button size="small" onClick={kept.clear}>不要了</Button></Space>} />
        )}
        {pdfFonts && (
          <div data-testid="pdf-fonts" style={{ marginTop: 8 }}>
            <Typography.Text type="secondary">
              PDF 所用字体：{pdfFonts.join('、') || '未能读出'}。服务器未装国标字体(仿宋_GB2312、方正小标宋简体、黑体、楷体_GB2312)时，以相近的免费字体代替；用 Word 打开下载的 .docx 则使用本机字体。
            </Typography.Text>
          </div>
        )}
      </Card>
      {draft.content.missing.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="missing"
          message="以下数据尚未录入，文稿中相应内容已省略"
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {draft.content.missing.map((m) => (
                <li key={m.text}>{m.text}{m.link && <>，<Link to={m.link}>去补充</Link></>}</li>
              ))}
            </ul>
          }
        />
      )}
      {draft.orphanSlots.length > 0 && (
        <Alert type="info" showIcon message="以下自填段落所在的部分本次没有生成，段落已保留，文稿中不出现" description={draft.orphanSlots.map((k) => <div key={k}>{draft.slots[k]}</div>)} />
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>蓝色虚线下划线的数字和列表可点击，查看背后的记录；带 ✎ 的输入框由您填写，重新生成时保留。</Typography.Text>
      <Preview content={draft.content} slots={slots} onSlot={manage ? (k, v) => setSlots((s) => ({ ...s, [k]: v })) : undefined} signDay={cnDate(draft.content.generatedAt)} newTab={dirty} />
      <Drawer open={versionsOpen} onClose={() => { setVersionsOpen(false); setShownVersion(null); }} title="历史版本" width={shownVersion ? Math.min(900, window.innerWidth) : Math.min(420, window.innerWidth)}>
        {shownVersion ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Button onClick={() => setShownVersion(null)}>返回版本列表</Button>
            <Typography.Text type="secondary">第{shownVersion.version + 1}版(只读)</Typography.Text>
            <Preview content={shownVersion.content} slots={shownVersion.slots} signDay={cnDate(shownVersion.content.generatedAt)} />
          </Space>
        ) : (
          <List
            loading={versions.loading}
            dataSource={versions.data?.items ?? []}
            renderItem={(v) => (
              <List.Item actions={[<a key="open" onClick={async () => { try { setShownVersion(await documentsApi.version(draft.id, v.version)); } catch (err) { showError(err, message); } }}>查看</a>]}>
                <List.Item.Meta title={`第${v.version + 1}版 · ${v.actionLabel}`} description={`${v.byName} · ${dayjs(v.at).format('YYYY-MM-DD HH:mm')}`} />
              </List.Item>
            )}
          />
        )}
      </Drawer>
    </Space>
  );
}
