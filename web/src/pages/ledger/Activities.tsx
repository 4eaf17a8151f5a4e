import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Form, Grid, Input, InputNumber, Modal, Select, Space, Switch, Tag, Typography, type UploadFile } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ACTIVITY_TYPE_LABELS, ACTIVITY_TYPES, type entryCreate, type EntryView, LIFE_MEETING_TYPES, PUBLICITY_TYPES } from '../../../../common/ledger';
import { api, type Body, type FormValues } from '../../api/client';
import { ledgerApi } from '../../api/ledger';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../components/errors';
import { CheckFilter, EnumFilter, FilterBar, RangeFilter, SearchFilter, UnitFilter } from '../../components/ListFilters';
import { ListTable } from '../../components/ListTable';
import { DayCell, dayText, shanghaiToday, shanghaiDayjs } from '../../components/OverdueTag';
import { PersonSelect } from '../../components/PersonSelect';
import { SheetImport } from '../../components/SheetImport';
import { UnitSelect } from '../../components/UnitSelect';
import { useListPage } from '../../components/useListPage';
import { useLoad } from '../../components/useLoad';
import { CampaignSelect } from '../campaigns/CampaignSelect';
import { useDraft } from '../../components/useDraft';
import { useFormDialog } from '../../components/useSubmit';
import { EvidencePicker } from '../../components/EvidencePicker';
import { PrintButton, usePrintAll } from '../../components/Print';

/** Several people of a unit's subtree, searched by name. */
export function ParticipantSelect(props: { unitId?: string; value?: string[]; onChange?: (v: string[]) => void; id?: string }) {
  const { data, loading } = useLoad(() => (props.unitId ? api.people({ unitId: props.unitId, pageSize: 200 }) : Promise.resolve({ items: [], total: 0, page: 1, pageSize: 200 })), [props.unitId]);
  return (
    <Select
      id={props.id}
      mode="multiple"
      value={props.value}
      onChange={props.onChange}
      loading={loading}
      optionFilterProp="label"
      placeholder={props.unitId ? '输入姓名搜索，可多选' : '请先选择单位'}
      options={(data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name}${p.position ? `(${p.position})` : ''}` }))}
    />
  );
}

/** The fields of an activity entry, for create and edit. */
export function EntryFields({ form, create }: { form: ReturnType<typeof Form.useForm>[0]; create: boolean }) {
  const unitId = Form.useWatch('unitId', form);
  const type = Form.useWatch('type', form);
  const plans = useLoad(() => (type === 'drill' && unitId ? ledgerApi.planChoices(unitId) : Promise.resolve(null)), [type, unitId]);
  return (
    <>
      {create && <Form.Item name="unitId" label="单位" rules={[{ required: true, message: '请选择单位' }]}><UnitSelect id="entry-unit" /></Form.Item>}
      {!create && <Form.Item name="unitId" hidden><Input /></Form.Item>}
      <Space wrap>
        <Form.Item name="type" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
          <Select id="entry-type" showSearch optionFilterProp="label" style={{ width: 160 }} options={ACTIVITY_TYPES.map((t) => ({ value: t, label: ACTIVITY_TYPE_LABELS[t] }))} />
        </Form.Item>
        <Form.Item name="day" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker id="entry-day" disabledDate={(d) => d.format('YYYY-MM-DD') > shanghaiToday()} />
        </Form.Item>
        <Form.Item name="onTopic" label={LIFE_MEETING_TYPES.includes(type) ? '对照检查涉及网络意识形态工作' : '涉及网络意识形态工作'} valuePropName="checked"><Switch id="entry-on-topic" checkedChildren="是" unCheckedChildren="否" /></Form.Item>
        {type === 'debriefing' && (
          <Form.Item name="reportedSeparately" label="述职中专门报告网络意识形态工作" valuePropName="checked"><Switch id="entry-reported-separately" checkedChildren="是" unCheckedChildren="否" /></Form.Item>
        )}
      </Space>
      <Form.Item name="topic" label="主题" rules={[{ required: true, message: '请填写主题' }, { max: 200, message: '主题不能超过 200 个字' }]}><Input id="entry-topic" /></Form.Item>
      <Form.Item name="campaignId" label="专项行动"><CampaignSelect id="entry-campaign" unitId={unitId} /></Form.Item>
      {type === 'drill' && (
        <Form.Item name="planId" label="演练的应急预案">
          <Select allowClear options={(plans.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.title}(${p.versionLabel}，${p.unitName})` }))} placeholder="选择本单位或上级的现行预案" />
        </Form.Item>
      )}
      <Form.Item name="participantIds" label="参加人员"><ParticipantSelect id="entry-participants" unitId={unitId} /></Form.Item>
      <Space wrap>
        <Form.Item name="othersCount" label="名单外参加人数"><InputNumber min={0} max={100000} /></Form.Item>
        <Form.Item name="hostPersonId" label={type === 'debriefing' ? '述职的领导' : '主持人'} rules={type === 'debriefing' ? [{ required: true, message: '请选择述职的领导' }] : []} style={{ minWidth: 240 }}><PersonSelect id="entry-host" unitId={unitId} allowClear /></Form.Item>
      </Space>
      {PUBLICITY_TYPES.includes(type) && (
        <Space wrap>
          <Form.Item name="audienceCount" label="受众人次"><InputNumber id="entry-audience" min={0} max={10000000} /></Form.Item>
          <Form.Item name="materialsCount" label="发放宣传资料(份)"><InputNumber id="entry-materials" min={0} max={10000000} /></Form.Item>
        </Space>
      )}
      <Form.Item name="summary" label="内容摘要"><Input.TextArea rows={3} maxLength={5000} /></Form.Item>
      <Form.Item name="minutes" label="会议记录"><Input.TextArea rows={4} maxLength={50000} /></Form.Item>
    </>
  );
}

/** The form's fields (without the unit) → the request's. */
export function entryBody(v: Omit<FormValues<Body<typeof entryCreate>, 'day'>, 'unitId'>) {
  const publicity = PUBLICITY_TYPES.includes(v.type);
  return {
    ...v, day: v.day.format('YYYY-MM-DD'), onTopic: !!v.onTopic, participantIds: v.participantIds ?? [], othersCount: v.othersCount ?? 0, hostPersonId: v.hostPersonId ?? null, planId: v.planId ?? null, campaignId: v.campaignId ?? null,
    reportedSeparately: v.type === 'debriefing' ? !!v.reportedSeparately : null,
    audienceCount: publicity ? (v.audienceCount ?? null) : null, materialsCount: publicity ? (v.materialsCount ?? null) : null,
  };
}

/** 活动台账: study sessions, meetings, training, talks, drills — with who took part and the photos. */
export default function Activities() {
  const { can, session } = useAuth();
  const navigate = useNavigate();
  const narrow = !Grid.useBreakpoint().md;
  const lp = useListPage();
  const unitId = lp.param('unitId');
  const type = lp.param('type');
  const from = lp.param('from');
  const to = lp.param('to');
  const range = from && to ? [from, to] : null;
  const query = { ...lp.scope, type, from, to, ...lp.pick('planId', 'campaignId', 'q'), ...lp.flags('onTopic', 'archived', 'lifeMeeting', 'study', 'withAudience'), reportedSeparately: lp.param('reportedSeparately') === undefined ? undefined : lp.param('reportedSeparately') === 'true', ...lp.page };
  const list = useLoad(() => ledgerApi.entries(query), lp.deps);
  const printAll = usePrintAll(list, (page, pageSize) => ledgerApi.entries({ ...query, page, pageSize }));
  const year = shanghaiToday().slice(0, 4);
  const figures = useLoad(() => ledgerApi.figures({ unitId, from: from ?? `${year}-01-01`, to: to ?? `${year}-12-31` }), [unitId, from, to]);
  const [form] = Form.useForm();
  const d = useFormDialog<'new'>(form);
  const [files, setFiles] = useState<UploadFile[]>([]);
  // Minutes are long: what is typed is kept in this browser until the activity is saved.
  const draft = useDraft(form, 'activity-new', d.dialog !== null);

  const create = () => {
    setFiles([]);
    d.open('new', { unitId: unitId ?? session?.account.unitId, type: type ?? (session?.account.role === 'liaison' ? 'collective_study' : 'central_group'), day: shanghaiDayjs(), onTopic: true, othersCount: 0 });
  };
  const save = () => d.submit(async (v) => {
    const e = await ledgerApi.createEntry({ ...entryBody(v), unitId: v.unitId }, d.key);
    for (const f of files) await api.upload('ledger_entry', e.id, f.originFileObj as File);
    draft.clear();
    d.message.success(files.length ? `已记录，上传附件 ${files.length} 个` : '已记录');
    d.close();
    navigate(`/activities/${e.id}`);
  });

  if (list.error?.status === 403) return <LoadError error={list.error} />;
  const actions = (
    <Space wrap>
      {can('ledger.record') && <Button type="primary" onClick={create}>记录活动</Button>}
      {can('ledger.record') && <SheetImport path="/api/ledger/entries/import" title="导入活动台账" onDone={() => { void list.reload(); void figures.reload(); }} />}
      <Button icon={<DownloadOutlined />} href={ledgerApi.exportUrl(query)}>导出</Button>
          <PrintButton all={printAll} />
    </Space>
  );
  return (
    <Card title="活动台账" extra={narrow ? undefined : actions}>
      {narrow && <div style={{ marginBottom: 12 }}>{actions}</div>}
      <FilterBar>
        <UnitFilter lp={lp} />
        <EnumFilter lp={lp} name="type" placeholder="类型" width={140} labels={ACTIVITY_TYPE_LABELS} />
        <RangeFilter lp={lp} />
        <CheckFilter lp={lp} name="study" label="只看学习研讨" />
        <CheckFilter lp={lp} name="onTopic" label="只看涉及本项工作" />
        <CheckFilter lp={lp} name="archived" label="已归档" />
        <SearchFilter lp={lp} placeholder="主题或摘要" width={180} />
      </FilterBar>
      {figures.data && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {range ? `${dayText(range[0])}至${dayText(range[1])}` : `${year}年`}共开展活动 {figures.data.total} 次，其中涉及本项工作 {figures.data.onTopic} 次
          {figures.data.total > 0 && `：${ACTIVITY_TYPES.filter((t) => figures.data!.byType[t].total).map((t) => `${ACTIVITY_TYPE_LABELS[t]} ${figures.data!.byType[t].total}`).join('，')}`}
          (含下级单位)
        </Typography.Paragraph>
      )}
      <ListTable list={list} lp={lp} printing={printAll.printing} empty={{
          first: '还没有活动记录。开完中心组学习、培训或专题会议后，点“记录活动”，填写主题和参加人员，附上照片或签到表。',
          source: '活动由本单位和下级单位记录，也可从 Excel 导入；统计和工作总结都从这里取数。',
        }} sizeChanger={!narrow} scroll={narrow ? undefined : { x: 860 }}
        columns={narrow ? [
          {
            title: '活动', key: 'm',
            render: (_, e: EntryView) => (
              <div>
                <Space size={4} wrap><Link to={`/activities/${e.id}`}>{e.topic}</Link>{e.onTopic && <Tag color="red">本项工作</Tag>}</Space>
                <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{dayText(e.day)} · {ACTIVITY_TYPE_LABELS[e.type]} · {e.unitName} · {e.headcount} 人{e.attachmentCount ? ` · 附件 ${e.attachmentCount}` : ''}</Typography.Text></div>
              </div>
            ),
          },
        ] : [
          { title: '日期', dataIndex: 'day', width: 140, render: (d) => <DayCell day={d} /> },
          { title: '类型', dataIndex: 'type', width: 120, render: (t: EntryView['type']) => ACTIVITY_TYPE_LABELS[t] },
          { title: '主题', dataIndex: 'topic', render: (v, e) => <Space size={4} wrap><Link to={`/activities/${e.id}`}>{v}</Link>{e.onTopic && <Tag color="red">本项工作</Tag>}</Space> },
          { title: '单位', dataIndex: 'unitName', width: 120 },
          { title: '人数', dataIndex: 'headcount', width: 70 },
          { title: '附件', dataIndex: 'attachmentCount', width: 70, render: (n) => (n ? `${n} 个` : <Typography.Text type="secondary">无</Typography.Text>) },
        ]}
      />
      <Modal open={d.dialog !== null} title="记录活动" onCancel={d.close} onOk={save} okText="保存" cancelText="取消" confirmLoading={d.busy} destroyOnHidden width={680}>
        <Form form={form} layout="vertical" preserve={false} onValuesChange={draft.onValuesChange}>
          {draft.restored && <Alert type="info" showIcon style={{ marginBottom: 12 }} message="已恢复上次未保存的内容" />}
          <EntryFields form={form} create />
          <Form.Item label="照片、签到表等附件">
            <EvidencePicker files={files} setFiles={setFiles} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
