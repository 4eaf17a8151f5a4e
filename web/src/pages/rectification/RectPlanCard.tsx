import { Button, Card, Descriptions, Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import type { RectPlanView } from '../../../../common/rectification';
import { api } from '../../api/client';
import { rectApi } from '../../api/rectification';
import { PersonSelect } from '../../components/PersonSelect';
import { useLoad } from '../../components/useLoad';
import { useFormDialog } from '../../components/useSubmit';

/** People of a unit's subtree, several at once, searched by name; those already chosen keep their names. */
function PeopleSelect(props: { unitId: string; known: { id: string; name: string }[]; value?: string[]; onChange?: (v: string[]) => void; id?: string }) {
  const [q, setQ] = useState('');
  const found = useLoad(() => api.people({ unitId: props.unitId, q, pageSize: 50 }), [props.unitId, q]);
  const options = new Map(props.known.map((p) => [p.id, p.name]));
  for (const p of found.data?.items ?? []) options.set(p.id, `${p.name}${p.position ? `(${p.position})` : ''} · ${p.unitName}`);
  return (
    <Select id={props.id} mode="multiple" showSearch filterOption={false} onSearch={setQ} loading={found.loading} value={props.value ?? []} onChange={props.onChange}
      placeholder="输入姓名搜索，可选多人" options={[...options].map(([value, label]) => ({ value, label }))} notFoundContent="没有找到人员" />
  );
}

/**
 * What the 整改方案 of a batch needs besides its items: the basis document (title and 文号) and
 * the 整改专班 (组长 and 成员). Shown above the list when it is filtered to a batch.
 */
export function RectPlanCard({ unitId, batch, canEdit }: { unitId: string; batch: string; canEdit: boolean }) {
  const plan = useLoad(() => rectApi.plan({ unitId, batch }), [unitId, batch]);
  const [form] = Form.useForm();
  const d = useFormDialog<'edit'>(form);
  const p: RectPlanView | null = plan.data?.item ?? null;
  const open = () => d.open('edit', { basisTitle: p?.basisTitle ?? '', basisDocNo: p?.basisDocNo ?? '', teamLeaderId: p?.teamLeaderId ?? undefined, teamMemberIds: p?.teamMembers.map((m) => m.id) ?? [] });
  const save = () => d.submit(async (v) => {
    await rectApi.setPlan({ unitId, batch, basisTitle: v.basisTitle || null, basisDocNo: v.basisDocNo || null, teamLeaderId: v.teamLeaderId ?? null, teamMemberIds: v.teamMemberIds ?? [], version: p ? p.version : null });
    d.close();
    d.message.success('已保存整改方案信息');
    await plan.reload();
  });
  return (
    <Card size="small" style={{ marginBottom: 12 }} title={`整改方案信息：${batch}`} loading={plan.loading && !plan.data}
      extra={canEdit && <Button size="small" onClick={open}>{p ? '修改' : '设置'}依据文件和整改专班</Button>}>
      {p ? (
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label="依据文件">{p.basisTitle ? `《${p.basisTitle}》${p.basisDocNo ? `（${p.basisDocNo}）` : ''}` : '未登记'}</Descriptions.Item>
          <Descriptions.Item label="整改专班">{p.teamLeaderName ? `组长：${p.teamLeaderName}${p.teamMembers.length ? `；成员：${p.teamMembers.map((m) => m.name).join('、')}` : ''}` : '未设置'}</Descriptions.Item>
        </Descriptions>
      ) : (
        <Typography.Text type="secondary">尚未登记依据文件和整改专班。生成整改方案时，它们写在开头和“组织领导”部分。</Typography.Text>
      )}
      <Modal open={d.dialog !== null} title="整改方案信息" onCancel={d.close} onOk={save} okText="保存" cancelText="取消" confirmLoading={d.busy} destroyOnHidden width={560}>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="basisTitle" label="依据文件标题" extra="整改依据的反馈意见或通知，不用加书名号" rules={[{ max: 200, message: '依据文件标题不能超过 200 个字' }]}>
            <Input id="plan-basis-title" maxLength={200} placeholder="如：关于反馈县委第一轮巡察意见的通知" />
          </Form.Item>
          <Form.Item name="basisDocNo" label="依据文件文号" rules={[{ max: 100, message: '依据文件文号不能超过 100 个字' }]}>
            <Input id="plan-basis-no" maxLength={100} placeholder="如：示委巡〔2026〕7号" />
          </Form.Item>
          <Form.Item name="teamLeaderId" label="整改专班组长">
            <PersonSelect id="plan-leader" unitId={unitId} allowClear />
          </Form.Item>
          <Form.Item name="teamMemberIds" label="整改专班成员">
            <PeopleSelect id="plan-members" unitId={unitId} known={p?.teamMembers ?? []} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
