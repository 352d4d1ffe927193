/* How values are written on the page. */

/** Shown where a value is missing. */
export const dash = '—';

/** A JSON value (argDict, a result) as indented text. */
export const json = (value) => (value === null || value === undefined ? dash : JSON.stringify(value, null, 2));

/** An app-zone time `YYYY-MM-DD HH:mm:ss` as a `datetime-local` input's value. */
export const toInputTime = (appTime) => (appTime ? appTime.replace(' ', 'T') : '');

/** `datetime-local` gives `YYYY-MM-DDTHH:mm[:ss]`; the API takes app-zone `YYYY-MM-DD HH:mm:ss`. */
export const toAppTime = (inputTime) => (inputTime ? `${inputTime.replace('T', ' ')}${inputTime.length === 16 ? ':00' : ''}` : '');
