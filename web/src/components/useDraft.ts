import type { FormInstance } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useAuth } from '../app/auth';

const PREFIX = 'netduty.draft';

/** The browser's storage key of one user's draft of one form. */
export const draftKey = (accountId: string, form: string) => `${PREFIX}:${accountId}:${form}`;

function read(key: string): Record<string, string> | null {
  try {
    const v = JSON.parse(localStorage.getItem(key) ?? 'null');
    return v && typeof v === 'object' ? v : null;
  } catch {
    return null;
  }
}

/**
 * Nothing typed is lost: the text fields of a form are kept in this browser (localStorage, per
 * user and form) as they are typed, put back when the form opens again (after the session
 * ended and the user signed in again, or a closed dialog), and dropped once the form is sent.
 * Only text is kept: days and choices are quick to set again. `name`: the form and its record,
 * e.g. `task-progress:${id}`; `active`: whether the form is shown (a dialog: open); `omit`: fields
 * never kept in the browser (a citizen's contact stays on the server).
 */
export function useDraft(form: FormInstance, name: string, active = true, omit: readonly string[] = []) {
  const { session } = useAuth();
  const key = session ? draftKey(session.account.id, name) : null;
  const [restored, setRestored] = useState(false);
  const keyRef = useRef(key);
  keyRef.current = key;
  const omitRef = useRef(omit);
  omitRef.current = omit;
  useEffect(() => {
    if (!active || !key) return;
    const saved = read(key);
    if (saved && Object.keys(saved).length) {
      form.setFieldsValue(saved);
      setRestored(true);
    } else setRestored(false);
  }, [active, key, form]);
  /** Form's onValuesChange: keeps the text typed so far. */
  const onValuesChange = useCallback((_: unknown, all: Record<string, unknown>) => {
    if (!keyRef.current) return;
    const text = Object.fromEntries(Object.entries(all).filter(([k, v]) => typeof v === 'string' && v.trim() !== '' && !omitRef.current.includes(k)));
    if (Object.keys(text).length) localStorage.setItem(keyRef.current, JSON.stringify(text));
    else localStorage.removeItem(keyRef.current);
  }, []);
  /** The form was sent: its draft is no longer needed. */
  const clear = useCallback(() => {
    if (keyRef.current) localStorage.removeItem(keyRef.current);
    setRestored(false);
  }, []);
  return { onValuesChange, clear, restored };
}

/**
 * The same for text kept in a page's own state rather than a form (a document's paragraphs):
 * `value` is saved as it changes while it differs from what the server has (`saved`), with the
 * record's version it was typed on. `stored` is what was kept from an earlier visit, if any, and
 * whether it was typed on the version now shown; the page offers to put it back.
 */
export function useStateDraft(name: string, value: Record<string, string>, saved: Record<string, string> | null, version: number | null) {
  const { session } = useAuth();
  const key = session ? draftKey(session.account.id, name) : null;
  const [stored, setStored] = useState<{ value: Record<string, string>; version: number } | null>(null);
  // What was kept from before, read once per record.
  useEffect(() => {
    if (!key) return;
    const v = read(key) as unknown as { value?: Record<string, string>; version?: number } | null;
    setStored(v?.value && typeof v.version === 'number' ? { value: v.value, version: v.version } : null);
  }, [key]);
  useEffect(() => {
    if (!key || !saved || version === null) return;
    const changed = Object.keys(value).some((k) => (value[k] ?? '') !== (saved[k] ?? ''));
    if (changed) localStorage.setItem(key, JSON.stringify({ value, version }));
  }, [key, value, saved, version]);
  const clear = useCallback(() => {
    if (key) localStorage.removeItem(key);
    setStored(null);
  }, [key]);
  return { stored, clear };
}
