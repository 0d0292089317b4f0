/** Numbers as people write them: "1 row", "3 rows", "1 AAG override", "2 AAG choices". */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? singular : plural}`;
}
