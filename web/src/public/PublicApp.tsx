import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';

const PublicSubmit = lazy(() => import('../pages/cases/PublicSubmit'));
const PublicTrack = lazy(() => import('../pages/cases/PublicTrack'));

/** The citizen's pages alone: no session, no component library, no app shell. */
export default function PublicApp() {
  return (
    <BrowserRouter>
      <Suspense fallback={null}>
        <Routes>
          <Route path="/public/submit" element={<PublicSubmit />} />
          <Route path="/public/track" element={<PublicTrack />} />
          <Route path="*" element={<PublicSubmit />} />
        </Routes>
      </Suspense>
    </BrowserRouter>
  );
}
