/**
 * A value a warm function keeps for a while rather than read at every request (a term's proposals, its schools, the
 * terms run): read at most every `ms` per key, the same promise shared by requests that ask meanwhile; a read that
 * fails is not kept.
 */
export function keptFor<T>(ms: number): (key: string, load: () => Promise<T>) => Promise<T> {
  const kept = new Map<string, { at: number; value: Promise<T> }>();
  return (key, load) => {
    const hit = kept.get(key);
    if (hit && Date.now() - hit.at < ms) return hit.value;
    const value = load();
    value.catch(() => kept.delete(key));
    kept.set(key, { at: Date.now(), value });
    return value;
  };
}
