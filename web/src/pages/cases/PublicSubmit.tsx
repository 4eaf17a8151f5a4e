import { CheckCircleFilled, CopyOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Result, Space, TreeSelect, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { casesApi, type PublicUnit } from '../../api/cases';
import { ApiError } from '../../api/client';
import { showError } from '../../components/errors';
import { useLoad } from '../../components/useLoad';

/** The frame of both public pages: plain, readable on a phone, no menu. */
export function PublicFrame({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div style={{ minHeight: '100vh', background: 'linear-gradient(160deg,#fff5f5,#f5f5f5)', padding: '24px 12px' }}>
      <div style={{ maxWidth: 560, margin: '0 auto' }}>
        <Typography.Title level={3} style={{ textAlign: 'center', color: '#b71c1c', marginBottom: 4 }}>{title}</Typography.Title>
        <div style={{ textAlign: 'center', marginBottom: 16 }}>
          <Space split="|">
            <Link to="/public/submit">反映诉求</Link>
            <Link to="/public/track">查询办理进度</Link>
          </Space>
        </div>
        {children}
      </div>
    </div>
  );
}

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Plain http pages have no clipboard API: fall back to selecting a hidden field.
    const el = document.createElement('textarea');
    el.value = text;
    el.style.position = 'fixed';
    el.style.opacity = '0';
    document.body.appendChild(el);
    el.select();
    const ok = document.execCommand('copy');
    el.remove();
    return ok;
  }
}

function unitTree(units: PublicUnit[]) {
  const byId = new Map(units.map((u) => [u.id, { value: u.id, title: u.name, key: u.id, children: [] as any[] }]));
  const roots: any[] = [];
  for (const u of units) {
    const node = byId.get(u.id)!;
    const parent = u.parentId ? byId.get(u.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** A citizen, without an account, sends a concern to a unit and gets a tracking code. */
export default function PublicSubmit() {
  const { message } = App.useApp();
  const units = useLoad(() => casesApi.publicUnits(), []);
  const tree = useMemo(() => unitTree(units.data?.items ?? []), [units.data]);
  const [challenge, setChallenge] = useState<{ question: string; token: string } | null>(null);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ trackingCode: string; unitName: string } | null>(null);

  const newChallenge = async () => {
    try {
      setChallenge(await casesApi.challenge());
      form.setFieldValue('answer', undefined);
    } catch (err) {
      showError(err, message);
    }
  };
  useEffect(() => {
    void newChallenge();
    // biome-ignore lint: once
  }, []);

  const submit = async (v: { unitId: string; title: string; content: string; contact?: string; answer: string }) => {
    if (!challenge) return;
    setBusy(true);
    try {
      const r = await casesApi.submitPublic({ ...v, contact: v.contact?.trim() || null, challenge: challenge.token });
      setDone(r);
      window.scrollTo(0, 0);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'CHALLENGE' && !err.message.includes('不正确')) await newChallenge();
      showError(err, message, form);
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <PublicFrame title="诉求已提交">
        <Card>
          <Result
            icon={<CheckCircleFilled style={{ color: '#389e0d' }} />}
            title={`已提交给${done.unitName}`}
            subTitle="请妥善保存查询码，凭查询码查看办理进度和答复"
            style={{ padding: '16px 0' }}
          />
          <div style={{ textAlign: 'center' }}>
            <Typography.Text type="secondary">您的查询码</Typography.Text>
            <div data-testid="tracking-code" style={{ fontSize: 32, fontWeight: 700, letterSpacing: 2, fontFamily: 'monospace', margin: '8px 0 16px', wordBreak: 'break-all' }}>{done.trackingCode}</div>
            <Space direction="vertical" style={{ width: '100%' }} size={12}>
              <Button type="primary" size="large" block icon={<CopyOutlined />} onClick={async () => {
                if (await copyText(done.trackingCode)) message.success('已复制查询码');
                else message.info('请长按查询码手动复制');
              }}>复制查询码</Button>
              <Alert type="warning" showIcon message="请妥善保存查询码。查询码只显示这一次，丢失后无法找回。" style={{ textAlign: 'left' }} />
              <Link to="/public/track"><Button size="large" block>查询办理进度</Button></Link>
            </Space>
          </div>
        </Card>
      </PublicFrame>
    );
  }

  return (
    <PublicFrame title="向有关单位反映诉求">
      <Card>
        <Typography.Paragraph type="secondary">
          请写清楚是什么事、在什么地方。提交后会得到一个查询码，凭查询码可以查看办理进度和答复。联系方式选填，只有办理单位能看到，用于向您了解情况。
        </Typography.Paragraph>
        <Form form={form} layout="vertical" size="large" onFinish={submit} requiredMark={false}>
          <Form.Item name="unitId" label="反映给哪个单位" rules={[{ required: true, message: '请选择反映对象单位' }]}>
            <TreeSelect id="pub-unit" treeData={tree} showSearch treeNodeFilterProp="title" treeDefaultExpandAll placeholder="输入名称查找，如：某某镇" loading={units.loading}
              notFoundContent="没有找到这个单位" popupMatchSelectWidth />
          </Form.Item>
          <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请填写标题' }, { max: 100, message: '标题不能超过 100 个字' }]}>
            <Input id="pub-title" placeholder="一句话说明反映的问题" maxLength={100} />
          </Form.Item>
          <Form.Item name="content" label="反映内容" rules={[{ required: true, whitespace: true, message: '请填写反映内容' }, { min: 10, message: '反映内容至少 10 个字' }, { max: 3000, message: '反映内容不能超过 3000 个字' }]}>
            <Input.TextArea id="pub-content" rows={6} showCount maxLength={3000} placeholder="具体情况：时间、地点、经过，希望怎么解决" />
          </Form.Item>
          <Form.Item name="contact" label="联系方式(选填)" rules={[{ max: 100, message: '联系方式不能超过 100 个字' }]}>
            <Input id="pub-contact" placeholder="电话等，仅办理单位可见" maxLength={100} />
          </Form.Item>
          <Form.Item label="验证题" required>
            <Space direction="vertical" size={4} style={{ width: '100%' }}>
              <Space wrap>
                <Typography.Text strong data-testid="challenge-question" style={{ fontSize: 17 }}>{challenge?.question ?? '正在获取…'}</Typography.Text>
                <Button type="link" icon={<ReloadOutlined />} onClick={newChallenge}>换一题</Button>
              </Space>
              <Form.Item name="answer" noStyle rules={[{ required: true, whitespace: true, message: '请填写验证题答案' }]}>
                <Input id="pub-answer" inputMode="numeric" placeholder="填写答案(数字)" style={{ maxWidth: 200 }} maxLength={10} />
              </Form.Item>
            </Space>
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block loading={busy} disabled={!challenge}>提交</Button>
        </Form>
      </Card>
      <div style={{ textAlign: 'center', marginTop: 16 }}><Link to="/login" style={{ color: '#999' }}>工作人员登录</Link></div>
    </PublicFrame>
  );
}
