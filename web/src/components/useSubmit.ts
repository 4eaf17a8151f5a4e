import { App, type FormInstance } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { newIdempotencyKey } from '../api/client';
import { showError } from './errors';

/**
 * One save: checks the form (when there is one; it shows what is missing), shows the busy
 * state, and shows a server refusal on the field it names or as a message. Resolves whether
 * the call went through.
 */
export function useSubmit(form?: FormInstance) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  // biome-ignore lint: the values are the form's, typed by each call's request body
  const submit = useCallback(async (fn: (values: any) => Promise<unknown>): Promise<boolean> => {
    const values = form ? await form.validateFields().catch(() => null) : undefined;
    if (form && values === null) return false;
    setBusy(true);
    try {
      await fn(values);
      return true;
    } catch (err) {
      showError(err, message, form);
      return false;
    } finally {
      setBusy(false);
    }
  }, [form, message]);
  return { busy, submit, message };
}

/**
 * A dialog with a form: which one is open (`D`: 'new', a record, a step …), the form filled for
 * it, and a fresh idempotency key each time it opens, so a double click creates once.
 */
export function useFormDialog<D>(form: FormInstance) {
  const [dialog, setDialog] = useState<D | null>(null);
  const [key, setKey] = useState('');
  const { busy, submit, message } = useSubmit(form);
  const open = (d: D, values?: object) => {
    form.resetFields();
    setKey(newIdempotencyKey());
    if (values) form.setFieldsValue(values);
    setDialog(d);
  };
  return { dialog, key, open, close: () => setDialog(null), busy, submit, message };
}

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
