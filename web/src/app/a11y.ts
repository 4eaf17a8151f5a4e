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
