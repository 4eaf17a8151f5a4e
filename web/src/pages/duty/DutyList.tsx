import { CopyOutlined, DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Descriptions, Drawer, Form, Grid, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { DutyItemView } from '../../../../common/duty';
import { newIdempotencyKey } from '../../api/client';
import { dutyApi } from '../../api/duty';
import { useAuth } from '../../app/auth';
import { Attachments } from '../../components/Attachments';
import { LoadError, showError } from '../../components/errors';
import { History } from '../../components/History';
import { PersonSelect } from '../../components/PersonSelect';
import { shanghaiToday } from '../../components/OverdueTag';
import { SheetImport } from '../../components/SheetImport';
import { UnitSelect } from '../../components/UnitSelect';
import { useListPage } from '../../components/useListPage';
import { useLoad } from '../../components/useLoad';
import { useFormDialog } from '../../components/useSubmit';

const PAGE_SIZE = 20;
const departmentsText = (d: DutyItemView) => [...d.departments.map((x) => x.name), d.departmentsText].filter(Boolean).join('、') || '—';
const ITEM_LABELS = { content: '责任内容', category: '类别', leaderName: '责任领导', departments: '责任部门', departmentsText: '其他责任部门', basis: '依据文件', year: '年度' };

/** 责任清单: what a unit answers for this year, who leads it, which departments carry it, on what basis. */
export default function DutyList() {
  const { can, session } = useAuth();
  const { message, modal } = App.useApp();
  const narrow = !Grid.useBreakpoint().md;
  const thisYear = Number(shanghaiToday().slice(0, 4));
  // Every filter in the address (links from documents open one unit and year: ?unitId=&year=), so Back keeps them.
  const lp = useListPage(PAGE_SIZE);
  const [unitId, setUnitId] = lp.urlState('unitId', session!.account.unitId);
  const year = Number(lp.param('year')) || thisYear;
  const setYear = (y: number) => lp.setFilter('year', y === thisYear ? undefined : String(y));
  const [q, setQ] = lp.urlState('q', '');
  const archived = lp.flag('archived');
  const setArchived = (v: boolean) => lp.setFilter('archived', v ? 'true' : undefined);
  const page = lp.page.page;
  const setPage = (n: number) => lp.setPage({ page: n, pageSize: PAGE_SIZE });
  const list = useLoad(() => dutyApi.items({ unitId, year, q: q || undefined, archived: archived || undefined, page, pageSize: PAGE_SIZE }), [unitId, year, q, archived, page]);
  const [shown, setShown] = useState<string | null>(null);
  const [form] = Form.useForm();
  const dialog = useFormDialog<DutyItemView | 'new'>(form);
  const editing = dialog.dialog;
  const manage = can('duty.manage');

  const open = (d: DutyItemView | 'new') =>
    dialog.open(d, d === 'new' ? { sortOrder: (list.data?.total ?? 0) + 1, departmentIds: [] } : { ...d, departmentIds: d.departments.map((x) => x.id) });
  const save = () => dialog.submit(async (v) => {
    const body = { ...v, leaderPersonId: v.leaderPersonId ?? null, departmentIds: v.departmentIds ?? [], category: v.category || null, basis: v.basis || null, departmentsText: v.departmentsText || null };
    if (editing === 'new') await dutyApi.createItem({ ...body, unitId, year }, dialog.key);
    else if (editing) await dutyApi.updateItem(editing.id, { ...body, version: editing.version });
    dialog.close();
    await list.reload();
  });
  const copy = () => {
    const copyKey = newIdempotencyKey();
    modal.confirm({
      title: `把${year - 1}年的责任清单复制到${year}年？`,
      content: '复制后可逐条调整；本年度已有条目时不能整体复制。',
      okText: '复制',
      cancelText: '取消',
      onOk: async () => {
        try {
          const r = await dutyApi.copy({ unitId, fromYear: year - 1, toYear: year }, copyKey);
          message.success(`已复制 ${r.copied} 条`);
          setPage(1);
          await list.reload();
        } catch (err) {
          showError(err, message);
        }
      },
    });
  };
  const toggleArchived = async (d: DutyItemView) => {
    try {
      if (d.archived) await dutyApi.restoreItem(d.id, d.version);
      else await dutyApi.archiveItem(d.id, d.version);
      message.success(d.archived ? '已恢复' : '已归档');
      setShown(null);
      await list.reload();
    } catch (err) {
      showError(err, message);
    }
  };

  if (list.error?.status === 403) return <LoadError error={list.error} />;
  // Only an unfiltered view of the active list tells whether the year is empty.
  const empty = !q && !archived && (list.data?.total ?? 0) === 0;
  const years = Array.from({ length: 7 }, (_, i) => thisYear + 1 - i);
  const actions = (
    <Space wrap>
      {manage && <Button type="primary" onClick={() => open('new')}>新增条目</Button>}
      {manage && <Button icon={<CopyOutlined />} onClick={copy} disabled={!empty || list.loading}>从{year - 1}年复制</Button>}
      {manage && <SheetImport path="/api/duty-items/import" title="导入责任清单" onDone={list.reload} />}
      <Button icon={<DownloadOutlined />} href={dutyApi.exportUrl({ unitId, year, q: q || undefined, archived: archived || undefined })}>导出</Button>
    </Space>
  );
  return (
    <Card title="责任清单" extra={narrow ? undefined : actions}>
      {narrow && <div style={{ marginBottom: 12 }}>{actions}</div>}
      <Space wrap style={{ marginBottom: 12 }}>
        <div style={{ minWidth: 220 }}><UnitSelect value={unitId} onChange={(v) => setUnitId(v)} /></div>
        <Select aria-label="年度" value={year} onChange={(v) => setYear(v)} options={years.map((y) => ({ value: y, label: `${y}年` }))} />
        <Input.Search placeholder="搜索内容、类别、依据" allowClear defaultValue={q} onSearch={(v) => setQ(v.trim() || undefined)} style={{ width: 220 }} />
        <Checkbox checked={archived} onChange={(e) => setArchived(e.target.checked)}>已归档</Checkbox>
      </Space>
      {empty && !list.loading && <Typography.Paragraph type="secondary">{year}年还没有责任清单。{manage ? `可以新增条目，或从${year - 1}年复制后调整。` : ''}</Typography.Paragraph>}
      <Table
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage, showTotal: (n) => `共 ${n} 条`, hideOnSinglePage: true }}
        scroll={narrow ? undefined : { x: 820 }}
        size={narrow ? 'small' : 'middle'}
        columns={narrow
          ? [
              { title: '责任内容', dataIndex: 'content', render: (v, d) => (
                <div>
                  <a onClick={() => setShown(d.id)}>{v}</a>
                  <div style={{ fontSize: 12, color: '#595959' }}>{[d.category, d.leaderName, departmentsText(d)].filter((x) => x && x !== '—').join(' · ')}</div>
                </div>
              ) },
            ]
          : [
              { title: '序号', key: 'n', width: 60, render: (_, __, i) => (page - 1) * PAGE_SIZE + i + 1 },
              { title: '类别', dataIndex: 'category', width: 110, render: (v) => v ?? '—' },
              { title: '责任内容', dataIndex: 'content', render: (v, d) => <a onClick={() => setShown(d.id)}>{v}</a> },
              { title: '责任领导', dataIndex: 'leaderName', width: 100, render: (v) => v ?? '—' },
              { title: '责任部门', key: 'd', width: 180, render: (_, d) => departmentsText(d) },
              { title: '依据', dataIndex: 'basis', width: 160, render: (v) => v ?? '—' },
              ...(manage ? [{ title: '操作', key: 'o', width: 110, render: (_: unknown, d: DutyItemView) => (d.archived
                ? <Popconfirm title="恢复该条目？" okText="恢复" cancelText="取消" onConfirm={() => toggleArchived(d)}><a>恢复</a></Popconfirm>
                : <Space><a onClick={() => open(d)}>编辑</a><Popconfirm title="归档该条目？" okText="归档" cancelText="取消" onConfirm={() => toggleArchived(d)}><a>归档</a></Popconfirm></Space>
              ) }] : []),
            ]}
      />
      <Drawer open={shown !== null} onClose={() => setShown(null)} width={Math.min(640, window.innerWidth)} title="责任清单条目" destroyOnHidden>
        {shown && <ItemPanel id={shown} manage={manage} onEdit={(d) => { setShown(null); open(d); }} onArchive={toggleArchived} />}
      </Drawer>
      <Modal open={editing !== null} title={editing === 'new' ? `新增${year}年责任清单条目` : '编辑条目'} onCancel={dialog.close} onOk={save} okText="保存" cancelText="取消" confirmLoading={dialog.busy} destroyOnHidden width={640}>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="content" label="责任内容" rules={[{ required: true, message: '请填写责任内容' }]}><Input.TextArea id="duty-content" rows={3} maxLength={2000} /></Form.Item>
          <Space wrap>
            <Form.Item name="category" label="类别"><Input maxLength={50} placeholder="如：组织领导" /></Form.Item>
            <Form.Item name="sortOrder" label="排序"><InputNumber min={0} max={100000} /></Form.Item>
          </Space>
          <Form.Item name="leaderPersonId" label="责任领导(本单位人员)"><PersonSelect unitId={unitId} allowClear /></Form.Item>
          <Form.Item name="departmentIds" label="责任部门(本单位内设机构或下级单位)"><UnitSelect multiple /></Form.Item>
          <Form.Item name="departmentsText" label="其他责任部门"><Input maxLength={200} placeholder="不在系统中的部门，如：各村(社区)" /></Form.Item>
          <Form.Item name="basis" label="依据文件" extra="文件名称和文号；扫描件可在保存后于条目详情中上传"><Input maxLength={300} placeholder="如：县委办〔2026〕3号 关于…的通知" /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

function ItemPanel({ id, manage, onEdit, onArchive }: { id: string; manage: boolean; onEdit: (d: DutyItemView) => void; onArchive: (d: DutyItemView) => void }) {
  const item = useLoad(() => dutyApi.item(id), [id]);
  const history = useLoad(() => dutyApi.itemHistory(id), [id]);
  const narrow = !Grid.useBreakpoint().md;
  if (item.error) return <LoadError error={item.error} />;
  const d = item.data;
  if (!d) return null;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Descriptions column={1} size="small" bordered layout={narrow ? 'vertical' : 'horizontal'}>
        <Descriptions.Item label="单位">{d.unitName} · {d.year}年 {d.archived && <Tag>已归档</Tag>}</Descriptions.Item>
        <Descriptions.Item label="责任内容"><span style={{ whiteSpace: 'pre-wrap' }}>{d.content}</span></Descriptions.Item>
        <Descriptions.Item label="类别">{d.category ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="责任领导">{d.leaderName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="责任部门">{departmentsText(d)}</Descriptions.Item>
        <Descriptions.Item label="依据文件">{d.basis ?? '—'}</Descriptions.Item>
      </Descriptions>
      {manage && <Space>
        {!d.archived && <Button onClick={() => onEdit(d)}>编辑</Button>}
        <Popconfirm title={d.archived ? '恢复该条目？' : '归档该条目？'} okText={d.archived ? '恢复' : '归档'} cancelText="取消" onConfirm={() => onArchive(d)}><Button>{d.archived ? '恢复' : '归档'}</Button></Popconfirm>
      </Space>}
      <Attachments entity="duty_item" entityId={d.id} title="依据文件扫描件" canUpload={manage && !d.archived} />
      <Card size="small" title="修改历史"><History entries={history.data?.items ?? []} labels={ITEM_LABELS} actions={{ copy: '从上一年度复制' }} note={(e) => (e.action === 'copy' && e.after ? `来自${String(e.after.fromYear)}年清单` : null)} /></Card>
    </Space>
  );
}
