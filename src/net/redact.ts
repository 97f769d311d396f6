/** Secrets never reach output: these scrub the places they can hide (URLs, headers, free text). */

const SECRET_PARAMS = ['delegation', 'token', 'password', 'signature'];

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const p of SECRET_PARAMS) if (u.searchParams.has(p)) u.searchParams.set(p, '***');
    return u.toString();
  } catch {
    return redactText(url);
  }
}

export function redactText(text: string): string {
  return text
    .replace(/(delegation|token|password|signature)=([^&\s"]+)/gi, '$1=***')
    .replace(/(Authorization:\s*)(\S+)(\s+\S+)?/gi, '$1***')
    .replace(/(hadoop\.auth=")[^"]*"/gi, '$1***"')
    // A credential is base64 with a digit or a capital in it; "Negotiate authentication" is just words.
    .replace(/\b(Negotiate|Basic)\s+(?=[A-Za-z+/=_-]*[A-Z0-9+/=])[A-Za-z0-9+/=_-]{8,}/g, '$1 ***')
    .replace(/("(?:token|urlString)"\s*:\s*")[^"]*"/gi, '$1***"')
    .replace(/(\/\/[^/:@\s]+:)[^@/\s]+@/g, '$1***@');
}
