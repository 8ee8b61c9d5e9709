import { useNavigate } from '@tanstack/react-router';
import { useCallback } from 'react';

export type SearchPatch = Record<string, string | number | undefined>;

/**
 * Changes the current route's search params: the URL is the state. A patch
 * that changes the filter (anything but `page`) starts again at page 1.
 * Typing replaces the history entry; clicks push one, so Back undoes them.
 */
export function useSearchNav() {
  const navigate = useNavigate();
  return useCallback(
    (patch: SearchPatch, options: { replace?: boolean } = {}) => {
      const resetsPage = !('page' in patch);
      void navigate({
        to: '.',
        search: ((prev: Record<string, unknown>) => ({
          ...prev,
          ...(resetsPage ? { page: undefined } : {}),
          ...patch,
        })) as never,
        replace: options.replace,
      });
    },
    [navigate],
  );
}
