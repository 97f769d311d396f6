/**
 * Escaping for the AM command. The NodeManager rewrites `{{X}}` to `$X` (every `{{` → `$`, every
 * `}}` dropped), `<CPS>` and `<LOG_DIR>`, then runs `exec /bin/bash -c "<command>"`: the command
 * passes through a double-quoted outer layer and then the inner `bash -c`. Spark's escapeForShell
 * (YarnSparkHadoopUtil) only handles the inner layer, so backticks ran and backslashes were eaten on
 * real YARN (shared/hadoop-3.3.6/spark-app/README.md, finding 1). apx escapes for both layers and
 * breaks every marker so the NodeManager cannot see one: each argument arrives byte-for-byte.
 */

/** Marker starts the NodeManager would rewrite; a `''` (empty quote) between their characters hides them. */
function breakMarkers(text: string): string {
  return text.replace(/\{(?=\{)/g, "{''").replace(/\}(?=\})/g, "}''").replace(/</g, "<''");
}

/** The inner layer: one single-quoted word for `bash -c`, with `'` written as `'\''`. */
function quoteForInnerShell(arg: string): string {
  return `'${breakMarkers(arg.replace(/'/g, "'\\''"))}'`;
}

/** The outer layer: inside `"…"`, bash still interprets `\`, `$`, `` ` `` and `"`. */
function escapeForOuterDoubleQuotes(word: string): string {
  return word.replace(/[\\$`"]/g, (c) => `\\${c}`);
}

/** One argument, safe through the NodeManager's marker expansion and both shell layers. */
export function escapeForYarnShell(arg: string): string {
  return escapeForOuterDoubleQuotes(quoteForInnerShell(arg));
}
