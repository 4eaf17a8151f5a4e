import { Select } from 'antd';
import { campaignsApi } from '../../api/campaigns';
import { useLoad } from '../../components/useLoad';

/** A 专项行动 a record of the unit may carry: named by the unit or a superior. */
export function CampaignSelect(props: { unitId?: string; value?: string | null; onChange?: (v: string | null) => void; id?: string; disabled?: boolean }) {
  const list = useLoad(() => (props.unitId ? campaignsApi.list({ forUnitId: props.unitId }) : Promise.resolve({ items: [] })), [props.unitId]);
  return (
    <Select id={props.id} allowClear disabled={props.disabled} value={props.value ?? undefined} onChange={(v) => props.onChange?.(v ?? null)} loading={list.loading}
      placeholder={props.unitId ? '不属于专项行动可不选' : '请先选择单位'} notFoundContent="本单位和上级单位没有发起专项行动"
      options={(list.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name}(${c.unitName}发起)` }))} />
  );
}
