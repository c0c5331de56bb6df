// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { Suspense } from 'react';
import { act, cleanup, render, screen } from '@testing-library/react';
import { preloadableLazy } from './preloadableLazy.tsx';

afterEach(cleanup);

function Greeting({ name }: { name: string }) {
  return <p>Hello {name}</p>;
}

describe('preloadableLazy', () => {
  it('renders a loaded module in the first commit, without showing the fallback', async () => {
    const { Component, load } = preloadableLazy(() => Promise.resolve({ default: Greeting }));
    await load();
    render(<Suspense fallback={<p>Opening…</p>}><Component name="Ada" /></Suspense>);
    // No act flush, no await: a suspended boundary would show its fallback here.
    expect(screen.queryByText('Opening…')).toBeNull();
    expect(screen.getByText('Hello Ada')).toBeTruthy();
  });

  it('suspends until a module that was not loaded yet arrives, and loads it only once', async () => {
    let calls = 0;
    const { Component, load } = preloadableLazy(() => {
      calls += 1;
      return Promise.resolve({ default: Greeting });
    });
    render(<Suspense fallback={<p>Opening…</p>}><Component name="Ada" /></Suspense>);
    expect(screen.getByText('Opening…')).toBeTruthy();
    await act(() => load());
    expect(await screen.findByText('Hello Ada')).toBeTruthy();
    expect(calls).toBe(1);
  });

  it('tries again after a failed load', async () => {
    let fail = true;
    const { load } = preloadableLazy<{ name: string }>(() => (fail ? Promise.reject(new Error('chunk not found')) : Promise.resolve({ default: Greeting })));
    await expect(load()).rejects.toThrow('chunk not found');
    fail = false;
    await expect(load()).resolves.toBeDefined();
  });
});
