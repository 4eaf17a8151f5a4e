import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import type { ReactNode } from 'react';

dayjs.locale('zh-cn');

// People who asked their system for less motion get none: antd's slides and fades are switched off.
const reducedMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

/**
 * Colours readable by everyone (WCAG AA, 4.5:1 on white and on antd's light backgrounds): antd's
 * default grey text (#8c8c8c), links (#1677ff) and red, orange and green text fall short of it.
 * The shell and home (plain HTML, app/shell.css) use the same colours.
 */
const TOKENS = {
  colorPrimary: '#b71c1c', borderRadius: 6, fontSize: 15, motion: !reducedMotion,
  colorTextSecondary: '#595959', colorTextTertiary: '#595959', colorTextDescription: '#595959', colorTextQuaternary: '#6e6e6e',
  colorTextPlaceholder: '#6e6e6e', colorLink: '#0b57d0', colorLinkHover: '#174ea6', colorInfo: '#0958d9',
  colorError: '#cf1322', colorWarning: '#ad6800', colorSuccess: '#237804',
};

/**
 * What colour alone cannot say: a link inside running text (先下载导入模板…) is underlined, so it
 * stands out from the words around it without telling blue from black. Orange tags (待采用, 已报完成)
 * take a darker brown than antd's, readable on their own light background and on a highlighted row.
 */
const TEXT_CSS = `
p a:not(.ant-btn), a[data-figure], .ant-alert-description a, .ant-form-item-extra a, .ant-typography a:not(.ant-btn) { text-decoration: underline; }
.ant-tag.ant-tag-warning, .ant-tag.ant-tag-orange { color: #874d00 !important; }
`;

/**
 * antd with the app's theme, locale and its App (message, modal, notification): around every page
 * but home, and around the dialogs the shell opens (session warning, first-steps guide). Loaded with
 * the first of them, so home's first load carries no antd.
 */
export default function AntdRoot({ children }: { children: ReactNode }) {
  return (
    <ConfigProvider locale={zhCN} button={{ autoInsertSpace: false }} theme={{ token: TOKENS }}>
      <AntApp>
        <style>{TEXT_CSS}</style>
        {children}
      </AntApp>
    </ConfigProvider>
  );
}
