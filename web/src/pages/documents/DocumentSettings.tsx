import { Alert, AutoComplete, Button, Card, Form, Input, Space, Switch, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect } from 'react';
import { useSearchParams } from 'react-router-dom';
import { MARK_SUGGESTIONS } from '../../../../common/documents';
import { documentsApi } from '../../api/documents';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../components/errors';
import { UnitSelect } from '../../components/UnitSelect';
import { useLoad } from '../../components/useLoad';
import { useSubmit } from '../../components/useSubmit';

interface Values {
  mark?: string;
  watermark: boolean;
  briefMasthead?: string;
  briefDistribution?: string;
}

/**
 * 文稿设置 of a unit: the handling mark its documents and pack index carry, the watermark on its
 * users' exports, and its 舆情专报's 报头 and 报送范围. Empty fields use the defaults shown under them.
 */
export default function DocumentSettings() {
  const { can, session } = useAuth();
  const [params, setParams] = useSearchParams();
  const unitId = params.get('unitId') ?? session!.account.unitId;
  const settings = useLoad(() => documentsApi.settings(unitId), [unitId]);
  const [form] = Form.useForm<Values>();
  const { busy, submit, message } = useSubmit(form);
  const editable = can('document.settings');
  const s = settings.data;

  useEffect(() => {
    if (s) form.setFieldsValue({ mark: s.mark ?? '', watermark: s.watermark, briefMasthead: s.briefMasthead ?? '', briefDistribution: s.briefDistribution ?? '' });
  }, [s, form]);

  const save = () => submit(async (v: Values) => {
    const saved = await documentsApi.saveSettings({
      unitId, version: s!.version, mark: v.mark?.trim() || null, watermark: !!v.watermark,
      briefMasthead: v.briefMasthead?.trim() || null, briefDistribution: v.briefDistribution?.trim() || null,
    });
    settings.setData(saved);
    message.success('已保存文稿设置');
  });

  if (settings.error) return <LoadError error={settings.error} onRetry={settings.reload} />;
  return (
    <Card title="文稿设置" loading={!s} style={{ maxWidth: 760 }}>
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <Form.Item label="单位" style={{ marginBottom: 0 }}>
          <div style={{ maxWidth: 320 }}><UnitSelect id="settings-unit" value={unitId} onChange={(v: string) => setParams(v ? { unitId: v } : {})} /></div>
        </Form.Item>
        {!editable && <Alert type="info" showIcon message="文稿设置由本单位管理员或领导修改，这里只能查看。" />}
        {s && (
          <Form form={form} layout="vertical" disabled={!editable} onFinish={save}>
            <Form.Item name="mark" label="处理标志" htmlFor="settings-mark"
              extra="印在本单位文稿第一页左上角和迎检材料目录上，如“内部资料”“注意保存”。不填则不印。">
              <AutoComplete id="settings-mark" options={MARK_SUGGESTIONS.map((m) => ({ value: m }))} maxLength={20} allowClear placeholder="不印处理标志" />
            </Form.Item>
            <Form.Item name="watermark" label="导出水印" valuePropName="checked" htmlFor="settings-watermark"
              extra="开启后，本单位人员下载的台账(Excel)和文稿(Word、PDF)带水印：单位、下载人和下载时间。">
              <Switch id="settings-watermark" checkedChildren="开启" unCheckedChildren="关闭" />
            </Form.Item>
            <Form.Item name="briefMasthead" label="舆情专报报头" htmlFor="settings-masthead" extra={`专报顶部的红色大字。不填则为“${s.defaults.briefMasthead}”。`}>
              <Input id="settings-masthead" maxLength={20} placeholder={s.defaults.briefMasthead} />
            </Form.Item>
            <Form.Item name="briefDistribution" label="报送范围" htmlFor="settings-distribution"
              extra={s.defaults.briefDistribution ? `专报末尾的“报送：”。不填则为上级单位：${s.defaults.briefDistribution}。` : '专报末尾的“报送：”。本单位没有上级单位，请填写。'}>
              <Input.TextArea id="settings-distribution" maxLength={200} autoSize={{ minRows: 1, maxRows: 4 }} placeholder={s.defaults.briefDistribution ?? '如：市委网信办'} />
            </Form.Item>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              工作总结和工作方案的主送机关默认为上级单位{s.defaults.recipient ? `(${s.defaults.recipient})` : '(本单位没有上级单位，不写主送机关)'}，可在每份文稿中修改。
              {s.updatedAt && <> 最近由{s.updatedByName}于{dayjs(s.updatedAt).format('YYYY-MM-DD HH:mm')}修改。</>}
            </Typography.Paragraph>
            {editable && <Button type="primary" htmlType="submit" loading={busy}>保存</Button>}
          </Form>
        )}
      </Space>
    </Card>
  );
}
