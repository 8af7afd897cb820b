/** Collects a repeatable option's values (commander's option argument parser). */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
