/**
 * Gives `target` (an App) JitAi's `app.<family>.<Name>` accessors: for each fullName, a getter on a
 * frozen per-family object that calls `getElement(fullName)` when read, so nothing is created
 * before it is used. Deeper names (`family.sub.Name`) get nested objects. A family whose name is
 * already a member of `target` (`settings`, `chain`, …) is left out, so no App member is shadowed:
 * such elements are reached through `getElement` only. Where a name is both an element and the
 * start of deeper names, the element wins.
 */
export function defineFamilyAccessors(target: object, fullNames: readonly string[], getElement: (fullName: string) => unknown): void {
  const created = new Set<object>();
  const families = new Map<string, Record<string, unknown>>();
  for (const fullName of fullNames) {
    const [family = '', ...rest] = fullName.split('.');
    let node = families.get(family);
    if (!node) {
      // `in` sees fields and prototype members alike.
      if (family in target) continue;
      node = {};
      families.set(family, node);
      created.add(node);
      Object.defineProperty(target, family, { value: node, enumerable: false });
    }
    const last = rest.pop();
    if (last === undefined) continue;
    for (const segment of rest) {
      const existing = Object.getOwnPropertyDescriptor(node, segment);
      if (existing && !created.has(existing.value as object)) {
        node = undefined;
        break;
      }
      if (!existing) {
        const child: Record<string, unknown> = {};
        created.add(child);
        Object.defineProperty(node, segment, { value: child, enumerable: true });
      }
      node = node[segment] as Record<string, unknown>;
    }
    if (!node || Object.getOwnPropertyDescriptor(node, last)) continue;
    Object.defineProperty(node, last, { get: () => getElement(fullName), enumerable: true });
  }
  for (const node of created) Object.freeze(node);
}
