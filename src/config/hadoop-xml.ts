/**
 * Hadoop XML configuration (core-site.xml, yarn-site.xml, …) as org.apache.hadoop.conf.Configuration
 * reads it: `<property><name/><value/><final/></property>`, later files override earlier ones unless
 * a property was final, and values expand `${other.key}` and `${env.VAR}` (up to 20 levels).
 */
import { createRequire } from 'node:module';
import { ConfigError } from '../errors.js';
import { parseSubset, type SubsetProperty } from './hadoop-xml-subset.js';

type Fxp = typeof import('fast-xml-parser');
let fxp: Fxp | undefined;
let parser: InstanceType<Fxp['XMLParser']> | undefined;

/**
 * fast-xml-parser costs ~25 ms to load, half of `apx status`'s start-up budget, and most commands
 * never parse XML: it is loaded (synchronously, through its CommonJS build) on the first parse.
 */
function xml(): { fxp: Fxp; parser: InstanceType<Fxp['XMLParser']> } {
  fxp ??= createRequire(import.meta.url)('fast-xml-parser') as Fxp;
  parser ??= new fxp.XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, isArray: (name: string) => name === 'property' });
  return { fxp, parser };
}

export interface XmlProperty {
  name: string;
  value: string;
  final: boolean;
  /** Where it came from, e.g. /etc/hadoop/conf/yarn-site.xml:42. */
  source: string;
}

export class XmlConfigError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

/** Parses one configuration file's text; throws XmlConfigError with the file and line when malformed. */
export function parseHadoopXml(text: string, file: string): XmlProperty[] {
  const subset = parseSubset(text);
  return subset ? fromSubset(subset, text, file) : parseWithFullParser(text, file);
}

/** fast-xml-parser: any XML, validated, errors with their line (exported to check the subset against it). */
export function parseWithFullParser(text: string, file: string): XmlProperty[] {
  const { fxp: lib, parser } = xml();
  const valid = lib.XMLValidator.validate(text);
  if (valid !== true) {
    throw new XmlConfigError(`${file}:${valid.err.line}: malformed XML: ${valid.err.msg}`, file, valid.err.line);
  }
  const doc = parser.parse(text) as { configuration?: { property?: Record<string, unknown>[] } | string };
  if (doc.configuration === undefined) throw new XmlConfigError(`${file}: not a Hadoop configuration file (no <configuration> element)`, file);
  const props = typeof doc.configuration === 'object' ? doc.configuration.property ?? [] : [];
  const lines = propertyLines(text);
  // Lines are taken before dropping nameless properties, so the ones after them keep their own line.
  return props
    .map((p, i) => ({ p, line: lines[i] ?? 1 }))
    .filter(({ p }) => p.name !== undefined)
    .map(({ p, line }) => ({
      name: String(p.name).trim(),
      value: p.value === undefined ? '' : String(p.value),
      final: String(p.final ?? '').trim() === 'true',
      source: `${file}:${line}`,
    }));
}

/** The subset parser's answer, shaped as the full parser's below (same trimming, same `final` rule). */
function fromSubset(props: SubsetProperty[], text: string, file: string): XmlProperty[] {
  let line = 1;
  let from = 0;
  return props
    .map((p) => {
      for (let i = text.indexOf('\n', from); i !== -1 && i < p.offset; i = text.indexOf('\n', i + 1)) line++;
      from = p.offset;
      return { p: p.fields, line };
    })
    .filter(({ p }) => p.name !== undefined)
    .map(({ p, line: at }) => ({ name: (p.name as string).trim(), value: p.value ?? '', final: (p.final ?? '').trim() === 'true', source: `${file}:${at}` }));
}

/** The 1-based line of each <property> element, in order (newlines counted once, front to back: big files stay linear). */
function propertyLines(text: string): number[] {
  const lines: number[] = [];
  const re = /<property[\s>]/g;
  let line = 1;
  let from = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    for (let i = text.indexOf('\n', from); i !== -1 && i < m.index; i = text.indexOf('\n', i + 1)) line++;
    from = m.index;
    lines.push(line);
  }
  return lines;
}

/** Writes properties as Hadoop XML (what Configuration.writeXml produces, minus its comments). */
export function formatHadoopXml(props: Iterable<[string, string]>, comment?: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const body = [...props].map(([k, v]) => `<property><name>${esc(k)}</name><value>${esc(v)}</value></property>`).join('\n');
  const note = comment ? `<!-- ${esc(comment).replace(/--/g, '- -')} -->\n` : '';
  return `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n${note}<configuration>\n${body}\n</configuration>\n`;
}

const MAX_SUBST = 20;

/**
 * A layered Hadoop configuration: `add` files in load order (core-site, hdfs-site, yarn-site …),
 * `get` expands variables like Configuration.get.
 */
export class HadoopConf {
  private readonly props = new Map<string, XmlProperty>();

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  add(properties: XmlProperty[]): void {
    for (const p of properties) {
      const existing = this.props.get(p.name);
      if (existing?.final) continue;
      this.props.set(p.name, p);
    }
  }

  set(name: string, value: string, source: string): void {
    if (this.props.get(name)?.final) return;
    this.props.set(name, { name, value, final: false, source });
  }

  has(name: string): boolean {
    return this.props.has(name);
  }

  raw(name: string): XmlProperty | undefined {
    return this.props.get(name);
  }

  get(name: string): string | undefined {
    const p = this.props.get(name);
    return p === undefined ? undefined : this.expand(p.value, name);
  }

  entries(): [string, string][] {
    return [...this.props.keys()].map((k) => [k, this.get(k) as string]);
  }

  /** Keys matching a prefix, for HA families like dfs.namenode.http-address.<ns>.<nn>. */
  keys(prefix = ''): string[] {
    return [...this.props.keys()].filter((k) => k.startsWith(prefix));
  }

  /** Like Configuration.substituteVars: give up (as an error) after 20 substitutions. */
  expand(value: string, key = '(value)'): string {
    let out = value;
    for (let depth = 0; depth < MAX_SUBST; depth++) {
      const m = /\$\{([^}$\s]+)\}/.exec(out);
      if (!m) return out;
      const name = m[1] as string;
      const replacement = name.startsWith('env.') ? this.env[name.slice(4)] : this.props.get(name)?.value;
      // Like Hadoop, an unresolvable variable is left as it is.
      if (replacement === undefined) return out;
      out = out.slice(0, m.index) + replacement + out.slice(m.index + m[0].length);
    }
    if (!/\$\{([^}$\s]+)\}/.test(out)) return out;
    throw new ConfigError(`Variable substitution depth too large: ${MAX_SUBST} in ${key} = ${value}`, 'A Hadoop setting refers to itself through ${…}; fix it in the XML file.');
  }
}
