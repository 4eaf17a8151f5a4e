import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { Permission } from '../../../common/roles';
import { api, ApiError, type PublicInfo, type SessionView, setCsrfToken, setUnauthenticatedHandler } from '../api/client';

interface AuthState {
  session: SessionView | null;
  info: PublicInfo | null;
  loading: boolean;
  /** Whether the session's role has the permission (the same `PERMISSIONS` table the server checks). */
  can(permission: Permission): boolean;
  signedIn(s: SessionView): void;
  logout(): Promise<void>;
  /** The server ended the session: to the login page, and back to this page after signing in again. */
  expired(): void;
  /** The session was ended by the server (not by signing out): the login page says so. */
  sessionLost: boolean;
  refreshInfo(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionView | null>(null);
  const [sessionLost, setSessionLost] = useState(false);
  const [info, setInfo] = useState<PublicInfo | null>(null);
  const [loading, setLoading] = useState(true);
  const navigate = useNavigate();
  // useNavigate's identity follows the location; the start-up effect must run once.
  const navigateRef = useRef(navigate);
  navigateRef.current = navigate;

  const signedIn = useCallback((s: SessionView) => {
    setSessionLost(false);
    setCsrfToken(s.csrfToken);
    setSession(s);
  }, []);

  const refreshInfo = useCallback(async () => {
    setInfo(await api.publicInfo());
  }, []);

  const expired = useCallback(() => {
    // Back to this page after signing in again; what was typed here is kept locally (useDraft).
    setSessionLost(true);
    setSession(null);
    navigateRef.current('/login', { replace: true, state: { expired: true, from: `${window.location.pathname}${window.location.search}` } });
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(expired);
    (async () => {
      try {
        await refreshInfo();
        signedIn(await api.session());
      } catch (err) {
        if (!(err instanceof ApiError) || err.status !== 401) console.error(err);
      } finally {
        setLoading(false);
      }
    })();
  }, [refreshInfo, signedIn, expired]);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setSession(null);
      setCsrfToken(null);
      navigateRef.current('/login', { replace: true });
    }
  }, []);

  const value = useMemo<AuthState>(
    () => ({
      session, info, loading, signedIn, logout, expired, sessionLost, refreshInfo,
      can: (p) => session?.permissions.includes(p) ?? false,
    }),
    [session, info, loading, signedIn, logout, expired, sessionLost, refreshInfo],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
