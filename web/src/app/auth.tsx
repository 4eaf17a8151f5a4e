import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, ApiError, type PublicInfo, type SessionInfo, setCsrfToken, setUnauthenticatedHandler } from '../api/client';

interface AuthState {
  session: SessionInfo | null;
  info: PublicInfo | null;
  loading: boolean;
  can(permission: string): boolean;
  signedIn(s: SessionInfo): void;
  logout(): Promise<void>;
  refreshInfo(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [info, setInfo] = useState<PublicInfo | null>(null);
  const [loading, setLoading] = useState(true);
  const navigate = useNavigate();
  // useNavigate's identity follows the location; the start-up effect must run once.
  const navigateRef = useRef(navigate);
  navigateRef.current = navigate;

  const signedIn = useCallback((s: SessionInfo) => {
    setCsrfToken(s.csrfToken);
    setSession(s);
  }, []);

  const refreshInfo = useCallback(async () => {
    setInfo(await api.publicInfo());
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setSession(null);
      navigateRef.current('/login', { replace: true, state: { expired: true } });
    });
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
  }, [refreshInfo, signedIn]);

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
      session, info, loading, signedIn, logout, refreshInfo,
      can: (p) => session?.permissions.includes(p) ?? false,
    }),
    [session, info, loading, signedIn, logout, refreshInfo],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
