/** Who is signed in, in which organizations, with which role; setup, login and logout. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, ApiError, onUnauthorized, setCsrfToken, type Me, type Membership, type Role } from "./api";

export type SessionStatus = "loading" | "setup" | "anonymous" | "ready" | "offline";

/** The server's minimum password length (it checks too; the form says it first). */
export const MIN_PASSWORD = 10;

export interface Session {
  status: SessionStatus;
  me?: Me;
  error?: string;
  /** slug of the demo organization the server loaded, if any (from GET /setup) */
  demo?: string | null;
  refresh(): Promise<void>;
  login(email: string, password: string): Promise<void>;
  setup(input: { email: string; name: string; password: string; organization?: string }): Promise<{ organization?: { slug: string } | null }>;
  logout(): Promise<void>;
  membership(org: string | undefined): Membership | undefined;
  role(org: string | undefined): Role | undefined;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<SessionStatus>("loading");
  const [me, setMe] = useState<Me | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [demo, setDemo] = useState<string | null | undefined>();

  const loadMe = useCallback(async () => {
    try {
      const data = await api.get<Me>("/api/v1/me", { quiet401: true });
      setCsrfToken(data.csrfToken);
      setMe(data);
      setStatus("ready");
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
        setMe(undefined);
        setStatus("anonymous");
      } else throw e;
    }
  }, []);

  const refresh = useCallback(async () => {
    setError(undefined);
    try {
      const setup = await api.get<{ needed: boolean; demo?: string | null }>("/api/v1/setup", { quiet401: true });
      setDemo(setup.demo ?? null);
      if (setup.needed) {
        setStatus("setup");
        return;
      }
      await loadMe();
    } catch (e) {
      setError((e as Error).message);
      setStatus("offline");
    }
  }, [loadMe]);

  useEffect(() => {
    void refresh();
    return onUnauthorized(() => {
      setMe(undefined);
      setStatus("anonymous");
    });
  }, [refresh]);

  const login = useCallback(
    async (email: string, password: string) => {
      const answer = await api.post<{ csrfToken?: string }>("/api/v1/auth/login", { email, password }, { quiet401: true });
      setCsrfToken(answer?.csrfToken);
      await loadMe();
    },
    [loadMe],
  );

  const setup = useCallback(
    async (input: { email: string; name: string; password: string; organization?: string }) => {
      const answer = await api.post<{ csrfToken?: string; organization?: { slug: string } | null }>("/api/v1/setup", input, { quiet401: true });
      setCsrfToken(answer?.csrfToken);
      await loadMe();
      return answer ?? {};
    },
    [loadMe],
  );

  const logout = useCallback(async () => {
    try {
      await api.post("/api/v1/auth/logout");
    } finally {
      setCsrfToken("");
      setMe(undefined);
      setStatus("anonymous");
    }
  }, []);

  const value = useMemo<Session>(() => {
    const membership = (org: string | undefined) => (org ? me?.memberships.find((m) => m.organization.slug === org) : undefined);
    return {
      status,
      me,
      error,
      demo,
      refresh,
      login,
      setup,
      logout,
      membership,
      role: (org) => membership(org)?.role,
    };
  }, [status, me, error, demo, refresh, login, setup, logout]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}
