import { configureStore } from '@reduxjs/toolkit';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { Provider } from 'react-redux';
import { api } from '../api/base';
import { sessionSlice } from '../api/session';

/** Renders a component with a store of its own (the API's cache and the session), as the app does. */
export function renderWithStore(ui: ReactElement) {
  const store = configureStore({
    reducer: { [api.reducerPath]: api.reducer, session: sessionSlice.reducer },
    middleware: (getDefault) => getDefault().concat(api.middleware),
  });
  return { store, ...render(<Provider store={store}>{ui}</Provider>) };
}
