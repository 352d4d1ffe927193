/* The dashboard's API under `api/`: the token, the calls, and their errors. */

import { byId } from './dom.js';

const TOKEN_KEY = 'jittask.dashboard.token';
// The page is served at .../dashboard/: every API path is relative to it, so the dashboard also
// works when the handler is mounted under a prefix of another server.
const base = new URL('.', location.href);

/** The prompt for a token while one is open, so requests refused at once share it. */
let tokenPrompt = null;
/** Called once a new token has been entered (the live updates reconnect with it). */
let tokenEntered = () => {};

/** A refused call: its HTTP status, its code, and the server's message (or the status line). */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Calls the dashboard API: GET, or POST with `body` as JSON. A 401 asks for a token and tries again with it. */
export async function api(path, body) {
  const headers = { Accept: 'application/json' };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = `Bearer ${token}`;
  const init = { method: body === undefined ? 'GET' : 'POST', headers };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(new URL(`api/${path}`, base), init);
  if (res.status === 401) {
    await askForToken(token ? 'That token was refused.' : null);
    return api(path, body);
  }
  let payload = null;
  try {
    payload = await res.json();
  } catch {
    /* an answer without a JSON body: described by its status */
  }
  if (!res.ok) {
    // The server's one failure envelope: `{ errcode, errmsg, code, issues?, requestId }`.
    const said = payload && payload.errmsg;
    const message = typeof said === 'string' && said !== '' ? said : `${res.status} ${res.statusText}`;
    throw new ApiError(res.status, payload && payload.code, message);
  }
  return payload;
}

/**
 * The URL of the server-sent events. An `EventSource` cannot send headers, so the token, if any,
 * goes in the query.
 */
export function eventsUrl() {
  const url = new URL('api/events', base);
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) url.searchParams.set('token', token);
  return url;
}

/** Sets what runs once a new token has been entered. */
export function onTokenEntered(listener) {
  tokenEntered = listener;
}

/** One prompt however many requests were refused at once; resolves when a token is entered. */
function askForToken(problem) {
  if (tokenPrompt) return tokenPrompt;
  sessionStorage.removeItem(TOKEN_KEY);
  const dialog = byId('token-dialog');
  const note = byId('token-problem');
  note.textContent = problem || '';
  note.hidden = !problem;
  byId('token-input').value = '';
  tokenPrompt = new Promise((resolve) => {
    const done = () => {
      const value = byId('token-input').value.trim();
      if (dialog.returnValue !== 'ok' || value === '') {
        dialog.showModal(); // no way around it: every view needs the token
        return;
      }
      dialog.removeEventListener('close', done);
      sessionStorage.setItem(TOKEN_KEY, value);
      tokenPrompt = null;
      tokenEntered();
      resolve();
    };
    dialog.addEventListener('close', done);
  });
  dialog.showModal();
  return tokenPrompt;
}
