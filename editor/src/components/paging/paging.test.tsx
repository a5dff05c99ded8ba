// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter, useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import { pageRange } from './Pager';
import { useListPage } from './useListPage';

/** The hook and the URL it keeps its place in, starting at `url`. */
function listAt(url: string, options: Parameters<typeof useListPage<'status'>>[0] = { filters: ['status'] }) {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <MemoryRouter initialEntries={[url]}>{children}</MemoryRouter>
  );
  return renderHook(
    () => {
      const list = useListPage(options);
      const location = useLocation();
      return { list, search: decodeURIComponent(location.search) };
    },
    { wrapper },
  );
}

describe('a list page kept in the URL', () => {
  it('turns pages forward and back over a stack of cursors', () => {
    const { result } = listAt('/runs');
    expect(result.current.list.request).toEqual({ limit: 50 });
    expect(result.current.list.hasPrevious).toBe(false);
    act(() => result.current.list.next('c1'));
    act(() => result.current.list.next('c2'));
    expect(result.current.list.request).toEqual({ limit: 50, cursor: 'c2' });
    expect(result.current.list.offset).toBe(100);
    expect(result.current.search).toBe('?after=c1&after=c2');
    act(() => result.current.list.previous());
    expect(result.current.list.request).toEqual({ limit: 50, cursor: 'c1' });
    expect(result.current.list.offset).toBe(50);
    act(() => result.current.list.previous());
    expect(result.current.list.hasPrevious).toBe(false);
    expect(result.current.search).toBe('');
  });

  it('finds its filter and page in the URL it is opened at (a reload, a shared link)', () => {
    const { result } = listAt('/runs?status=failed&after=c1&after=c2&other=kept');
    expect(result.current.list.filter).toEqual({ status: 'failed' });
    expect(result.current.list.request).toEqual({ limit: 50, cursor: 'c2' });
    expect(result.current.list.offset).toBe(100);
  });

  it('goes back to the first page when its filter changes, keeping the rest of the URL', () => {
    const { result } = listAt('/runs?status=failed&after=c1&other=kept');
    act(() => result.current.list.setFilter('status', 'succeeded'));
    expect(result.current.list.filter).toEqual({ status: 'succeeded' });
    expect(result.current.list.hasPrevious).toBe(false);
    expect(result.current.search).toBe('?status=succeeded&other=kept');
    act(() => result.current.list.setFilter('status', ''));
    expect(result.current.list.filter).toEqual({});
    expect(result.current.search).toBe('?other=kept');
  });

  it('keeps two lists of one screen apart by name', () => {
    const { result } = listAt('/admin?users.after=u1&tenants.after=t1', { name: 'users', pageSize: 20 });
    expect(result.current.list.request).toEqual({ limit: 20, cursor: 'u1' });
    act(() => result.current.list.previous());
    expect(result.current.search).toBe('?tenants.after=t1');
  });

  it('keeps the same filter object until a value changes', () => {
    const { result } = listAt('/runs?status=failed');
    const before = result.current.list.filter;
    act(() => result.current.list.next('c1'));
    expect(result.current.list.filter).toBe(before);
  });
});

describe('where a page sits in its list', () => {
  it('says the range and the total', () => {
    expect(pageRange(0, 50, 250)).toBe('1–50 of 250');
    expect(pageRange(200, 50, 250)).toBe('201–250 of 250');
    expect(pageRange(0, 0, 0)).toBe('0 of 0');
    expect(pageRange(50, 12, undefined)).toBe('51–62');
  });
});
