import { Alert, Button, Card, Form, Input, InputNumber, List, Modal, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import {
  type CheckItem, COMPARATOR_LABELS, COMPARATORS, type FrameworkContent, ITEM_KIND_LABELS, ITEM_KINDS, SCORING_LABELS, SCORINGS, thresholdText,
} from '../../../../common/checks';
import { UNIT_KIND_LABELS, UNIT_KINDS } from '../../../../common/labels';
import { checksApi } from '../../api/checks';
import { DetailPage } from '../../components/DetailPage';
import { LoadError } from '../../components/errors';
import { useLoad } from '../../components/useLoad';
import { useFormDialog, useSubmit } from '../../components/useSubmit';

type Editing = { section: number; item: number | null } | { section: number; title: true } | { newSection: true };

const nextKey = (c: FrameworkContent, prefix: string) => {
  const used = new Set(c.sections.flatMap((s) => [s.key, ...s.items.map((i) => i.key)]));
  let n = 1;
  while (used.has(`${prefix}${n}`)) n += 1;
  return `${prefix}${n}`;
};

/** A framework: its sections and items, edited here and saved whole (the points must add up to the total). */
export default function FrameworkEdit() {
  const { id } = useParams();
  const f = useLoad(() => checksApi.framework(id!), [id]);
  const diff = useLoad(() => checksApi.diff(id!), [id]);
  const inds = useLoad(() => checksApi.indicators(), []);
  const [content, setContent] = useState<FrameworkContent | null>(null);
  const [total, setTotal] = useState<number>(100);
  const [name, setName] = useState('');
  const [dirty, setDirty] = useState(false);
  const { busy, submit, message } = useSubmit();
  const [form] = Form.useForm();
  const d = useFormDialog<Editing>(form);
  const kind = Form.useWatch('kind', form);
  const scoring = Form.useWatch('scoring', form);
  const indicator = Form.useWatch('indicator', form);
  useEffect(() => {
    if (f.data) { setContent(f.data.content); setTotal(f.data.totalPoints); setName(f.data.name); setDirty(false); }
  }, [f.data]);
  if (f.error) return <LoadError error={f.error} />;
  const v = f.data;
  if (!v || !content) return <Card loading />;
  const indicators = inds.data?.items ?? [];
  const sum = content.sections.flatMap((s) => s.items).filter((i) => i.kind === 'normal').reduce((n, i) => n + i.points, 0);
  const change = (c: FrameworkContent) => { setContent(c); setDirty(true); };
  const save = () => submit(async () => {
    const next = await checksApi.updateFramework(v.id, { name, totalPoints: total, content, version: v.version });
    f.setData(next);
    await diff.reload();
    message.success('已保存考核细则');
  });
  const editItem = (section: number, item: number | null) => {
    const it = item === null ? null : content.sections[section].items[item];
    d.open({ section, item }, it ? { ...it, grades: (it.grades ?? []).map((g) => `${g.label}:${g.points}${g.min != null ? `:${g.min}` : ''}`).join('\n') } : { kind: 'normal', scoring: 'pass_fail', points: 2, kinds: [], evidence: '' });
  };
  const apply = () => d.submit(async (fv) => {
    const e = d.dialog!;
    const c = structuredClone(content);
    if ('newSection' in e) c.sections.push({ key: nextKey(c, 's'), title: fv.title, items: [] });
    else if ('title' in e) c.sections[e.section].title = fv.title;
    else {
      const grades = String(fv.grades ?? '').split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
        const [label, points, min] = l.split(/[:：]/);
        return { label: label.trim(), points: Number(points), ...(min !== undefined && min !== '' ? { min: Number(min) } : {}) };
      });
      const it: CheckItem = {
        key: e.item === null ? nextKey(c, 'i') : c.sections[e.section].items[e.item].key, text: fv.text, kind: fv.kind, points: fv.kind === 'veto' ? 0 : fv.points,
        scoring: fv.scoring, perOccurrence: fv.scoring === 'deduction' ? fv.perOccurrence : null, cap: fv.scoring === 'deduction' ? (fv.cap ?? null) : null,
        grades: fv.scoring === 'graded' ? grades : null, indicator: fv.indicator || null, comparator: fv.indicator ? (fv.comparator ?? '>=') : null,
        threshold: fv.indicator && fv.threshold != null ? fv.threshold : null, kinds: fv.kinds ?? [], evidence: fv.evidence ?? '',
      };
      if (e.item === null) c.sections[e.section].items.push(it);
      else c.sections[e.section].items[e.item] = it;
    }
    change(c);
    d.close();
  });
  const editing = d.dialog;
  return (
    <DetailPage
      title={v.name}
      bar={
        <>
          <Tag>{v.year}年度</Tag><Tag>{v.unitName}制定</Tag>
          <Typography.Text type={sum === total ? 'success' : 'danger'}>考核项分值合计 {sum} 分 / 总分 {total} 分</Typography.Text>
          {v.canEdit && <Button type="primary" loading={busy} disabled={!dirty} onClick={save}>保存</Button>}
          {v.canEdit && <Button onClick={() => d.open({ newSection: true }, { title: '' })}>增加部分</Button>}
        </>
      }
      head={
        <>
          {diff.data?.basedOn && (
            <Alert type="info" showIcon style={{ marginBottom: 12 }}
              message={`由${diff.data.basedOn.year}年度“${diff.data.basedOn.name}”复制，${diff.data.lines.length ? `有 ${diff.data.lines.length} 处变化：` : '尚未改动'}`}
              description={diff.data.lines.length ? (
                <ul style={{ margin: 0, paddingLeft: 18 }} data-diff>
                  {diff.data.lines.map((l) => <li key={l.key}>{{ added: '新增', removed: '删除', changed: '修改' }[l.change]}：{l.text}{l.fields.length ? `（${l.fields.join('、')}）` : ''}</li>)}
                </ul>
              ) : undefined}
            />
          )}
          {v.canEdit && (
            <Space wrap>
              <Input aria-label="细则名称" value={name} onChange={(e) => { setName(e.target.value); setDirty(true); }} style={{ width: 380 }} maxLength={100} />
              <InputNumber aria-label="总分" addonBefore="总分" value={total} min={0} max={10000} onChange={(n) => { setTotal(n ?? 0); setDirty(true); }} />
            </Space>
          )}
        </>
      }
    >
      {content.sections.map((s, si) => (
        <Card key={s.key} size="small" title={`${si + 1}. ${s.title}`}
          extra={v.canEdit && <Space><a onClick={() => d.open({ section: si, title: true }, { title: s.title })}>改名</a><a onClick={() => editItem(si, null)}>增加项目</a></Space>}>
          <List
            dataSource={s.items}
            renderItem={(it, ii) => {
              const ind = indicators.find((x) => x.key === it.indicator);
              return (
                <List.Item data-item={it.key}
                  actions={v.canEdit ? [
                    <a key="e" onClick={() => editItem(si, ii)}>编辑</a>,
                    <Popconfirm key="x" title="删除该项目？" okText="删除" cancelText="取消" onConfirm={() => { const c = structuredClone(content); c.sections[si].items.splice(ii, 1); change(c); }}><a>删除</a></Popconfirm>,
                  ] : []}>
                  <List.Item.Meta
                    title={<Space wrap size={4}><span style={{ whiteSpace: 'normal' }}>{it.text}</span>{it.kind !== 'normal' && <Tag color={it.kind === 'veto' ? 'error' : 'gold'}>{ITEM_KIND_LABELS[it.kind]}</Tag>}{it.kind !== 'veto' && <Tag>{it.points}分</Tag>}</Space>}
                    description={[
                      SCORING_LABELS[it.scoring] + (it.scoring === 'deduction' ? `，每次${it.perOccurrence}分${it.cap != null ? `，最多${it.cap}分` : ''}` : it.scoring === 'graded' ? `：${(it.grades ?? []).map((g) => `${g.label}${g.points}分`).join('、')}` : ''),
                      ind ? `绑定指标：${ind.label}${thresholdText(it, ind) ? `，${thresholdText(it, ind)}` : ''}` : '人工填写',
                      it.kinds.length ? `适用：${it.kinds.map((k) => UNIT_KIND_LABELS[k]).join('、')}` : '',
                      it.evidence ? `佐证：${it.evidence}` : '',
                    ].filter(Boolean).join(' · ')}
                  />
                </List.Item>
              );
            }}
          />
        </Card>
      ))}
      <Modal open={editing !== null} title={editing && 'newSection' in editing ? '增加部分' : editing && 'title' in editing ? '部分名称' : '考核项目'} onCancel={d.close} onOk={apply} okText="确定" cancelText="取消" destroyOnHidden width={680}>
        <Form form={form} layout="vertical" preserve={false}>
          {editing && ('newSection' in editing || 'title' in editing) ? (
            <Form.Item name="title" label="部分名称" rules={[{ required: true, message: '请填写部分名称' }]}><Input id="section-title" maxLength={100} /></Form.Item>
          ) : (
            <>
              <Form.Item name="text" label="考核内容" rules={[{ required: true, message: '请填写考核内容' }]}><Input.TextArea id="item-text" rows={2} maxLength={500} /></Form.Item>
              <Space wrap>
                <Form.Item name="kind" label="项目类型"><Select style={{ width: 130 }} options={ITEM_KINDS.map((k) => ({ value: k, label: ITEM_KIND_LABELS[k] }))} /></Form.Item>
                {kind !== 'veto' && <Form.Item name="points" label={kind === 'bonus' ? '最多加分' : '分值'} rules={[{ required: true, message: '请填写分值' }]}><InputNumber id="item-points" min={0} max={1000} /></Form.Item>}
                <Form.Item name="scoring" label="评分方式"><Select style={{ width: 200 }} options={SCORINGS.map((k) => ({ value: k, label: SCORING_LABELS[k] }))} /></Form.Item>
              </Space>
              {scoring === 'deduction' && (
                <Space wrap>
                  <Form.Item name="perOccurrence" label="每次扣(加)分" rules={[{ required: true, message: '请填写每次扣分' }]}><InputNumber min={0} max={1000} /></Form.Item>
                  <Form.Item name="cap" label="最多扣(加)分"><InputNumber min={0} max={1000} /></Form.Item>
                </Space>
              )}
              {scoring === 'graded' && (
                <Form.Item name="grades" label="档次(每行一档：名称:分值[:绑定指标时的门槛值])" rules={[{ required: true, message: '请填写档次' }]}><Input.TextArea rows={4} placeholder={'好:5:0.95\n较好:4:0.85\n一般:2:0.7\n差:0:0'} /></Form.Item>
              )}
              <Form.Item name="indicator" label="绑定指标(根据台账记录自动计算；不绑定则人工填写)">
                <Select allowClear showSearch optionFilterProp="label" options={indicators.map((i) => ({ value: i.key, label: `${i.label}(${i.format === 'rate' ? '比率' : i.unitWord})` }))} />
              </Form.Item>
              {indicator && scoring !== 'graded' && (
                <Space wrap>
                  <Form.Item name="comparator" label="比较方式" initialValue=">="><Select style={{ width: 110 }} options={COMPARATORS.map((k) => ({ value: k, label: COMPARATOR_LABELS[k] }))} /></Form.Item>
                  <Form.Item name="threshold" label="标准值(比率写 0 到 1 之间的小数)" rules={[{ required: true, message: '请填写标准值' }]}><InputNumber min={0} max={100000} /></Form.Item>
                </Space>
              )}
              <Form.Item name="kinds" label="适用单位类型(不选则全部适用)"><Select mode="multiple" options={UNIT_KINDS.map((k) => ({ value: k, label: UNIT_KIND_LABELS[k] }))} /></Form.Item>
              <Form.Item name="evidence" label="佐证材料"><Input maxLength={500} /></Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </DetailPage>
  );
}
