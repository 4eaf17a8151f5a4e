import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect } from 'react';
import { BrowserRouter } from 'react-router-dom';
import { nameUnlabelledSelects } from './a11y';
import { AuthProvider } from './auth';
import { AppRoutes } from './routes';

dayjs.locale('zh-cn');

// People who asked their system for less motion get none: antd's slides and fades are switched off.
const reducedMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

/**
 * Colours readable by everyone (WCAG AA, 4.5:1 on white and on antd's light backgrounds): antd's
 * default grey text (#8c8c8c), links (#1677ff) and red, orange and green text fall short of it.
 */
const TOKENS = {
  colorPrimary: '#b71c1c', borderRadius: 6, fontSize: 15, motion: !reducedMotion,
  colorTextSecondary: '#595959', colorTextTertiary: '#595959', colorTextDescription: '#595959', colorTextQuaternary: '#6e6e6e',
  colorTextPlaceholder: '#6e6e6e', colorLink: '#0b57d0', colorLinkHover: '#174ea6', colorInfo: '#0958d9',
  colorError: '#cf1322', colorWarning: '#ad6800', colorSuccess: '#237804',
};

/** The staff's app: antd, the session and every page (each page loads when first opened). */
export default function App() {
  useEffect(() => nameUnlabelledSelects(), []);
  return (
    <ConfigProvider locale={zhCN} button={{ autoInsertSpace: false }} theme={{ token: TOKENS }}>
      <AntApp>
        <BrowserRouter>
          <AuthProvider>
            <AppRoutes />
          </AuthProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}
