/** Settings that remember where each value came from, so --dry-run can say "from spark-defaults.conf:12". */

export interface Sourced {
  value: string;
  source: string;
}

export class SourcedMap {
  private readonly values = new Map<string, Sourced>();

  set(key: string, value: string, source: string): void {
    this.values.set(key, { value, source });
  }

  setAll(entries: Iterable<[string, string]>, source: string): void {
    for (const [k, v] of entries) this.set(k, v, source);
  }

  get(key: string): string | undefined {
    return this.values.get(key)?.value;
  }

  sourceOf(key: string): string | undefined {
    return this.values.get(key)?.source;
  }

  has(key: string): boolean {
    return this.values.has(key);
  }

  delete(key: string): void {
    this.values.delete(key);
  }

  entries(): [string, Sourced][] {
    return [...this.values].sort(([a], [b]) => a.localeCompare(b));
  }

  toMap(): Map<string, string> {
    return new Map([...this.values].map(([k, v]) => [k, v.value]));
  }
}
