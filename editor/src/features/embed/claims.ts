/** What an embed token says about itself (the API verifies it; the page only reads what to show). */
export interface EmbedClaims {
  integrationIds: string[];
  views: string[];
  mode: string;
}

export function readClaims(token: string): EmbedClaims | null {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as Partial<EmbedClaims> & Record<string, unknown>;
    const integrationIds = (claims.iids ?? []) as string[];
    return {
      integrationIds,
      views: (claims.views ?? []) as string[],
      mode: String(claims.mode ?? 'read-only'),
    };
  } catch {
    return null;
  }
}

/** Tells the portal around the iframe what happened (no secrets in these messages). */
export const tellParent = (type: string, detail: Record<string, unknown> = {}) => {
  if (window.parent !== window) window.parent.postMessage({ type, ...detail }, '*');
};
