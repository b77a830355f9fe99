import type { AdminDevice, BranchSettings, Me, StaffMember } from '@kasir/protocol';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../app/api-context.ts';

/** Who is signed in; a 401 is an answer here (the shell sends the person to login), not a retry. */
export function useMe() {
  const api = useApi();
  return useQuery({
    queryKey: ['me'],
    queryFn: () => api.get<Me>('/api/auth/me'),
    retry: false,
    staleTime: 60_000,
  });
}

export function useBranches() {
  const api = useApi();
  return useQuery({
    queryKey: ['branches'],
    queryFn: () => api.get<BranchSettings[]>('/api/admin/branches'),
    staleTime: 60_000,
  });
}

/** Devices with health; polled, since presence changes by itself. */
export function useDevices(branchId: string, refetchInterval = 5_000) {
  const api = useApi();
  return useQuery({
    queryKey: ['devices', branchId],
    queryFn: () => api.get<AdminDevice[]>('/api/admin/devices', { branchId }),
    refetchInterval,
  });
}

/** The time zone business days are counted in: the branch's, or Jakarta's for "all branches". */
export function branchTimeZone(branches: readonly BranchSettings[] | undefined, branchId: string): string {
  return branches?.find((b) => b.id === branchId)?.timeZone ?? branches?.[0]?.timeZone ?? 'Asia/Jakarta';
}

/**
 * The till staff of a branch ('' for every branch the person may see), by the same query key
 * everywhere: the staff screen's edits refresh the lists of the shift and audit screens too.
 */
export function useStaffList(branchId: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['staff', branchId],
    queryFn: () => api.get<StaffMember[]>('/api/admin/staff', branchId === '' ? {} : { branchId }),
  });
}
