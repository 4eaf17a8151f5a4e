/** Times as users read them: Asia/Shanghai, 24-hour. */
export const fmtTime = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—';

export const fmtDay = (iso: string | null) =>
  iso ? new Date(iso).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric' }) : '—';

/** Only paths inside the app are followed. */
export const internalLink = (link: string | null) => (link && link.startsWith('/') && !link.startsWith('//') ? link : null);

export const KIND_COLORS: Record<string, string> = { overdue: 'red', due_soon: 'orange', notice: 'blue' };
