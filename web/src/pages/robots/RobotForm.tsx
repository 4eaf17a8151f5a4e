import { Checkbox, Form, Input, Radio, Space, Switch, TimePicker, Typography } from 'antd';
import type { FormInstance } from 'antd';
import dayjs from 'dayjs';
import type { EventKindDef } from '../../../../common/events';
import { ROBOT_PROVIDER_LABELS, ROBOT_PROVIDERS, type RobotView } from '../../../../common/robots';
import { UnitSelect } from '../../components/UnitSelect';

const HINTS: Record<string, string> = {
  dingtalk: '钉钉群 → 群设置 → 机器人 → 自定义机器人：复制 Webhook；安全设置选“加签”时填写以 SEC 开头的密钥，选“自定义关键词”时填写关键词',
  wecom: '企业微信群 → 添加群机器人：复制 Webhook 地址(地址中的 key 就是密钥，不需要另填)',
  feishu: '飞书群 → 设置 → 群机器人 → 自定义机器人：复制 Webhook；开启“签名校验”时填写密钥，开启“自定义关键词”时填写关键词',
};

/** The robot's fields; `existing`: editing, where empty webhook and secret keep the stored ones. */
export function RobotFields({ form, kinds, existing }: { form: FormInstance; kinds: EventKindDef[]; existing?: RobotView }) {
  const provider = Form.useWatch('provider', form) ?? existing?.provider;
  return (
    <>
      {!existing && <Form.Item name="unitId" label="所属单位" rules={[{ required: true, message: '请选择所属单位' }]}><UnitSelect id="robot-unit" /></Form.Item>}
      {!existing && (
        <Form.Item name="provider" label="平台" rules={[{ required: true, message: '请选择平台' }]}>
          <Radio.Group optionType="button" buttonStyle="solid" options={ROBOT_PROVIDERS.map((p) => ({ value: p, label: ROBOT_PROVIDER_LABELS[p] }))} />
        </Form.Item>
      )}
      <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}><Input id="robot-name" maxLength={100} placeholder="如：城关镇网信工作群" /></Form.Item>
      <Form.Item name="webhook" label="Webhook 地址" rules={existing ? [] : [{ required: true, whitespace: true, message: '请填写 Webhook 地址' }]}
        extra={existing ? `当前：${existing.webhookHint}(留空则不变)` : provider ? HINTS[provider] : '先选择平台'}>
        <Input id="robot-webhook" maxLength={500} placeholder="https://" autoComplete="off" />
      </Form.Item>
      {provider !== 'wecom' && (
        <Form.Item name="secret" label="签名密钥(加签)" extra={existing?.hasSecret ? '已设置(留空则不变；保存后不再显示)' : '保存后加密存储，不再显示'}>
          <Input.Password id="robot-secret" maxLength={100} autoComplete="new-password" />
        </Form.Item>
      )}
      {provider !== 'wecom' && <Form.Item name="keyword" label="自定义关键词(选填)"><Input id="robot-keyword" maxLength={50} /></Form.Item>}
      <Form.Item name="kinds" label="推送哪些事件" rules={[{ required: true, message: '请至少选择一种事件' }]}>
        <Checkbox.Group options={kinds.map((k) => ({ value: k.key, label: k.label }))} />
      </Form.Item>
      <Form.Item name="withTitles" label="消息带标题" valuePropName="checked" extra="关闭后群消息只说发生了什么、哪个单位，不带任务或事项的标题。群众反映的内容任何时候都不会发到群里。">
        <Switch />
      </Form.Item>
      <Form.Item label="免打扰时段(选填)" extra="时段内的消息在结束后合并为一条发送；敏感时期不免打扰">
        <Space>
          <Form.Item name="quiet" noStyle><TimePicker.RangePicker format="HH:mm" order={false} /></Form.Item>
        </Space>
      </Form.Item>
      <Typography.Text type="secondary">Webhook 地址须为 https 公网地址。</Typography.Text>
    </>
  );
}

/** The form's values as the API takes them. */
export function robotBody(v: { name: string; webhook?: string; secret?: string; keyword?: string; kinds: string[]; withTitles?: boolean; quiet?: [dayjs.Dayjs, dayjs.Dayjs] | null }) {
  return {
    name: v.name, webhook: v.webhook ?? '', secret: v.secret || null, keyword: v.keyword || null, kinds: v.kinds, withTitles: v.withTitles ?? true,
    quietFrom: v.quiet ? v.quiet[0].format('HH:mm') : null, quietTo: v.quiet ? v.quiet[1].format('HH:mm') : null,
  };
}

export function robotValues(r: RobotView) {
  return {
    name: r.name, keyword: r.keyword ?? undefined, kinds: r.kinds, withTitles: r.withTitles,
    quiet: r.quietFrom && r.quietTo ? [dayjs(`2000-01-01T${r.quietFrom}`), dayjs(`2000-01-01T${r.quietTo}`)] : null,
  };
}
