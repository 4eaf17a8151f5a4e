import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, InputNumber, Radio, Select, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ACTIVITY_TYPE_LABELS, ACTIVITY_TYPES, type ActivityType, RECOMMENDED_TARGETS, type TargetRow, type UnitTargetProgress } from '../../../../common/ledger';
import { ledgerApi } from '../../api/ledger';
import { useAuth } from '../../app/auth';
import { showError } from '../../components/errors';
import { shanghaiToday } from '../../components/OverdueTag';
import { UnitSelect } from '../../components/UnitSelect';
import { useListPage } from '../../components/useListPage';
import { useLoad } from '../../components/useLoad';

/** `set: false` = no row of this scope (a superior's default applies); set with zeros = explicitly not required. */
type DraftRow = TargetRow & { set: boolean };
type Draft = Record<ActivityType, DraftRow>;
const empty = (): Draft => Object.fromEntries(ACTIVITY_TYPES.map((t) => [t, { type: t, minTotal: 0, minOnTopic: 0, minPerQuarter: 0, set: false }])) as Draft;

/** Annual targets: set the unit's own or its subordinates' defaults, and see who is behind. */
export default function Targets() {
  const { can, session } = useAuth();
  const { message } = App.useApp();
  const thisYear = Number(shanghaiToday().slice(0, 4));
  // Unit and year in the address (links from documents: ?unitId=&year=), so Back keeps them.
  const lp = useListPage();
  const year = Number(lp.param('year')) || thisYear;
  const setYear = (y: number) => lp.setFilter('year', y === thisYear ? undefined : String(y));
  const [unitId, setUnitId] = lp.urlState('unitId', session!.account.unitId);
  const [scope, setScope] = useState<'subordinates' | 'self'>('subordinates');
  const targets = useLoad(() => ledgerApi.targets({ unitId, year }), [unitId, year]);
  const progress = useLoad(() => ledgerApi.progress({ unitId, year }), [unitId, year]);
  const [draft, setDraft] = useState<Draft>(empty());
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const d = empty();
    for (const r of targets.data?.[scope] ?? []) d[r.type] = { ...r, set: true };
    setDraft(d);
  }, [targets.data, scope]);
  const manage = can('ledger.manage');

  const save = async () => {
    setBusy(true);
    try {
      const items = Object.values(draft).filter((r) => r.set).map(({ set: _set, ...r }) => r);
      await ledgerApi.setTargets({ unitId, year, scope, items });
      message.success('已保存年度目标');
      await Promise.all([targets.reload(), progress.reload()]);
    } catch (err) {
      showError(err, message);
    } finally {
      setBusy(false);
    }
  };
  const set = (t: ActivityType, k: keyof Omit<TargetRow, 'type'>, v: number | null) => setDraft({ ...draft, [t]: { ...draft[t], [k]: v ?? 0 } });
  const [directOnly, setDirectOnly] = useState(true);
  const all = progress.data?.items ?? [];
  const rootDepth = all.length ? Math.min(...all.map((u) => u.depth)) : 0;
  const units = all.filter((u) => u.items.length > 0 && (!directOnly || u.depth <= rootDepth + 1));
  const behind = units.filter((u) => u.behind).length;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title="年度目标完成情况" extra={<Button icon={<DownloadOutlined />} href={ledgerApi.progressExportUrl({ unitId, year, directOnly })}>导出</Button>}>
        <Space wrap style={{ marginBottom: 12 }}>
          <div style={{ minWidth: 200 }}><UnitSelect value={unitId} onChange={setUnitId} /></div>
          <Select value={year} onChange={setYear} options={[thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, label: `${y}年` }))} />
          <Checkbox checked={directOnly} onChange={(e) => setDirectOnly(e.target.checked)}>只看本级和直属下级</Checkbox>
        </Space>
        {units.length > 0 && <div style={{ marginBottom: 8 }}><Typography.Text strong type={behind ? 'danger' : undefined}>{`${year}年：${units.length} 个单位有目标，${behind} 个单位落后`}</Typography.Text></div>}
        <Table<UnitTargetProgress>
          rowKey="unitId"
          size="small"
          loading={progress.loading}
          dataSource={units}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          scroll={{ x: 720 }}
          rowClassName={(u) => (u.behind ? 'row-overdue' : '')}
          expandable={{
            rowExpandable: (u) => u.behind,
            expandedRowRender: (u) => (
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {u.items.flatMap((i) => i.reasons).map((r) => <li key={r}>{r}</li>)}
              </ul>
            ),
          }}
          locale={{ emptyText: '本单位及下级单位尚未设定目标' }}
          columns={[
            { title: '单位', dataIndex: 'unitName', width: 140, fixed: 'left' as const, render: (n, u) => <Space>{n}{u.behind && <Tag color="red">落后</Tag>}</Space> },
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
                    {i.target.minPerQuarter > 0 && (
                      <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>各季度 {i.quarters.join('·')}(每季 ≥{i.target.minPerQuarter})</Typography.Text></div>
                    )}
                  </Tooltip>
                );
              },
            })),
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          下级单位没有自己的目标时，使用最近一级上级设定的默认目标；打开“设定”但次数都填 0，表示该类活动不作要求(如村、社区不要求中心组学习)。每个单位只计本单位记录的活动(下级单位的活动计入下级)。落后的判断：截至今天的应完成数 = 全年目标 × 已过天数 ÷ 全年天数(向下取整)，已开展次数或其中涉及本项工作的次数少于应完成数即为落后；设有每季度最低次数的，已结束的季度未达到也为落后。点击落后单位左侧的“+”可查看原因。
        </Typography.Paragraph>
      </Card>
      {manage && (
        <Card title={`设定${year}年目标`}>
          <Radio.Group value={scope} onChange={(e) => setScope(e.target.value)} optionType="button" style={{ marginBottom: 12 }}
            options={[{ value: 'subordinates', label: '下级单位默认目标' }, { value: 'self', label: `${targets.data?.unitName ?? '本单位'}自身目标` }]} />
          <Table
            rowKey="type"
            size="small"
            pagination={false}
            scroll={{ x: 560 }}
            dataSource={ACTIVITY_TYPES.map((t) => draft[t])}
            columns={[
              { title: '活动类型', dataIndex: 'type', render: (t: ActivityType) => ACTIVITY_TYPE_LABELS[t] },
              {
                title: '设定', key: 's', width: 150,
                render: (_, r) => (
                  <Space>
                    <Switch size="small" aria-label={`设定${ACTIVITY_TYPE_LABELS[r.type]}目标`} checked={r.set} disabled={!manage} onChange={(v) => setDraft({ ...draft, [r.type]: { ...r, set: v } })} />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>{!r.set ? (scope === 'self' ? '沿用上级默认' : '不设默认') : !r.minTotal && !r.minOnTopic && !r.minPerQuarter ? '不作要求' : ''}</Typography.Text>
                  </Space>
                ),
              },
              { title: '全年至少(次)', key: 'a', render: (_, r) => <InputNumber aria-label={`${ACTIVITY_TYPE_LABELS[r.type]}全年至少`} min={0} max={1000} value={r.minTotal} disabled={!manage || !r.set} onChange={(v) => set(r.type, 'minTotal', v)} /> },
              { title: '其中涉及本项工作(次)', key: 'b', render: (_, r) => <InputNumber aria-label={`${ACTIVITY_TYPE_LABELS[r.type]}涉及本项工作至少`} min={0} max={1000} value={r.minOnTopic} disabled={!manage || !r.set} onChange={(v) => set(r.type, 'minOnTopic', v)} /> },
              { title: '每季度至少(次)', key: 'c', render: (_, r) => <InputNumber aria-label={`${ACTIVITY_TYPE_LABELS[r.type]}每季度至少`} min={0} max={250} value={r.minPerQuarter} disabled={!manage || !r.set} onChange={(v) => set(r.type, 'minPerQuarter', v)} /> },
            ]}
          />
          {manage && (
            <Space style={{ marginTop: 12 }}>
              <Button onClick={() => { const d = empty(); for (const r of RECOMMENDED_TARGETS) d[r.type] = { ...r, set: true }; setDraft(d); }}>填入常用目标</Button>
              <Button type="primary" loading={busy} onClick={save}>保存目标</Button>
            </Space>
          )}
        </Card>
      )}
    </Space>
  );
}
