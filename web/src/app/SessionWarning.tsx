import { Button, Modal, Typography } from 'antd';

const mmss = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)} 分 ${String(s % 60).padStart(2, '0')} 秒`;
};

/** The dialog SessionGuard shows before the idle timeout signs the user out. */
export default function SessionWarning({ left, busy, onLogout, onStay }: { left: number; busy: boolean; onLogout: () => void; onStay: () => void }) {
  return (
    <Modal open title="即将自动退出登录" closable={false} maskClosable={false} keyboard={false} data-testid="session-warning"
      footer={[
        <Button key="out" onClick={onLogout}>退出</Button>,
        <Button key="stay" type="primary" loading={busy} onClick={onStay}>继续使用</Button>,
      ]}>
      <Typography.Paragraph>
        已有一段时间没有操作，为保护数据，<b>{mmss(left)}</b>后将自动退出。
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">正在填写的内容已保存在本机，重新登录后会自动恢复。</Typography.Paragraph>
    </Modal>
  );
}
