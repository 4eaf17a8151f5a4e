import { useEffect } from 'react';

/**
 * Enter in a dialog's one-line field presses the dialog's main button (保存, 派发 …), as users
 * expect; not in a multi-line text, a drop-down or a date picker (Enter picks there), and not
 * while an input method is composing Chinese. Installed once by the layout, for every dialog.
 */
export function useEnterSubmitsDialogs() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Enter' || e.isComposing || e.shiftKey || e.ctrlKey || e.altKey || e.metaKey || e.defaultPrevented) return;
      const el = e.target as HTMLElement | null;
      if (!(el instanceof HTMLInputElement) || el.type === 'checkbox' || el.type === 'radio' || el.type === 'file') return;
      if (el.getAttribute('role') === 'combobox' || el.closest('.ant-picker, .ant-select, .ant-input-search')) return;
      const modal = el.closest('.ant-modal');
      const ok = modal?.querySelector<HTMLButtonElement>('.ant-modal-footer .ant-btn-primary:not([disabled])');
      if (!ok) return;
      e.preventDefault();
      ok.click();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
