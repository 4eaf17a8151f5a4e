/**
 * The first-use bar and whether it is due; the guide itself (FirstStepsGuide.tsx) loads only when opened.
 */
import { InfoCircleFilled } from '../components/icons';

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
    <div className="nd-alert" role="alert" data-testid="first-use-bar">
      <InfoCircleFilled />
      <span className="nd-space">
        第一次使用？
        <button type="button" className="nd-btn nd-btn-sm nd-btn-primary" onClick={onOpen}>看看先做什么</button>
        <button type="button" className="nd-btn nd-btn-sm nd-btn-text" onClick={onDismiss}>不再显示</button>
      </span>
    </div>
  );
}
