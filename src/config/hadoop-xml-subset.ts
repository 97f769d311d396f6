/**
 * Hadoop's site files are a small XML subset: `<configuration>` holding `<property>` elements whose
 * children (name, value, final, description, …) hold plain text. Read that subset directly; return
 * undefined on anything outside it (CDATA, DOCTYPE, attributes such as xmlns:xi / xi:include, nested
 * elements, numeric or unknown entities, a stray `<` or `&`, malformed markup), and the caller hands
 * the file to fast-xml-parser, which validates and says where it is broken. Loading that parser and
 * validating cost ~12 ms of `apx status`'s start-up with HADOOP_CONF_DIR set (issue 15); this path
 * costs well under a millisecond for the recorded cluster's site files.
 */
export interface SubsetProperty {
  /** Trimmed text of each child element, by tag (as fast-xml-parser with trimValues gives it). */
  fields: Record<string, string>;
  /** Where the <property> starts (for its line number). */
  offset: number;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NAME = /[A-Za-z_][\w.-]*/y;

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }

  /** Skips whitespace, comments and processing instructions; false if one of them is malformed. */
  skipMisc(allowPi: boolean): boolean {
    for (;;) {
      while (this.pos < this.text.length && ' \t\r\n'.includes(this.text[this.pos] as string)) this.pos++;
      if (this.startsWith('<!--')) {
        const end = this.text.indexOf('-->', this.pos + 4);
        if (end < 0 || this.text.slice(this.pos + 4, end).includes('--')) return false;
        this.pos = end + 3;
      } else if (allowPi && this.startsWith('<?')) {
        const end = this.text.indexOf('?>', this.pos + 2);
        NAME.lastIndex = this.pos + 2;
        if (end < 0 || !NAME.test(this.text)) return false;
        this.pos = end + 2;
      } else return true;
    }
  }

  /** `<tag>` exactly (no attributes); the tag name, or undefined. */
  openTag(): { name: string; empty: boolean } | undefined {
    if (!this.startsWith('<')) return undefined;
    NAME.lastIndex = this.pos + 1;
    const m = NAME.exec(this.text);
    if (!m) return undefined;
    const after = NAME.lastIndex;
    if (this.text[after] === '>') {
      this.pos = after + 1;
      return { name: m[0], empty: false };
    }
    if (this.text.startsWith('/>', after)) {
      this.pos = after + 2;
      return { name: m[0], empty: true };
    }
    return undefined;
  }

  expect(s: string): boolean {
    if (!this.startsWith(s)) return false;
    this.pos += s.length;
    return true;
  }
}

/** Text content with the five named entities; undefined for anything else markup-like. */
function decode(raw: string): string | undefined {
  if (raw.includes('<')) return undefined;
  if (!raw.includes('&')) return raw.trim();
  let bad = false;
  const out = raw.replace(/&([^;\s]*);?/g, (whole, name: string) => {
    const v = whole.endsWith(';') ? ENTITIES[name] : undefined;
    if (v === undefined) bad = true;
    return v ?? '';
  });
  return bad ? undefined : out.trim();
}

function property(s: Scanner): SubsetProperty | undefined {
  const offset = s.pos;
  if (!s.expect('<property>')) return undefined;
  const fields: Record<string, string> = {};
  for (;;) {
    if (!s.skipMisc(false)) return undefined;
    if (s.expect('</property>')) return { fields, offset };
    const tag = s.openTag();
    if (!tag || tag.name in fields || tag.name === 'property') return undefined;
    if (tag.empty) {
      fields[tag.name] = '';
      continue;
    }
    const close = `</${tag.name}>`;
    const end = s.text.indexOf(close, s.pos);
    if (end < 0) return undefined;
    const value = decode(s.text.slice(s.pos, end));
    if (value === undefined) return undefined;
    fields[tag.name] = value;
    s.pos = end + close.length;
  }
}

/** The properties of a file in the subset, or undefined to let the full parser decide. */
export function parseSubset(text: string): SubsetProperty[] | undefined {
  const s = new Scanner(text);
  if (!s.skipMisc(true) || !s.expect('<configuration>')) return undefined;
  const props: SubsetProperty[] = [];
  for (;;) {
    if (!s.skipMisc(false)) return undefined;
    if (s.expect('</configuration>')) break;
    const p = property(s);
    if (!p) return undefined;
    props.push(p);
  }
  if (!s.skipMisc(true) || s.pos !== text.length) return undefined;
  return props;
}
