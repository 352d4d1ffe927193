/* Who the server says the page's user is (`GET api/me`): the views offer actions to an admin only. */

let role = null;

/** Records the role the server answered, or null when it could not be read. */
export function setRole(value) {
  role = value;
}

/** `admin`, `viewer` or null. */
export const currentRole = () => role;

/** May the user act (pause, run, force-end, retry)? The server checks again on every action. */
export const isAdmin = () => role === 'admin';
