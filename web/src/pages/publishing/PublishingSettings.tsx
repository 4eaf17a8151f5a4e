import { Alert, Button, Card, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { OUTLET_TYPE_LABELS, type OutletType, PUBLISHING_TYPES } from '../../../../common/outlets';
import type { ChainStep } from '../../../../common/publishing';
import { ROLE_LABELS, type Role } from '../../../../common/roles';
import { outletApi, postApi } from '../../api/outlets';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../components/errors';
import { useLoad } from '../../components/useLoad';
import { useSubmit } from '../../components/useSubmit';

const REVIEW_ROLES: Role[] = ['leader', 'staff', 'admin'];

/** 审核流程 of the caller's unit per outlet type (its admins), and the 更新频次 per type (admins of a top unit). */
export default function PublishingSettings() {
  const { session } = useAuth();
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <ChainEditor unitId={session!.account.unitId} unitName={session!.account.unitName} />
      {session!.unit.depth === 0 && <QuietEditor />}
    </Space>
  );
}

function ChainEditor({ unitId, unitName }: { unitId: string; unitName: string }) {
  const [type, setType] = useState<OutletType | 'all'>('all');
  const chain = useLoad(() => postApi.chain({ unitId, outletType: type === 'all' ? undefined : type }), [unitId, type]);
  const [steps, setSteps] = useState<ChainStep[]>([]);
  const { busy, submit, message } = useSubmit();
  useEffect(() => { if (chain.data) setSteps(chain.data.steps); }, [chain.data]);
  const set = (i: number, patch: Partial<ChainStep>) => setSteps((s) => s.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const addProof = () => setSteps((s) => {
    const n = s.filter((x) => x.kind === 'proof').length + 1;
    let key = `proof${n}`;
    while (s.some((x) => x.key === key)) key = `${key}x`;
    const at = s.findIndex((x) => x.final);
    const step: ChainStep = { key, label: `${['一', '二', '三', '四', '五'][n - 1] ?? n}校`, kind: 'proof', roles: ['staff'], accountIds: [], final: false };
    return at < 0 ? [...s, step] : [...s.slice(0, at), step, ...s.slice(at)];
  });
  const save = () => submit(async () => {
    const r = await postApi.saveChain({ unitId, outletType: type === 'all' ? null : type, steps });
    setSteps(r.steps);
    message.success('已保存审核流程，之后提交的信息按新流程审核');
    await chain.reload();
  });
  if (chain.error) return <LoadError error={chain.error} />;
  const inherited = chain.data && chain.data.unitId !== unitId;
  return (
    <Card title={`${unitName}的审核流程`} extra={<Select id="chain-type" style={{ width: 160 }} value={type} onChange={setType}
      options={[{ value: 'all', label: '全部阵地类型' }, ...PUBLISHING_TYPES.map((t) => ({ value: t, label: OUTLET_TYPE_LABELS[t] }))]} />}>
      <Typography.Paragraph type="secondary">每个环节由所列角色(本单位或上级单位)的人员办理；作者本人不能审核，同一人不能承担两个审核环节(系统强制)。流程改动只影响之后提交的信息。</Typography.Paragraph>
      {inherited && <Alert style={{ marginBottom: 12 }} type="info" showIcon message={chain.data?.unitId ? '目前沿用上级单位设置的流程，保存后本单位使用自己的流程' : '目前使用默认流程(初审、复审、终审)，保存后本单位使用自己的流程'} />}
      {/* One wrapping row per step: on a phone the role picker drops below the name instead of scrolling away. */}
      <Space direction="vertical" style={{ width: '100%' }} size={8}>
        {chain.loading && !steps.length ? <Typography.Text type="secondary">加载中…</Typography.Text> : steps.map((s, i) => (
          <div key={s.key} className="chain-step" style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', padding: 8, border: '1px solid #f0f0f0', borderRadius: 6 }}>
            <Input aria-label={`环节${i + 1}名称`} style={{ width: 120 }} value={s.label} maxLength={20} onChange={(e) => set(i, { label: e.target.value })} />
            <Space size={4}>{s.kind === 'review' ? <Tag color="blue">审核</Tag> : <Tag>校对</Tag>}{s.final && <Tag color="red">终审</Tag>}</Space>
            <Select aria-label={`${s.label}办理角色`} mode="multiple" style={{ flex: '1 1 220px', minWidth: 200 }} value={s.roles} onChange={(v: Role[]) => set(i, { roles: v })}
              placeholder="办理角色" options={REVIEW_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
            {s.kind === 'proof' && <Button size="small" danger onClick={() => setSteps((x) => x.filter((_, j) => j !== i))}>删除</Button>}
          </div>
        ))}
      </Space>
      <Space style={{ marginTop: 12 }} wrap>
        <Button onClick={addProof} disabled={steps.filter((x) => x.kind === 'proof').length >= 3}>添加校对环节</Button>
        <Button type="primary" loading={busy} onClick={save}>保存审核流程</Button>
      </Space>
    </Card>
  );
}

function QuietEditor() {
  const q = useLoad(() => outletApi.quietSettings(), []);
  const [values, setValues] = useState<Partial<Record<OutletType, { quiet: number; dormant: number } | null>>>({});
  const { busy, submit, message } = useSubmit();
  useEffect(() => { if (q.data) setValues(q.data); }, [q.data]);
  const set = (t: OutletType, k: 'quiet' | 'dormant', v: number | null) => setValues((s) => {
    const cur = s[t] ?? { quiet: 14, dormant: 60 };
    return { ...s, [t]: { ...cur, [k]: v ?? 0 } };
  });
  const save = () => submit(async () => {
    setValues(await outletApi.saveQuietSettings(Object.fromEntries(PUBLISHING_TYPES.map((t) => [t, values[t] ?? null]))));
    message.success('已保存更新频次要求');
  });
  if (q.error) return <LoadError error={q.error} />;
  return (
    <Card title="阵地更新频次要求">
      <Typography.Paragraph type="secondary">超过“未按期更新天数”没有发布的阵地标为未按期更新，超过“睡眠天数”的标为睡眠；适用于全部单位。</Typography.Paragraph>
      <Table<OutletType> rowKey={(t) => t} size="small" loading={q.loading} dataSource={[...PUBLISHING_TYPES]} pagination={false}
        columns={[
          { title: '阵地类型', key: 't', render: (_, t) => OUTLET_TYPE_LABELS[t] },
          { title: '未按期更新(天)', key: 'q', render: (_, t) => <InputNumber aria-label={`${OUTLET_TYPE_LABELS[t]}未按期更新天数`} min={1} max={365} value={values[t]?.quiet ?? null} onChange={(v) => set(t, 'quiet', v)} /> },
          { title: '睡眠(天)', key: 'd', render: (_, t) => <InputNumber aria-label={`${OUTLET_TYPE_LABELS[t]}睡眠天数`} min={2} max={730} value={values[t]?.dormant ?? null} onChange={(v) => set(t, 'dormant', v)} /> },
        ]} />
      <Button style={{ marginTop: 12 }} type="primary" loading={busy} onClick={save}>保存更新频次</Button>
    </Card>
  );
}
