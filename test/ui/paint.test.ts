import { describe, expect, it } from 'vitest';
import { createPlainReporter, type Paint } from '../../src/ui/plain/reporter.js';
import { APP, failed } from './fixtures.js';

describe('plain lines on a terminal', () => {
  it('colour the verdict and the errors, and leave the text itself unchanged', () => {
    const mark: Paint = { dim: (s) => s, good: (s) => `<g>${s}</g>`, bad: (s) => `<r>${s}</r>`, warn: (s) => `<y>${s}</y>` };
    const out: string[] = [];
    failed.forEach(createPlainReporter({ write: (l) => out.push(l), paint: mark }));
    const text = out.join('\n');
    expect(text).toContain(`${APP} ended <r>FINISHED/FAILED</r> after 23.3 s`);
    expect(text).toContain('driver: <r>26/11/24 03:06:38 ERROR Executor: Exception in task 1.0</r>');
    const plain: string[] = [];
    failed.forEach(createPlainReporter({ write: (l) => plain.push(l) }));
    expect(text.replace(/<\/?[gry]>/g, '')).toBe(plain.join('\n'));
  });
});
