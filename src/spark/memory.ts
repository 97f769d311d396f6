/**
 * Spark's size strings (JavaUtils.byteStringAs): digits and an optional binary unit, e.g. 512m, 4g,
 * 4gb, 2048 (MiB when no unit is given for memory settings). "1.5g" and "4 GB" are rejected, as Spark does.
 */
const UNITS: Record<string, number> = { b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, t: 1024 ** 4, tb: 1024 ** 4, p: 1024 ** 5, pb: 1024 ** 5 };

export class MemoryFormatError extends Error {}

/** Parses a size string to bytes, with the unit Spark assumes for the setting when none is given. */
export function parseMemoryBytes(text: string, defaultUnit: 'b' | 'k' | 'm' | 'g' = 'm'): number {
  const m = /^([0-9]+)([a-z]+)?$/.exec(text.trim().toLowerCase());
  const unit = m?.[2] ?? defaultUnit;
  if (!m || UNITS[unit] === undefined) {
    const fractional = /^[0-9]+\.[0-9]+[a-z]*$/.test(text.trim().toLowerCase());
    throw new MemoryFormatError(
      `is not a size Spark accepts${fractional ? ', which takes no fractions' : ''}: use a whole number and a unit, e.g. 512m, 4g, 1536m; units b, k, m, g, t, p or kb, mb, gb, tb, pb`,
    );
  }
  return Number(m[1]) * (UNITS[unit] as number);
}

/** Parses a memory string to MiB (rounding down, as byteStringAsMb does). */
export function parseMemoryMiB(text: string, defaultUnit: 'b' | 'k' | 'm' | 'g' = 'm'): number {
  return Math.floor(parseMemoryBytes(text, defaultUnit) / 1024 ** 2);
}
