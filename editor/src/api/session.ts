import { createSlice, type PayloadAction } from '@reduxjs/toolkit';

/** What every request needs to prove who it is: the CSRF token of the session, or an embed token. */
export interface SessionState {
  csrfToken: string | null;
  embedToken: string | null;
}

const initialState: SessionState = { csrfToken: null, embedToken: null };

export const sessionSlice = createSlice({
  name: 'session',
  initialState,
  reducers: {
    csrfTokenSet(state, action: PayloadAction<string | null>) {
      state.csrfToken = action.payload;
    },
    embedTokenSet(state, action: PayloadAction<string | null>) {
      state.embedToken = action.payload;
    },
  },
});

export const { csrfTokenSet, embedTokenSet } = sessionSlice.actions;
