/* Building the page's elements: no framework, no innerHTML, so no text is ever read as markup. */

/** The element with this `data-testid`: every element the scripts touch has one. */
export const byId = (id) => document.querySelector(`[data-testid="${id}"]`);

/** Builds an element: `attrs` are attributes (`dataset` keys as data-*), children strings or nodes. */
export function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'onclick') node.addEventListener('click', value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof window.Node ? child : String(child));
  }
  return node;
}

/** A table cell that carries its column name, shown beside the value on narrow screens. */
export function cell(label, ...children) {
  return h('td', { 'data-label': label }, ...children);
}

/** A task's status as a coloured badge. */
export function statusBadge(status, testid) {
  return h('span', { class: `badge status-${status}`, 'data-testid': testid }, status);
}
