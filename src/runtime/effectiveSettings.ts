/**
 * One app's own settings as the runtime reads them: JitAi's `defaultElement.defaultDatabase` is
 * `defaultDatabase` (the loader has refused the two when they differ). Applied to each app before
 * the chain's settings are merged, so a child's `defaultElement.defaultDatabase` wins over a
 * parent's `defaultDatabase` as a child's `defaultDatabase` would.
 */
export function effectiveSettings(settings: Record<string, unknown>): Record<string, unknown> {
  const defaults = settings.defaultElement;
  if (settings.defaultDatabase !== undefined || typeof defaults !== 'object' || defaults === null || Array.isArray(defaults))
    return settings;
  const database = (defaults as Record<string, unknown>).defaultDatabase;
  return database === undefined ? settings : { ...settings, defaultDatabase: database };
}
