/**
 * What a printed page leaves out: the menu, the header, filters and buttons (class no-print), the
 * pagination; tables keep their header row on every sheet. Installed once by the layout.
 */
const PRINT_CSS = `
.print-only { display: none; }
@media print {
  .ant-layout-sider, .ant-layout-header, .nd-sider, .nd-header, .no-print, .ant-pagination, .ant-card-extra, .nd-card-extra, .nd-drawer, .nd-drawer-mask, .ant-drawer, .ant-message { display: none !important; }
  .print-only { display: block; }
  .ant-layout, .ant-layout-content, .nd-layout, .nd-content { background: #fff !important; padding: 0 !important; }
  .ant-card, .nd-card { border: 0 !important; box-shadow: none !important; }
  .ant-table { font-size: 10.5pt !important; }
  .ant-table-thead { display: table-header-group; }
  .ant-table-row { break-inside: avoid; }
  a { color: inherit !important; }
}`;

export function PrintStyles() {
  return <style>{PRINT_CSS}</style>;
}
