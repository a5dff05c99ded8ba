import { useCallback, useState } from 'react';

/** A value with undo and redo: each `commit` is one step back. */
export function useHistory<T>(initial: T) {
  const [state, setState] = useState({ past: [] as T[], present: initial, future: [] as T[] });
  const commit = useCallback(
    (next: T | ((current: T) => T)) =>
      setState((s) => {
        const value = typeof next === 'function' ? (next as (current: T) => T)(s.present) : next;
        return value === s.present
          ? s
          : { past: [...s.past.slice(-99), s.present], present: value, future: [] };
      }),
    [],
  );
  /** Changes the value without an undo step (e.g. while dragging). */
  const replace = useCallback(
    (next: (current: T) => T) => setState((s) => ({ ...s, present: next(s.present) })),
    [],
  );
  const undo = useCallback(
    () =>
      setState((s) =>
        s.past.length === 0
          ? s
          : {
              past: s.past.slice(0, -1),
              present: s.past[s.past.length - 1]!,
              future: [s.present, ...s.future],
            },
      ),
    [],
  );
  const redo = useCallback(
    () =>
      setState((s) =>
        s.future.length === 0
          ? s
          : { past: [...s.past, s.present], present: s.future[0]!, future: s.future.slice(1) },
      ),
    [],
  );
  return {
    value: state.present,
    commit,
    replace,
    undo,
    redo,
    canUndo: state.past.length > 0,
    canRedo: state.future.length > 0,
  };
}
