/** Small helpers over collections that several stages share. */

/** The items grouped by a key, each group in the items' order. */
export function groupBy<T, K>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** The items grouped by school (URN). */
export const groupByUrn = <T extends { urn: string }>(items: Iterable<T>): Map<string, T[]> =>
  groupBy(items, (item) => item.urn);
