import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import './public.css';

/**
 * The frame of both public pages: plain, readable on a phone, no menu. These pages use no component
 * library (only React and the router), so what a citizen's phone downloads stays small.
 */
export function PublicFrame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="pub">
      <div className="pub-inner">
        <h1>{title}</h1>
        <nav className="pub-nav" aria-label="公众服务">
          <Link to="/public/submit">反映诉求</Link>
          <Link to="/public/track">查询办理进度</Link>
        </nav>
        {children}
      </div>
    </main>
  );
}

/** A labelled field whose error and hint are read out with it. */
export function Field({ id, label, error, extra, children }: { id: string; label: ReactNode; error?: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <div className="pub-field">
      <label htmlFor={id}>{label}</label>
      {children}
      {extra && <div className="pub-extra" id={`${id}-extra`}>{extra}</div>}
      {error && <div className="pub-error" id={`${id}-error`} role="alert">{error}</div>}
    </div>
  );
}

/** Aria attributes tying an input to its error. */
export const described = (id: string, error?: string, extra?: boolean) => ({
  'aria-invalid': error ? true : undefined,
  'aria-describedby': [error ? `${id}-error` : '', extra ? `${id}-extra` : ''].filter(Boolean).join(' ') || undefined,
});

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

/** 2026年3月5日 14:30 in Beijing time. */
export function when(iso: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(iso)).map((x) => [x.type, x.value]),
  );
  return `${p.year}年${p.month}月${p.day}日 ${p.hour}:${p.minute}`;
}
