import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, DatePicker, Drawer, Form, Grid, Input, List, Modal, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { RULE_CATEGORIES, RULE_CATEGORY_LABELS, RULE_STATE_LABELS, type RuleState, type RuleView } from '../../../../common/rules';
import { rulesApi } from '../../api/rules';
import { useAuth } from '../../app/auth';
import { Attachments } from '../../components/Attachments';
import { LoadError, showError } from '../../components/errors';
import { History } from '../../components/History';
import { CheckFilter, EnumFilter, FilterBar, SearchFilter, UnitFilter } from '../../components/ListFilters';
import { ListTable } from '../../components/ListTable';
import { dayText, OverdueTag, shanghaiToday, shanghaiDayjs } from '../../components/OverdueTag';
import { UnitSelect } from '../../components/UnitSelect';
import { useListPage } from '../../components/useListPage';
import { useLoad } from '../../components/useLoad';
import { useFormDialog } from '../../components/useSubmit';
import { withLabels } from '../risks/Risks';

const STATE_COLOR: Record<RuleState, string> = { pending: 'blue', in_force: 'green', repealed: 'default' };
const StateTag = ({ r }: { r: RuleView }) => <Tag color={STATE_COLOR[r.state]}>{RULE_STATE_LABELS[r.state]}</Tag>;
const day = (d: dayjs.Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

/** 制度文件库: the unit's rules with 文号, days and versions (each with its file); the rules that apply on a day. */
export default function Rules() {
  const { can, session } = useAuth();
  const lp = useListPage();
  const unitId = lp.param('unitId');
  const openId = lp.param('ruleId');
  const narrow = !Grid.useBreakpoint().md;
  const manage = can('rule.manage');
  const query = { ...lp.scope, ...lp.pick('category', 'inForceOn', 'from', 'to', 'q'), ...lp.flags('reviewOverdue', 'archived'), ...lp.page };
  const list = useLoad(() => rulesApi.list(query), lp.deps);
  const figures = useLoad(() => rulesApi.figures({ unitId }), [unitId, list.data]);
  const shown = useLoad(() => (openId ? rulesApi.get(openId) : Promise.resolve(null)), [openId, list.data]);
  const [form] = Form.useForm();
  const d = useFormDialog<'new' | RuleView>(form);
  const [reviseForm] = Form.useForm();
  const rv = useFormDialog<RuleView>(reviseForm);
  const [applyDay, setApplyDay] = useState<string>(shanghaiToday());
  const applyUnit = unitId ?? session?.account.unitId;
  const applying = useLoad(() => (applyUnit ? rulesApi.inForce({ unitId: applyUnit, day: applyDay }) : Promise.resolve(null)), [applyUnit, applyDay, list.data]);

  const openRule = (id: string | undefined) => lp.setFilter('ruleId', id);
  const create = () => d.open('new', { unitId: unitId ?? session?.account.unitId, category: 'management', effectiveDay: shanghaiDayjs() });
  const edit = (r: RuleView) => d.open(r, { ...r, effectiveDay: dayjs(r.effectiveDay), repealDay: r.repealDay ? dayjs(r.repealDay) : null, reviewDay: r.reviewDay ? dayjs(r.reviewDay) : null });
  const save = () => d.submit(async (v) => {
    const body = { title: v.title, category: v.category, docNumber: v.docNumber || null, issuer: v.issuer, effectiveDay: day(v.effectiveDay)!, repealDay: day(v.repealDay), reviewDay: day(v.reviewDay), note: v.note || null };
    const r = d.dialog === 'new' ? await rulesApi.create({ ...body, unitId: v.unitId, changeNote: v.changeNote || null }, d.key) : await rulesApi.update((d.dialog as RuleView).id, { ...body, version: (d.dialog as RuleView).version });
    d.close();
    d.message.success('已保存');
    await list.reload();
    openRule(r.id);
  });
  const revise = () => rv.submit(async (v) => {
    const r = rv.dialog!;
    await rulesApi.revise(r.id, { version: r.version, docNumber: v.docNumber || null, effectiveDay: day(v.effectiveDay)!, changeNote: v.changeNote, reviewDay: day(v.reviewDay) }, rv.key);
    rv.close();
    rv.message.success('已登记新版本');
    await list.reload();
  });
  const toggle = async (r: RuleView) => {
    try {
      if (r.archived) await rulesApi.restore(r.id, r.version);
      else await rulesApi.archive(r.id, r.version);
      await list.reload();
    } catch (err) {
      showError(err, d.message);
    }
  };

  if (list.error?.status === 403) return <LoadError error={list.error} />;
  const actions = (
    <Space wrap>
      {manage && <Button type="primary" onClick={create}>登记制度</Button>}
      <Button icon={<DownloadOutlined />} href={rulesApi.exportUrl(query)}>导出</Button>
    </Space>
  );
  const rule = shown.data ?? null;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title="制度文件库" extra={narrow ? undefined : actions}>
        {narrow && <div style={{ marginBottom: 12 }}>{actions}</div>}
        <FilterBar>
          <UnitFilter lp={lp} />
          <EnumFilter lp={lp} name="category" placeholder="类别" width={150} labels={RULE_CATEGORY_LABELS} />
          <DatePicker placeholder="某日有效" value={lp.param('inForceOn') ? dayjs(lp.param('inForceOn')) : null} onChange={(v) => lp.setFilter('inForceOn', v ? v.format('YYYY-MM-DD') : undefined)} />
          <CheckFilter lp={lp} name="reviewOverdue" label="只看超过复审日期" />
          <CheckFilter lp={lp} name="archived" label="已归档" />
          <SearchFilter lp={lp} placeholder="名称、文号或印发单位" width={200} />
        </FilterBar>
        {(lp.param('from') || lp.param('to')) && <Tag closable onClose={() => lp.setFilters({ from: undefined, to: undefined })} style={{ marginBottom: 8 }}>首次施行于 {dayText(lp.param('from'))} 至 {dayText(lp.param('to'))}</Tag>}
        {figures.data && (
          <Space wrap size={[16, 4]} style={{ marginBottom: 12 }} aria-label="制度统计">
            <Typography.Text type="secondary">现行有效 {figures.data.inForce} 项 · 今年新制定 {figures.data.adopted} 项 · 修订 {figures.data.revised} 次</Typography.Text>
            {figures.data.reviewOverdue > 0 && <a onClick={() => lp.setFilter('reviewOverdue', 'true')}><Tag color="red">超过复审日期 {figures.data.reviewOverdue} 项</Tag></a>}
          </Space>
        )}
        <ListTable list={list} lp={lp} unit="项" sizeChanger={false} scroll={narrow ? undefined : { x: 900 }}
          columns={narrow ? [
            {
              title: '制度', key: 'all', render: (_, r: RuleView) => (
                <Space direction="vertical" size={2}>
                  <a onClick={() => openRule(r.id)}>{r.title}</a>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.docNumber ? `${r.docNumber} · ` : ''}{r.unitName} · {dayText(r.effectiveDay)}施行</Typography.Text>
                  <Space size={4} wrap><StateTag r={r} /><Tag>{RULE_CATEGORY_LABELS[r.category]}</Tag><OverdueTag days={r.reviewOverdueDays} label="复审逾期" /></Space>
                </Space>
              ),
            },
          ] : [
            { title: '制度名称', dataIndex: 'title', render: (v, r: RuleView) => <Space direction="vertical" size={0}><a onClick={() => openRule(r.id)}>{v}</a><Typography.Text type="secondary" style={{ fontSize: 12 }}>{RULE_CATEGORY_LABELS[r.category]}</Typography.Text></Space> },
            { title: '文号', dataIndex: 'docNumber', width: 160 },
            { title: '单位', dataIndex: 'unitName', width: 110 },
            { title: '施行日期', dataIndex: 'effectiveDay', width: 120, render: (v, r) => <Space direction="vertical" size={0}><span>{dayText(v)}</span>{r.versionCount > 1 && <Typography.Text type="secondary" style={{ fontSize: 12 }}>第{r.versionCount}版</Typography.Text>}</Space> },
            { title: '复审日期', dataIndex: 'reviewDay', width: 130, render: (v, r) => <Space direction="vertical" size={0}><span>{v ? dayText(v) : '未定'}</span><OverdueTag days={r.reviewOverdueDays} label="复审逾期" /></Space> },
            { title: '状态', key: 's', width: 90, render: (_, r) => <StateTag r={r} /> },
            ...(manage ? [{ title: '操作', key: 'o', width: 150, render: (_: unknown, r: RuleView) => (
              <Space>
                {!r.archived && r.state !== 'repealed' && <a onClick={() => rv.open(r, { effectiveDay: shanghaiDayjs(), reviewDay: r.reviewDay ? dayjs(r.reviewDay) : null })}>修订</a>}
                {!r.archived && <a onClick={() => edit(r)}>编辑</a>}
                <Popconfirm title={r.archived ? '恢复？' : '归档？'} okText="确定" cancelText="取消" onConfirm={() => toggle(r)}><a>{r.archived ? '恢复' : '归档'}</a></Popconfirm>
              </Space>
            ) }] : []),
          ]}
        />
      </Card>
      <Card title="适用的制度(本单位及上级单位)" extra={<DatePicker aria-label="适用日期" allowClear={false} value={dayjs(applyDay)} onChange={(v) => v && setApplyDay(v.format('YYYY-MM-DD'))} />}>
        <List size="small" dataSource={applying.data?.items ?? []} locale={{ emptyText: '该日没有有效的制度' }}
          renderItem={(x) => (
            <List.Item>
              <Space wrap size={4}>
                {x.own ? <a onClick={() => openRule(x.id)}>《{x.title}》</a> : <span>《{x.title}》</span>}
                <Typography.Text type="secondary">{x.docNumber ?? ''} {x.issuer} · {dayText(x.effectiveDay)}施行</Typography.Text>
                {!x.own && <Tag>{x.unitName}</Tag>}
              </Space>
            </List.Item>
          )}
        />
      </Card>
      <Drawer open={!!openId} onClose={() => openRule(undefined)} width={Math.min(640, window.innerWidth)} title={rule ? rule.title : '制度'}>
        {shown.error && <Typography.Text type="secondary">{shown.error.message}</Typography.Text>}
        {rule && <RulePanel rule={rule} manage={manage} onRevise={() => rv.open(rule, { effectiveDay: shanghaiDayjs(), reviewDay: rule.reviewDay ? dayjs(rule.reviewDay) : null })} onEdit={() => edit(rule)} />}
      </Drawer>
      <Modal open={d.dialog !== null} title={d.dialog === 'new' ? '登记制度' : '编辑制度(更正现行版本)'} onCancel={d.close} onOk={save} okText="保存" cancelText="取消" confirmLoading={d.busy} destroyOnHidden width={640}>
        <Form form={form} layout="vertical" preserve={false}>
          {d.dialog === 'new' && <Form.Item name="unitId" label="单位" rules={[{ required: true, message: '请选择单位' }]}><UnitSelect id="rule-unit" /></Form.Item>}
          <Form.Item name="title" label="制度名称" rules={[{ required: true, message: '请填写制度名称' }]}><Input id="rule-title" maxLength={200} /></Form.Item>
          <Space wrap>
            <Form.Item name="category" label="类别" rules={[{ required: true, message: '请选择类别' }]}><Select id="rule-category" style={{ width: 170 }} options={RULE_CATEGORIES.map((c) => ({ value: c, label: RULE_CATEGORY_LABELS[c] }))} /></Form.Item>
            <Form.Item name="docNumber" label="文号"><Input id="rule-doc-number" maxLength={100} placeholder="如：城发〔2026〕3号" /></Form.Item>
          </Space>
          <Form.Item name="issuer" label="印发单位" rules={[{ required: true, message: '请填写印发单位' }]}><Input id="rule-issuer" maxLength={200} /></Form.Item>
          <Space wrap>
            <Form.Item name="effectiveDay" label="施行日期" rules={[{ required: true, message: '请选择施行日期' }]}><DatePicker id="rule-effective" /></Form.Item>
            <Form.Item name="reviewDay" label="复审日期"><DatePicker id="rule-review" /></Form.Item>
            <Form.Item name="repealDay" label="废止日期"><DatePicker id="rule-repeal" /></Form.Item>
          </Space>
          {d.dialog === 'new' && <Form.Item name="changeNote" label="版本说明"><Input maxLength={2000} placeholder="如：首次印发" /></Form.Item>}
          <Form.Item name="note" label="说明"><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
          <Typography.Text type="secondary">保存后可在详情中为该版本上传制度文件。</Typography.Text>
        </Form>
      </Modal>
      <Modal open={rv.dialog !== null} title="修订制度(登记新版本，旧版本及其文件保留)" onCancel={rv.close} onOk={revise} okText="保存" cancelText="取消" confirmLoading={rv.busy} destroyOnHidden>
        <Form form={reviseForm} layout="vertical" preserve={false}>
          <Space wrap>
            <Form.Item name="docNumber" label="新文号"><Input maxLength={100} /></Form.Item>
            <Form.Item name="effectiveDay" label="新版本施行日期" rules={[{ required: true, message: '请选择施行日期' }]}><DatePicker /></Form.Item>
            <Form.Item name="reviewDay" label="复审日期"><DatePicker /></Form.Item>
          </Space>
          <Form.Item name="changeNote" label="修订说明" rules={[{ required: true, message: '请填写修订说明' }]}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

function RulePanel({ rule, manage, onRevise, onEdit }: { rule: RuleView; manage: boolean; onRevise: () => void; onEdit: () => void }) {
  const versions = useLoad(() => rulesApi.versions(rule.id), [rule.id, rule.version]);
  const history = useLoad(() => rulesApi.history(rule.id), [rule.id, rule.version]);
  const canWrite = manage && !rule.archived;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap size={4}><StateTag r={rule} /><Tag>{RULE_CATEGORY_LABELS[rule.category]}</Tag><OverdueTag days={rule.reviewOverdueDays} label="复审逾期" /></Space>
      <Typography.Text>{rule.docNumber ? `${rule.docNumber} · ` : ''}{rule.issuer}印发 · {rule.unitName}</Typography.Text>
      <Typography.Text type="secondary">首次施行 {dayText(rule.adoptedDay)} · 现行版本施行 {dayText(rule.effectiveDay)}{rule.reviewDay ? ` · 复审 ${dayText(rule.reviewDay)}` : ''}{rule.repealDay ? ` · 废止 ${dayText(rule.repealDay)}` : ''}</Typography.Text>
      {rule.note && <Typography.Paragraph>{rule.note}</Typography.Paragraph>}
      {canWrite && <Space>{rule.state !== 'repealed' && <Button onClick={onRevise}>修订</Button>}<Button onClick={onEdit}>编辑</Button></Space>}
      {(versions.data?.items ?? []).map((v) => (
        <Card key={v.id} size="small" title={`第${v.seq}版 · ${dayText(v.effectiveDay)}施行${v.docNumber ? ` · ${v.docNumber}` : ''}`}>
          {v.changeNote && <Typography.Paragraph>{v.changeNote}</Typography.Paragraph>}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{v.createdByName} 登记</Typography.Text>
          <Attachments entity="rule_version" entityId={v.id} title="制度文件" canUpload={canWrite} />
        </Card>
      ))}
      <Card size="small" title="修改历史">
        <History entries={withLabels(history.data?.items ?? [], { category: RULE_CATEGORY_LABELS })} labels={{ title: '名称', category: '类别', docNumber: '文号', issuer: '印发单位', effectiveDay: '施行日期', repealDay: '废止日期', reviewDay: '复审日期', note: '说明', changeNote: '修订说明' }} />
      </Card>
    </Space>
  );
}
