import { PrinterOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import { flushSync } from 'react-dom';
import type { Paged } from '../../../common/platform';


/** The most rows a printed register holds (the same cap as an exported ledger's pages of 200). */
const PRINT_MAX = 5000;

/**
 * Printing a register prints every record of its filters, not only the page on screen: the rows
 * are fetched page by page (200 at a time), shown without pagination while the print dialog is
 * open, and the list returns to its page afterwards. Pass `printing` to ListTable.
 */
export function usePrintAll<T>(
  list: { data: Paged<T> | null; setData: (d: Paged<T>) => void; reload: () => Promise<void> },
  fetchPage: (page: number, pageSize: number) => Promise<Paged<T>>,
) {
  const { message } = App.useApp();
  const [printing, setPrinting] = useState(false);
  const [busy, setBusy] = useState(false);
  const print = async () => {
    setBusy(true);
    try {
      const items: T[] = [];
      let total = 0;
      for (let page = 1; ; page++) {
        const r = await fetchPage(page, 200);
        items.push(...r.items);
        total = r.total;
        if (items.length >= total || r.items.length === 0 || items.length >= PRINT_MAX) break;
      }
      if (total > items.length) message.warning(`共 ${total} 条，打印前 ${items.length} 条；全部记录请用“导出”`);
      // Rendered at once (not on the next frame), so the print dialog sees every row.
      flushSync(() => {
        list.setData({ items, total, page: 1, pageSize: items.length || 1 });
        setPrinting(true);
      });
      window.print();
    } catch {
      message.error('打印前读取记录失败，请稍后再试');
    } finally {
      flushSync(() => setPrinting(false));
      setBusy(false);
      void list.reload();
    }
  };
  return { printing, busy, print };
}

/**
 * 打印: the page without the menu and buttons. A register passes `all` (usePrintAll) and prints
 * every record of its filters; without it, the page as it is shown.
 */
export function PrintButton({ label = '打印', all }: { label?: string; all?: ReturnType<typeof usePrintAll> }) {
  return <Button className="no-print" icon={<PrinterOutlined />} loading={all?.busy} onClick={() => (all ? void all.print() : window.print())}>{label}</Button>;
}
