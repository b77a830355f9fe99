import {
  can,
  LONG_OFFLINE_MS,
  verifyPin,
  type Pbkdf2Crypto,
  type StaffAction,
  type StaffRecord,
  type StaffRole,
  type TillAuditAction,
  type TillAuditEvent,
} from '@kasir/protocol';
import type { SyncClient } from '@kasir/sync';
import { useT } from '@kasir/ui';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type { KeyValueStorage } from '../common/key-value-storage.ts';
import {
  afterWrongPin,
  loadLockout,
  lockRemainingMs,
  NO_LOCKOUT,
  saveLockout,
  type PinLockout,
} from './pin-lockout.ts';
import { StaffPicker } from './staff-picker.tsx';

/** Who is signed in at the till. */
export interface CurrentStaff {
  readonly id: string;
  readonly name: string;
  readonly role: StaffRole;
}

/**
 * Who may do an action: the signed-in person, and who approved it when they could not alone.
 * `staffId` is null only when the branch has no staff with a PIN yet (the till then works as
 * before staff existed, and nothing is gated).
 */
export interface StaffApproval {
  readonly staffId: string | null;
  readonly approvedBy?: string;
}

/** What an audit event adds beyond its action, the signed-in person and the time. */
export interface AuditExtra {
  readonly approvedBy?: string | undefined;
  readonly approvedAction?: StaffAction;
  readonly entityId?: string;
  readonly details?: TillAuditEvent['details'];
}

export interface StaffContextValue {
  /** The branch has staff with a PIN: someone must be signed in to use the till. */
  readonly enabled: boolean;
  readonly current: CurrentStaff | null;
  /** Locks the till now (the cart stays); the next person signs in with their PIN. */
  readonly lock: () => void;
  /**
   * Resolves who may do `action`: the signed-in person if their role may, else someone who may and
   * gives their PIN now (both recorded); null if nobody approved (cancelled).
   */
  readonly requirePermission: (action: StaffAction) => Promise<StaffApproval | null>;
  /** Records a till audit event (an `audit.record` mutation: offline first, synced exactly once). */
  readonly audit: (action: TillAuditAction, extra?: AuditExtra) => void;
}

/** Without a provider (tests of single screens): no staff, nothing gated, nothing audited. */
const NO_STAFF: StaffContextValue = {
  enabled: false,
  current: null,
  lock: () => undefined,
  requirePermission: () => Promise.resolve({ staffId: null }),
  audit: () => undefined,
};

const StaffContext = createContext<StaffContextValue>(NO_STAFF);

/** The signed-in person, lock, permission checks with supervisor override, and audit events. */
export function useStaff(): StaffContextValue {
  return useContext(StaffContext);
}

/** Locks after this long without a touch or a key, by default. */
export const AUTO_LOCK_MS = 5 * 60_000;

export interface StaffProviderProps {
  readonly client: SyncClient;
  readonly storage: KeyValueStorage;
  readonly autoLockMs?: number;
  readonly children: ReactNode;
}

interface PendingOverride {
  readonly action: StaffAction;
  readonly resolve: (a: StaffApproval | null) => void;
}

// WebCrypto exists only in a secure context (https or localhost), as the service worker does.
const subtle = (globalThis.crypto as Crypto | undefined)?.subtle as Pbkdf2Crypto | undefined;

const toCurrent = (s: StaffRecord): CurrentStaff => ({ id: s.id, name: s.name, role: s.role });

/**
 * Staff at the till (issue 13 items 1, 2, 7). The branch's staff come through the feed with salted
 * slow PIN hashes, so signing in works offline. The sign-in screen lies over the app, which stays
 * mounted: switching person keeps the cart.
 */
export function StaffProvider({ client, storage, autoLockMs = AUTO_LOCK_MS, children }: StaffProviderProps) {
  const { t } = useT();
  const [staff, setStaff] = useState<StaffRecord[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [current, setCurrent] = useState<CurrentStaff | null>(null);
  const [lockout, setLockout] = useState<PinLockout>(() => loadLockout(storage));
  const [pending, setPending] = useState<PendingOverride | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const currentRef = useRef(current);
  currentRef.current = current;

  const reload = useCallback(async () => {
    const list = await client.listStaff();
    setStaff([...list].sort((a, b) => a.name.localeCompare(b.name)));
    setLoaded(true);
  }, [client]);
  useEffect(() => {
    void reload();
    return client.on('staffChanged', () => void reload());
  }, [client, reload]);

  const people = useMemo(() => staff.filter((s) => s.active && s.pin !== null), [staff]);
  const enabled = people.length > 0;

  // A signed-in person who was removed or disabled on the server is signed out.
  useEffect(() => {
    if (current !== null && loaded && !people.some((p) => p.id === current.id)) setCurrent(null);
  }, [current, people, loaded]);

  const audit = useCallback(
    (action: TillAuditAction, extra: AuditExtra = {}) => {
      const payload: TillAuditEvent = {
        action,
        staffId: currentRef.current?.id ?? null,
        at: new Date().toISOString(),
        ...(extra.approvedBy === undefined ? {} : { approvedBy: extra.approvedBy }),
        ...(extra.approvedAction === undefined ? {} : { approvedAction: extra.approvedAction }),
        ...(extra.entityId === undefined ? {} : { entityId: extra.entityId }),
        ...(extra.details === undefined ? {} : { details: extra.details }),
      };
      void client.recordMutation({ type: 'audit.record', payload }).then((r) => {
        if (!r.ok) console.warn('audit event not recorded', r.code, r.message);
      });
    },
    [client],
  );

  // A till that stayed offline long (its sales waited): recorded when it syncs again (issue 13 item 7).
  useEffect(() => {
    let last = client.status.get().lastSyncedAt;
    return client.status.subscribe((s) => {
      if (s.lastSyncedAt === null || s.lastSyncedAt === last) return;
      // Only the leader tab's engine announces `staffChanged`; every tab re-reads after a sync.
      void reload();
      const gap = last === null ? 0 : Date.parse(s.lastSyncedAt) - Date.parse(last);
      last = s.lastSyncedAt;
      if (gap >= LONG_OFFLINE_MS && s.leader) audit('long_offline', { details: { offlineMs: gap } });
    });
  }, [client, audit, reload]);

  const remaining = lockRemainingMs(lockout, now);
  useEffect(() => {
    if (remaining <= 0) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [remaining]);

  /** Checks a PIN; null when right, else what to show. Wrong PINs count toward the lockout. */
  const checkPin = useCallback(
    async (person: StaffRecord, pin: string): Promise<string | null> => {
      const at = Date.now();
      setNow(at);
      const state = loadLockout(storage);
      if (lockRemainingMs(state, at) > 0)
        return t('staff.locked', { seconds: Math.ceil(lockRemainingMs(state, at) / 1000) });
      if (person.pin === null) return t('staff.wrongPin');
      if (subtle === undefined) return t('staff.noCrypto');
      if (await verifyPin(subtle, pin, person.pin)) {
        saveLockout(storage, NO_LOCKOUT);
        setLockout(NO_LOCKOUT);
        return null;
      }
      const next = afterWrongPin(state, Date.now());
      saveLockout(storage, next);
      setLockout(next);
      setNow(Date.now());
      if (next.lockedUntil > 0)
        audit('pin_lockout', {
          entityId: person.id,
          details: { failures: next.failures, lockMs: next.lockedUntil - Date.now() },
        });
      return t('staff.wrongPin');
    },
    [storage, t, audit],
  );

  const lock = useCallback(() => setCurrent(null), []);

  const requirePermission = useCallback(
    (action: StaffAction): Promise<StaffApproval | null> => {
      if (!enabled) return Promise.resolve({ staffId: null });
      const me = currentRef.current;
      if (me === null) return Promise.resolve(null);
      if (can(me.role, action)) return Promise.resolve({ staffId: me.id });
      return new Promise((resolve) => setPending({ action, resolve }));
    },
    [enabled],
  );

  // Auto-lock: no touch, click or key for `autoLockMs`.
  useEffect(() => {
    if (current === null) return;
    let last = Date.now();
    const touch = (): void => {
      last = Date.now();
    };
    const events = ['pointerdown', 'keydown'] as const;
    for (const e of events) window.addEventListener(e, touch, true);
    const timer = setInterval(
      () => {
        if (Date.now() - last >= autoLockMs) setCurrent(null);
      },
      Math.min(5_000, autoLockMs),
    );
    return () => {
      for (const e of events) window.removeEventListener(e, touch, true);
      clearInterval(timer);
    };
  }, [current, autoLockMs]);

  const lockedText = remaining > 0 ? t('staff.locked', { seconds: Math.ceil(remaining / 1000) }) : null;
  const value = useMemo<StaffContextValue>(
    () => ({ enabled, current, lock, requirePermission, audit }),
    [enabled, current, lock, requirePermission, audit],
  );
  const signInShown = enabled && current === null;
  const approvers =
    pending === null ? [] : people.filter((p) => can(p.role, pending.action) && p.id !== current?.id);
  const finish = (a: StaffApproval | null): void => {
    pending?.resolve(a);
    setPending(null);
  };

  return (
    <StaffContext.Provider value={value}>
      <div className="staff-host" inert={signInShown || pending !== null}>
        {children}
      </div>
      {signInShown && (
        <div
          className="staff-overlay"
          role="dialog"
          aria-modal="true"
          aria-label={t('staff.signInTitle')}
          data-testid="staff-signin"
        >
          <div className="card staff-card">
            <h2>{t('staff.signInTitle')}</h2>
            <StaffPicker
              people={people}
              testId="signin"
              lockedText={lockedText}
              onPin={async (person, pin) => {
                const error = await checkPin(person, pin);
                if (error === null) setCurrent(toCurrent(person));
                return error;
              }}
            />
          </div>
        </div>
      )}
      {pending !== null && !signInShown && (
        <div
          className="staff-overlay"
          role="dialog"
          aria-modal="true"
          aria-label={t('staff.approveTitle')}
          data-testid="staff-override"
        >
          <div className="card staff-card">
            <h2>{t('staff.approveTitle')}</h2>
            <p className="muted">{t('staff.approveWhy', { action: t(`staff.action.${pending.action}`) })}</p>
            {approvers.length === 0 ? (
              <p className="error">{t('staff.noApprover')}</p>
            ) : (
              <StaffPicker
                people={approvers}
                testId="approve"
                lockedText={lockedText}
                onPin={async (person, pin) => {
                  const error = await checkPin(person, pin);
                  if (error !== null) return error;
                  const me = currentRef.current;
                  audit('override', { approvedBy: person.id, approvedAction: pending.action });
                  finish({ staffId: me?.id ?? null, approvedBy: person.id });
                  return null;
                }}
              />
            )}
            <button type="button" data-testid="approve-cancel" onClick={() => finish(null)}>
              {t('staff.cancel')}
            </button>
          </div>
        </div>
      )}
    </StaffContext.Provider>
  );
}
