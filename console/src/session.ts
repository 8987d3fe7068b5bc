// Who is signed in (the bearer token and its claims), the runtime config (/config.json: no rebuild
// per province), and the two ways to sign in: the local dev issuer, or the province's OIDC issuer
// with the authorisation code flow and PKCE (RFC 7636) for this public client.
import { reactive } from 'vue';

export interface Claims {
  sub?: string;
  name?: string;
  role?: string;
  department?: string;
  resident_id?: string;
  uscc?: string;
}

export type SignIn = { kind: 'dev' } | { kind: 'oidc'; issuer: string; clientId: string; scopes: string[] };

export interface RuntimeConfig {
  province: { code: string; name: string };
  signIn: SignIn;
  publicBaseUrl?: string;
}

const KEY = 'nma.session';
const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as { token: string; claims: Claims } | null;

export const session = reactive<{ token: string | null; claims: Claims | null }>({ token: saved?.token ?? null, claims: saved?.claims ?? null });

export type Role = 'applicant' | 'officer' | 'supervisor';

export const roleOf = (claims: Claims | null): Role | null =>
  !claims ? null : claims.role === 'officer' ? 'officer' : claims.role === 'supervisor' ? 'supervisor' : 'applicant';

export const signInWith = (token: string, claims: Claims): void => {
  session.token = token;
  session.claims = claims;
  sessionStorage.setItem(KEY, JSON.stringify({ token, claims }));
};

export const signOut = (): void => {
  session.token = null;
  session.claims = null;
  sessionStorage.removeItem(KEY);
};

let config: Promise<RuntimeConfig> | undefined;
export const runtimeConfig = (): Promise<RuntimeConfig> =>
  (config ??= fetch('config.json')
    .then((r) => (r.ok ? (r.json() as Promise<RuntimeConfig>) : Promise.reject(new Error(`config.json: ${r.status}`))))
    .catch((): RuntimeConfig => ({ province: { code: '', name: '' }, signIn: { kind: 'dev' } })));

const base64url = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

const claimsOf = (jwt: string): Claims => {
  const payload = jwt.split('.')[1] ?? '';
  const json = decodeURIComponent(escape(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))));
  return JSON.parse(json) as Claims;
};

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

const discover = async (issuer: string): Promise<Discovery> =>
  (await (await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`)).json()) as Discovery;

const redirectUri = (): string => `${location.origin}${location.pathname}`;

/** Sends the browser to the province's issuer; it comes back to this page with ?code&state. */
export const startOidc = async (signIn: Extract<SignIn, { kind: 'oidc' }>): Promise<void> => {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem('nma.pkce', JSON.stringify({ verifier, state, back: location.hash }));
  const { authorization_endpoint } = await discover(signIn.issuer);
  const url = new URL(authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: signIn.clientId,
    redirect_uri: redirectUri(),
    scope: signIn.scopes.join(' '),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
};

/** On load: finishes a code flow that came back to this page (and checks its state). */
export const finishOidc = async (): Promise<void> => {
  const query = new URLSearchParams(location.search);
  const code = query.get('code');
  const pending = JSON.parse(sessionStorage.getItem('nma.pkce') ?? 'null') as { verifier: string; state: string; back: string } | null;
  if (!code || !pending) return;
  sessionStorage.removeItem('nma.pkce');
  const { signIn } = await runtimeConfig();
  if (signIn.kind !== 'oidc' || query.get('state') !== pending.state) return;
  const { token_endpoint } = await discover(signIn.issuer);
  const response = await fetch(token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri(), client_id: signIn.clientId, code_verifier: pending.verifier }),
  });
  const tokens = (await response.json()) as { access_token?: string; id_token?: string };
  const token = tokens.access_token ?? tokens.id_token;
  if (token) signInWith(token, claimsOf(tokens.id_token ?? token));
  history.replaceState(null, '', `${location.pathname}${pending.back || '#/'}`);
};
