import { Tag } from 'antd';
import { useSearchParams } from 'react-router-dom';

const cn = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/**
 * A list opened from a document's figure carries the period in the address (?from=&to=, and for
 * tasks span=period&leaf=true). The register pages have no picker for those, so this tag shows
 * the filter and clears it.
 */
export function PeriodTag({ extra = [] }: { extra?: string[] }) {
  const [params, setParams] = useSearchParams();
  const from = params.get('from');
  const to = params.get('to');
  if (!from && !to) return null;
  const clear = () => {
    const next = new URLSearchParams(params);
    for (const k of ['from', 'to', ...extra]) next.delete(k);
    setParams(next);
  };
  return (
    <Tag closable onClose={clear} color="blue" data-testid="period-tag">
      期间：{from ? cn(from) : '不限'}至{to ? cn(to) : '今'}
    </Tag>
  );
}
