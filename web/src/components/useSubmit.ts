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

