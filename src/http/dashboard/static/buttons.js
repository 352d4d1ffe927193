/* Action buttons: allowed or refused for what the view shows, disabled while their action runs. */

import { showError } from './notices.js';

/** Allows or refuses a button for what the view shows; {@link act} keeps to it after its action. */
export function allow(button, allowed) {
  button.dataset.refused = String(!allowed);
  button.disabled = !allowed;
}

/** Runs an action from a button: the button is disabled meanwhile, a refusal is shown. */
export async function act(button, action) {
  button.disabled = true;
  try {
    await action();
  } catch (err) {
    showError(err);
  } finally {
    // The action's own refresh may have refused the button (a task that has ended cannot be ended again).
    button.disabled = button.dataset.refused === 'true';
  }
}
