// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { LanternTestProvider } from '../design/testing/render.tsx';
import { RouteError } from './RouteError.tsx';

afterEach(cleanup);

function renderFailing(error: Error) {
  const router = createMemoryRouter([{
    path: '/', element: <p>Top bar</p>, children: [],
  }, {
    path: '/register', errorElement: <RouteError />, lazy: () => Promise.reject(error),
  }], { initialEntries: ['/register'] });
  render(<LanternTestProvider><RouterProvider router={router} /></LanternTestProvider>);
}

describe('a screen that fails to load', () => {
  it('code missing after an update: says so in plain words and offers a reload, never the router\'s developer page', async () => {
    renderFailing(new TypeError('Failed to fetch dynamically imported module: http://127.0.0.1/assets/RegisterScreen-x.js'));
    expect(await screen.findByText('This screen could not be loaded')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Reload' })).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/Hey developer|Unexpected Application Error|assets\//);
  });

  it('any other failure: no error text or stack reaches the screen; try again or go back to patients', async () => {
    renderFailing(new Error('Cannot read properties of undefined (reading \'name\') at RegisterScreen (RegisterScreen.tsx:12)'));
    expect(await screen.findByText('This screen stopped working')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Back to patients' }).getAttribute('href')).toBe('#/patients');
    expect(document.body.textContent).not.toMatch(/Cannot read|RegisterScreen\.tsx/);
  });
});
