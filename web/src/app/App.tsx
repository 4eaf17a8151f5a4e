import { useEffect } from 'react';
import { BrowserRouter } from 'react-router-dom';
import { nameUnlabelledSelects, scrollableByKeyboard, unfocusHiddenCopies } from './a11y';
import { AuthProvider } from './auth';
import { AppRoutes } from './routes';
import './shell.css';

/**
 * The staff's app: the session and every page (each page loads when first opened). antd, its theme
 * and its App (message, modal) come with the pages that use them (AntdRoot.tsx, wrapped around every
 * route but home in routes.tsx); the shell and home are plain HTML (shell.css).
 */
export default function App() {
  useEffect(() => nameUnlabelledSelects(), []);
  useEffect(() => unfocusHiddenCopies(), []);
  useEffect(() => scrollableByKeyboard(), []);
  return (
    <BrowserRouter>
      <AuthProvider>
        <AppRoutes />
      </AuthProvider>
    </BrowserRouter>
  );
}
