import { lazy, Suspense, useEffect, useState } from 'react';
import { api, ApiError, lastServerContact } from '../api/client';
import { useAuth } from './auth';

/** The warning is an antd dialog, loaded when it is first due (home has no antd). */
const AntdRoot = lazy(() => import('./AntdRoot'));
const SessionWarning = lazy(() => import('./SessionWarning'));

/** The server writes its idle clock at most once a minute (touchSession), so it may be this far behind ours. */
const SERVER_SLACK_MS = 60_000;

/** When the server will end an idle session, counted conservatively from the last answer it gave. */
export function idleEndsAt(idleMinutes: number, lastContact = lastServerContact()): number {
  return lastContact + idleMinutes * 60_000 - SERVER_SLACK_MS;
}

/** How long before the end the warning shows: two minutes, or half the timeout when it is short. */
export function warnBeforeMs(idleMinutes: number): number {
  return Math.min(2 * 60_000, (idleMinutes * 60_000) / 2);
}

/**
 * Warns before the idle timeout (config sessionIdleMinutes) signs the user out, and lets them
 * stay: one request to the server restarts its clock. When the time has passed, asking the
 * server finds the session gone and the app goes to the login page (auth.tsx), coming back to
 * the same page afterwards with what was typed restored (useDraft).
 */
export function SessionGuard() {
  const { session, logout, expired } = useAuth();
  const idle = session?.idleMinutes ?? 30;
  const [now, setNow] = useState(Date.now());
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const left = idleEndsAt(idle) - now;
  const ended = left <= 0;
  useEffect(() => {
    // Past the end: asking the server confirms it (401 → the login page); if it still lives, the clock restarts.
    if (ended) void api.session().catch((e) => { if (e instanceof ApiError && e.status === 401) expired(); });
  }, [ended, expired]);
  if (!session || left > warnBeforeMs(idle)) return null;
  const stay = async () => {
    setBusy(true);
    try {
      await api.session();
      setNow(Date.now());
    } finally {
      setBusy(false);
    }
  };
  return (
    <Suspense fallback={null}>
      <AntdRoot>
        <SessionWarning left={left} busy={busy} onLogout={() => void logout()} onStay={() => void stay()} />
      </AntdRoot>
    </Suspense>
  );
}
