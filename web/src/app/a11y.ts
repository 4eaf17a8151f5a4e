/**
 * Names for antd selects that stand alone (the filters above the lists): antd renders their search
 * input without a label, so a screen reader announces "组合框" and nothing else. Each such input is
 * named, once, after what the select shows when empty (its placeholder, e.g. 全部状态) or else what
 * it shows now. A select inside a form item keeps the label the form gives it.
 */
export function nameUnlabelledSelects(root: Document = document): () => void {
  const name = () => {
    for (const input of root.querySelectorAll<HTMLInputElement>('.ant-select input[role="combobox"]')) {
      if (input.hasAttribute('aria-label') || input.hasAttribute('aria-labelledby')) continue;
      if (input.id && root.querySelector(`label[for="${CSS.escape(input.id)}"]`)) continue;
      const select = input.closest('.ant-select');
      const text = select?.querySelector('.ant-select-placeholder, .ant-select-selection-placeholder')?.textContent?.trim()
        || select?.getAttribute('title')
        || select?.querySelector('.ant-select-content, .ant-select-selector')?.textContent?.trim();
      if (text) input.setAttribute('aria-label', text);
    }
  };
  name();
  const observer = new MutationObserver(name);
  observer.observe(root.body, { childList: true, subtree: true });
  return () => observer.disconnect();
}

/**
 * antd's tables with fixed columns measure their columns in a hidden row (aria-hidden) that copies
 * each header, the select-all checkbox of a table with row selection too: a screen reader user
 * could tab into a control that is not announced. The copy is taken out of the tab order.
 */
export function unfocusHiddenCopies(root: Document = document): () => void {
  const hide = () => {
    for (const el of root.querySelectorAll<HTMLElement>('[aria-hidden="true"] input, [aria-hidden="true"] button, [aria-hidden="true"] a[href]')) {
      if (el.getAttribute('tabindex') !== '-1') el.setAttribute('tabindex', '-1');
    }
  };
  hide();
  const observer = new MutationObserver(hide);
  observer.observe(root.body, { childList: true, subtree: true });
  return () => observer.disconnect();
}

/**
 * A table wider than a phone scrolls sideways inside its box; a keyboard user reaches it only if
 * the box can take the focus (a table of plain text has nothing else to tab to). Such a box joins
 * the tab order, named after what it holds, so the arrow keys scroll it.
 */
export function scrollableByKeyboard(root: Document = document): () => void {
  const mark = () => {
    for (const el of root.querySelectorAll<HTMLElement>('.ant-table-content, .ant-table-body')) {
      if (el.hasAttribute('tabindex')) continue;
      if (el.querySelector('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])')) continue;
      el.setAttribute('tabindex', '0');
      el.setAttribute('role', 'region');
      el.setAttribute('aria-label', '表格(可左右滚动)');
    }
  };
  mark();
  const observer = new MutationObserver(mark);
  observer.observe(root.body, { childList: true, subtree: true });
  return () => observer.disconnect();
}
