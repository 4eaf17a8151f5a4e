import { Alert, Button, Card, Descriptions, Form, Input, Tag, Typography } from 'antd';
import { useState } from 'react';
import { casesApi, type TrackView } from '../../api/cases';
import { ApiError } from '../../api/client';
import { when } from './common';
import { PublicFrame } from './PublicSubmit';

/** Status and public reply for a tracking code: nothing else of the case. */
export default function PublicTrack() {
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TrackView | null>(null);

  const look = async (v: { code: string }) => {
    setBusy(true);
    setResult(null);
    try {
      setResult(await casesApi.track(v.code.trim()));
    } catch (err) {
      const msg = err instanceof ApiError && err.status === 404 ? '没有找到这个查询码对应的诉求，请检查是否输入正确' : err instanceof ApiError ? err.message : '查询失败，请稍后再试';
      form.setFields([{ name: 'code', errors: [msg] }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PublicFrame title="查询诉求办理进度">
      <Card>
        <Form form={form} layout="vertical" size="large" onFinish={look} requiredMark={false}>
          <Form.Item name="code" label="查询码" rules={[{ required: true, whitespace: true, message: '请填写查询码' }]} extra="提交诉求时得到的查询码，如 ABCD-EFGH-JKLM">
            <Input id="track-code" autoComplete="off" autoCapitalize="characters" placeholder="请输入查询码" maxLength={40} style={{ fontFamily: 'monospace', letterSpacing: 1 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block loading={busy}>查询</Button>
        </Form>
      </Card>
      {result && (
        <Card style={{ marginTop: 16 }} data-testid="track-result">
          <Descriptions column={1} size="middle">
            <Descriptions.Item label="办理状态"><Tag color={result.status === '已办结' ? 'success' : result.status === '已答复' ? 'cyan' : 'processing'} style={{ fontSize: 16, padding: '2px 10px' }}>{result.status}</Tag></Descriptions.Item>
            <Descriptions.Item label="标题">{result.title}</Descriptions.Item>
            <Descriptions.Item label="反映给">{result.unitName}</Descriptions.Item>
            <Descriptions.Item label="提交时间">{when(result.receivedAt)}</Descriptions.Item>
            {result.closedAt && <Descriptions.Item label="办结时间">{when(result.closedAt)}</Descriptions.Item>}
          </Descriptions>
          {result.reply ? (
            <Alert
              type="success"
              style={{ marginTop: 8 }}
              message={<Typography.Text strong>答复{result.repliedAt ? `(${when(result.repliedAt)})` : ''}</Typography.Text>}
              description={<div data-testid="track-reply" style={{ whiteSpace: 'pre-wrap', fontSize: 16 }}>{result.reply}</div>}
            />
          ) : (
            <Alert type="info" style={{ marginTop: 8 }} message="正在办理，还没有答复。请过几天再来查询。" />
          )}
        </Card>
      )}
    </PublicFrame>
  );
}
