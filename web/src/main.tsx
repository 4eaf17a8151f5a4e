import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

// A citizen opening the public pages downloads only React and those pages; staff get the antd app.
// Both load after this small entry, so neither pays for the other.
const shell = window.location.pathname.startsWith('/public/') ? import('./public/PublicApp') : import('./app/App');
const root = createRoot(document.getElementById('root')!);
void shell.then(({ default: Shell }) =>
  root.render(
    <StrictMode>
      <Shell />
    </StrictMode>,
  ),
);
