/**
 * The first-use bar and whether it is due; the guide itself (FirstStepsGuide.tsx) loads only when opened.
 */
import { Alert, Button, Space } from 'antd';

const key = (accountId: string) => `netduty.firstSteps:${accountId}`;

/** Whether this account has not yet dismissed the guide on this browser. */
export const firstStepsDue = (accountId: string) => !localStorage.getItem(key(accountId));
export const dismissFirstSteps = (accountId: string) => localStorage.setItem(key(accountId), new Date().toISOString());

/**
 * One line above the home page until this account opens the guide or says 不再显示: it does not
 * cover the page, so what waits for the user stays in view.
 */
export function FirstUseBar({ onOpen, onDismiss }: { onOpen: () => void; onDismiss: () => void }) {
  return (
    <Alert type="info" showIcon style={{ marginBottom: 12 }} data-testid="first-use-bar"
      message={<Space wrap size={4}>第一次使用？<Button size="small" type="primary" onClick={onOpen}>看看先做什么</Button><Button size="small" type="text" onClick={onDismiss}>不再显示</Button></Space>} />
  );
}
