/** What a user asked to see of an application's logs: containers, nodes, files (names or patterns), a size window. */

export interface LogSelection {
  /** Only these containers (undefined: all). */
  containers?: Set<string>;
  /** Only containers on this node (host:port, or the node file's host_port). */
  node?: string;
  /** Only files matching one of these: an exact name, or (with regex characters) a pattern found in the name, as `yarn logs -log_files_pattern`. */
  files?: string[];
  /** First N bytes of each file, or with −N the last N. */
  size?: number;
}

const PATTERN = /[*?[\]()|^$\\+{}]/;

export function fileMatcher(files: string[] | undefined): (name: string) => boolean {
  if (!files?.length || files.includes('ALL')) return () => true;
  const exact = new Set(files.filter((f) => !PATTERN.test(f)));
  // A pattern matches anywhere in the name, as yarn logs -log_files_pattern does (std.* takes AppMaster.stderr: cli/ds-log_files_pattern.txt).
  const patterns = files.filter((f) => PATTERN.test(f)).map((f) => new RegExp(f));
  return (name) => exact.has(name) || patterns.some((p) => p.test(name));
}

/** The node file is named host_port; users write host:port. */
export function sameNode(nodeFile: string, wanted: string | undefined): boolean {
  return wanted === undefined || nodeFile === wanted || nodeFile === wanted.replace(/:(\d+)$/, '_$1');
}
