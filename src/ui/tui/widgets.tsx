/** Small drawing pieces of the live view. */
import { Text } from 'ink';
import React, { useEffect, useState } from 'react';

/** A task bar: completed (green), running (cyan), failed (red), remaining (dim). */
export function Bar({ done, total, running = 0, failed = 0, width }: { done: number; total: number; running?: number; failed?: number; width: number }) {
  const cells = (n: number) => (total > 0 ? Math.round((Math.min(n, total) / total) * width) : 0);
  const d = cells(done);
  const f = Math.min(width - d, cells(failed));
  const r = Math.min(width - d - f, cells(running));
  return (
    <Text>
      <Text color="green">{'█'.repeat(d)}</Text>
      <Text color="red">{'█'.repeat(f)}</Text>
      <Text color="cyan">{'▒'.repeat(r)}</Text>
      <Text dimColor>{'░'.repeat(Math.max(0, width - d - f - r))}</Text>
    </Text>
  );
}

/** A clickable hyperlink (OSC 8) where the terminal supports it, the plain URL otherwise. */
export function Link({ url, text = url }: { url: string; text?: string }) {
  const supported = !!process.env.FORCE_HYPERLINK || ['iTerm.app', 'WezTerm', 'vscode'].includes(process.env.TERM_PROGRAM ?? '') || !!process.env.VTE_VERSION || !!process.env.WT_SESSION;
  return <Text color="blue">{supported ? `\u001B]8;;${url}\u0007${text}\u001B]8;;\u0007` : text}</Text>;
}

const SPIN = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A spinner for work whose length is not known (reading configuration, hashing). */
export function Spinner() {
  const [i, setI] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setI((n) => n + 1), 120);
    return () => clearInterval(t);
  }, []);
  return <Text color="cyan">{SPIN[i % SPIN.length]}</Text>;
}

/** One row that never wraps: narrow terminals get a cut line, not garbage. */
export function Line({ children, color, dimColor }: { children: React.ReactNode; color?: string; dimColor?: boolean }) {
  return (
    <Text wrap="truncate-end" color={color} dimColor={dimColor}>
      {children}
    </Text>
  );
}
