/** A real terminal for end-to-end tests of the live view: tmux on a private socket, sized like a user's. */
import { execFileSync } from 'node:child_process';

export class Terminal {
  private readonly socket = `apx-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  constructor(
    readonly width = 100,
    readonly height = 40,
  ) {}

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  /** Runs `command` (a shell line) in the terminal; its exit code is printed as EXIT=<n> at the end. */
  start(command: string, env: NodeJS.ProcessEnv): void {
    const exports = Object.entries(env).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}='${String(v).replace(/'/g, "'\\''")}'`).join(' ');
    this.tmux('new-session', '-d', '-x', String(this.width), '-y', String(this.height), `env -i ${exports} TERM=xterm-256color bash -c "${command.replace(/"/g, '\\"')}; echo EXIT=\\$?; sleep 600"`);
  }

  /** What the terminal shows; with `escapes`, the colours and attributes too (as SGR sequences). */
  screen(escapes = false): string {
    return this.tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []));
  }

  /** The visible screen with its colour and style escapes (what NO_COLOR is about). */
  screenWithEscapes(): string {
    return this.tmux('capture-pane', '-p', '-e');
  }

  /** The visible screen with lines the terminal wrapped joined again: what a user copies or clicks. */
  logicalLines(): string {
    return this.tmux('capture-pane', '-p', '-J');
  }

  /** The visible screen and everything scrolled off above it. */
  everything(): string {
    return this.tmux('capture-pane', '-p', '-S', '-');
  }

  /** How many lines have scrolled off the top: a redraw that clears the screen pushes a whole frame here. */
  historySize(): number {
    return Number(this.tmux('display-message', '-p', '#{history_size}').trim());
  }

  keys(...keys: string[]): void {
    this.tmux('send-keys', ...keys);
  }

  kill(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // already gone
    }
  }
}
