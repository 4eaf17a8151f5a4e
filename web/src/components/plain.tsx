/**
 * The few pieces the shell and the home page draw, in plain React with app/shell.css, looking like
 * their antd counterparts: home is the first screen after signing in and loads without antd (see
 * bench/home-bundle.ts). Pages built with antd keep using antd.
 */
import { type CSSProperties, type ReactNode, useEffect, useState } from 'react';

/** Narrower than antd's md breakpoint (768 px): a phone. Follows the window as it is resized. */
export function useNarrow(): boolean {
  const query = '(max-width: 767.98px)';
  const [narrow, setNarrow] = useState(() => window.matchMedia?.(query).matches ?? false);
  useEffect(() => {
    const m = window.matchMedia?.(query);
    if (!m) return;
    const on = () => setNarrow(m.matches);
    on();
    m.addEventListener('change', on);
    return () => m.removeEventListener('change', on);
  }, []);
  return narrow;
}

export function Card({ title, extra, children, large, testId, style }: {
  title?: ReactNode; extra?: ReactNode; children?: ReactNode; large?: boolean; testId?: string; style?: CSSProperties;
}) {
  return (
    <section className={`nd-card${large ? ' nd-card-large' : ''}`} data-testid={testId} style={style}>
      {(title || extra) && (
        <div className="nd-card-head">
          <div className="nd-card-head-title">{title}</div>
          {extra && <div className="nd-card-extra">{extra}</div>}
        </div>
      )}
      <div className="nd-card-body">{children}</div>
    </section>
  );
}

/** A count in a red (or given colour) pill; nothing when the count is 0. */
export function Badge({ count, overflow = 99, color, small, title, style }: { count: number; overflow?: number; color?: string; small?: boolean; title?: string; style?: CSSProperties }) {
  if (!count) return null;
  return (
    <sup className={`nd-badge${small ? ' nd-badge-sm' : ''}`} style={{ ...(color ? { background: color } : {}), ...style }} title={title ?? String(count)}>
      {count > overflow ? `${overflow}+` : count}
    </sup>
  );
}

/** antd's preset tag colours used on home (red, orange, blue); others draw as the default grey tag. */
export function Tag({ color, children }: { color?: string; children: ReactNode }) {
  return <span className={`nd-tag${color && ['red', 'orange', 'blue'].includes(color) ? ` nd-tag-${color}` : ''}`}>{children}</span>;
}

/** antd's simple empty picture with its words. */
export function Empty({ description }: { description: string }) {
  return (
    <div className="nd-empty">
      <svg width="64" height="41" viewBox="0 0 64 41" aria-hidden="true">
        <g transform="translate(0 1)" fill="none" fillRule="evenodd">
          <ellipse fill="#f5f5f5" cx="32" cy="33" rx="32" ry="7" />
          <g fillRule="nonzero" stroke="#d9d9d9">
            <path d="M55 12.76L44.854 1.258C44.367.474 43.656 0 42.907 0H21.093c-.749 0-1.46.474-1.947 1.257L9 12.761V22h46v-9.24z" />
            <path d="M41.613 15.931c0-1.605.994-2.93 2.227-2.931H55v18.137C55 33.26 53.68 35 52.05 35h-40.1C10.32 35 9 33.259 9 31.137V13h11.16c1.233 0 2.227 1.323 2.227 2.928v.022c0 1.605 1.005 2.901 2.237 2.901h14.752c1.232 0 2.237-1.308 2.237-2.913v-.007z" fill="#fafafa" />
          </g>
        </g>
      </svg>
      {description}
    </div>
  );
}

/** Grey bars while something loads (marked busy for screen readers and for tests that wait for a settled page). */
export function Skeleton({ rows = 3 }: { rows?: number }) {
  return (
    <div className="nd-skeleton" aria-busy="true" aria-label="加载中">
      {Array.from({ length: rows }, (_, i) => <div key={i} />)}
    </div>
  );
}

/** A spinning ring while a page loads. */
export function Spinner() {
  return <span className="nd-spin" role="status" aria-busy="true" aria-label="加载中" />;
}
