import { App, Button, Card, InputNumber, Radio, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ACTIVITY_TYPE_LABELS, ACTIVITY_TYPES, type ActivityType, RECOMMENDED_TARGETS, type TargetRow, type UnitTargetProgress } from '../../../../common/ledger';
import { ledgerApi } from '../../api/ledger';
import { useAuth } from '../../app/auth';
import { showError } from '../../components/errors';
import { shanghaiToday } from '../../components/OverdueTag';
import { UnitSelect } from '../../components/UnitSelect';
import { useLoad } from '../../components/useLoad';

type Draft = Record<ActivityType, TargetRow>;
const empty = (): Draft => Object.fromEntries(ACTIVITY_TYPES.map((t) => [t, { type: t, minTotal: 0, minOnTopic: 0, minPerQuarter: 0 }])) as Draft;

/** Annual targets: set the unit's own or its subordinates' defaults, and see who is behind. */
export default function Targets() {
  const { can, session } = useAuth();
  const { message } = App.useApp();
  const thisYear = Number(shanghaiToday().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [unitId, setUnitId] = useState<string>(session!.account.unitId);
  const [scope, setScope] = useState<'subordinates' | 'self'>('subordinates');
  const targets = useLoad(() => ledgerApi.targets({ unitId, year }), [unitId, year]);
  const progress = useLoad(() => ledgerApi.progress({ unitId, year }), [unitId, year]);
  const [draft, setDraft] = useState<Draft>(empty());
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const d = empty();
    for (const r of targets.data?.[scope] ?? []) d[r.type] = r;
    setDraft(d);
  }, [targets.data, scope]);
  const manage = can('ledger.manage');

  const save = async () => {
    setBusy(true);
    try {
      await ledgerApi.setTargets({ unitId, year, scope, items: Object.values(draft).filter((r) => r.minTotal || r.minOnTopic || r.minPerQuarter) });
      message.success('已保存年度目标');
      await Promise.all([targets.reload(), progress.reload()]);
    } catch (err) {
      showError(err, message);
    } finally {
      setBusy(false);
    }
  };
  const set = (t: ActivityType, k: keyof Omit<TargetRow, 'type'>, v: number | null) => setDraft({ ...draft, [t]: { ...draft[t], [k]: v ?? 0 } });
  const units = progress.data?.items.filter((u) => u.items.length > 0) ?? [];
  const behind = units.filter((u) => u.behind).length;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title="年度目标" extra={<Space wrap><div style={{ minWidth: 200 }}><UnitSelect value={unitId} onChange={setUnitId} /></div><Select value={year} onChange={setYear} options={[thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, label: `${y}年` }))} /></Space>}>
        <Radio.Group value={scope} onChange={(e) => setScope(e.target.value)} optionType="button" style={{ marginBottom: 12 }}
          options={[{ value: 'subordinates', label: '下级单位默认目标' }, { value: 'self', label: `${targets.data?.unitName ?? '本单位'}自身目标` }]} />
        <Typography.Paragraph type="secondary">
          下级单位没有自己的目标时，使用最近一级上级设定的默认目标。进度按全年时间比例计算(向下取整)：应完成数 = 全年目标 × 已过天数 ÷ 全年天数；设有每季度最低次数的，已结束的季度未达到即为落后。
        </Typography.Paragraph>
        <Table
          rowKey="type"
          size="small"
          pagination={false}
          scroll={{ x: 560 }}
          dataSource={ACTIVITY_TYPES.map((t) => draft[t])}
          columns={[
            { title: '活动类型', dataIndex: 'type', render: (t: ActivityType) => ACTIVITY_TYPE_LABELS[t] },
            { title: '全年至少(次)', key: 'a', render: (_, r) => <InputNumber aria-label={`${ACTIVITY_TYPE_LABELS[r.type]}全年至少`} min={0} max={1000} value={r.minTotal} disabled={!manage} onChange={(v) => set(r.type, 'minTotal', v)} /> },
            { title: '其中涉及本项工作(次)', key: 'b', render: (_, r) => <InputNumber min={0} max={1000} value={r.minOnTopic} disabled={!manage} onChange={(v) => set(r.type, 'minOnTopic', v)} /> },
            { title: '每季度至少(次)', key: 'c', render: (_, r) => <InputNumber min={0} max={250} value={r.minPerQuarter} disabled={!manage} onChange={(v) => set(r.type, 'minPerQuarter', v)} /> },
          ]}
        />
        {manage && (
          <Space style={{ marginTop: 12 }}>
            <Button onClick={() => { const d = empty(); for (const r of RECOMMENDED_TARGETS) d[r.type] = r; setDraft(d); }}>填入常用目标</Button>
            <Button type="primary" loading={busy} onClick={save}>保存目标</Button>
          </Space>
        )}
      </Card>
      <Card title={`${year}年目标完成情况${units.length ? `(${behind} 个单位落后)` : ''}`}>
        <Table<UnitTargetProgress>
          rowKey="unitId"
          size="small"
          loading={progress.loading}
          dataSource={units}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          scroll={{ x: 720 }}
          rowClassName={(u) => (u.behind ? 'row-overdue' : '')}
          locale={{ emptyText: '本单位及下级单位尚未设定目标' }}
          columns={[
            { title: '单位', dataIndex: 'unitName', width: 140, render: (n, u) => <Space>{n}{u.behind && <Tag color="red">落后</Tag>}</Space> },
            ...ACTIVITY_TYPES.filter((t) => units.some((u) => u.items.some((i) => i.type === t))).map((t) => ({
              title: ACTIVITY_TYPE_LABELS[t], key: t,
              render: (_: unknown, u: UnitTargetProgress) => {
                const i = u.items.find((x) => x.type === t);
                if (!i) return <Typography.Text type="secondary">—</Typography.Text>;
                return (
                  <Tooltip title={i.reasons.join('；') || `目标来自${i.source.unitName}${i.source.scope === 'self' ? '(自身目标)' : '(默认目标)'}`}>
                    <span style={{ color: i.behind ? '#cf1322' : undefined, fontWeight: i.behind ? 600 : undefined }}>
                      {i.done}/{i.target.minTotal}{i.target.minOnTopic ? `(本项 ${i.doneOnTopic}/${i.target.minOnTopic})` : ''}
                    </span>
                  </Tooltip>
                );
              },
            })),
          ]}
        />
      </Card>
    </Space>
  );
}
