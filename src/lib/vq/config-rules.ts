/** How the configs of the module refuse a value: a RangeError naming the field, its rule and what was given. */
export function fail(owner: string, field: string, rule: string, value: unknown): never {
  // String() for numbers, because JSON.stringify turns NaN and Infinity into "null".
  const shown = typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
  throw new RangeError(`${owner} config: ${field} must be ${rule}, got ${shown}`);
}

/** Refuses anything but a whole number in [min, max]. */
export function wholeNumber(owner: string, field: string, value: unknown, min: number, max: number): void {
  if (!(typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max)) fail(owner, field, `a whole number from ${min} to ${max}`, value);
}

/** Refuses a value that is not one of `choices`. */
export function oneOf<T extends string>(owner: string, field: string, value: unknown, choices: readonly T[]): asserts value is T {
  if (!(choices as readonly unknown[]).includes(value)) {
    const listed = choices.map((c) => `"${c}"`);
    fail(owner, field, listed.length === 2 ? `${listed[0]} or ${listed[1]}` : `${listed.slice(0, -1).join(', ')} or ${listed.at(-1)}`, value);
  }
}

/** Refuses fields of `given` that `known` does not list, so a typo cannot pass as a default. */
export function knownFields(owner: string, given: object, known: readonly string[]): void {
  for (const key of Object.keys(given)) if (!known.includes(key)) fail(owner, key, `one of the known fields (${known.join(', ')})`, 'an unknown field');
}

/** The fields given, without those explicitly undefined (which mean "the default", or "unchanged"). */
export function definedFields<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}
