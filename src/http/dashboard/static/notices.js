/* What the page tells the user: a passing message, an error banner, a question before an action. */

import { byId, h } from './dom.js';

let toastTimer = null;

/** Shows a passing message (strings or nodes) for a few seconds. */
export function toast(...content) {
  const box = byId('toast');
  box.replaceChildren(...content);
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    box.hidden = true;
  }, 8000);
}

/** Shows an error in the banner until it is dismissed or the view changes. */
export function showError(err) {
  const box = byId('error-banner');
  const close = h(
    'button',
    {
      type: 'button',
      class: 'link',
      'aria-label': 'Dismiss',
      onclick: () => {
        box.hidden = true;
      },
    },
    '×',
  );
  box.replaceChildren(h('span', { 'data-testid': 'error-text' }, err && err.message ? err.message : String(err)), close);
  box.hidden = false;
}

/** Asks before an action that cannot be undone; resolves true on Confirm. */
export function confirmAction(text) {
  const dialog = byId('confirm-dialog');
  byId('confirm-text').textContent = text;
  dialog.returnValue = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.showModal();
    byId('confirm-cancel').focus();
  });
}
