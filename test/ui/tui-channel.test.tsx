/** The live view's job section: what the job says over its channel (docs/channel.md). */
import React from 'react';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { ApxEvent } from '../../src/monitor/events.js';
import { View } from '../../src/ui/tui/App.js';
import { initialViewState, reduce } from '../../src/ui/tui/view-state.js';
import { sparkline } from '../../src/ui/format/sparkline.js';
import { APP, running, succeeded } from './fixtures.js';
import { waitFor } from '../helpers/mini.js';

function frame(events: ApxEvent[], width = 100, height = 60): string {
  const view = events.reduce((s, e, i) => reduce(s, e, 1_000 + i * 1000), initialViewState());
  const { lastFrame, unmount } = render(<View view={view} width={width} height={height} />);
  const out = lastFrame() ?? '';
  unmount();
  return out;
}

let seq = 0;
const msg = (m: Partial<Extract<ApxEvent, { type: 'message' }>> & { kind: Extract<ApxEvent, { type: 'message' }>['kind'] }): ApxEvent => ({
  type: 'message', appId: APP, seq: ++seq, jobTime: 0, category: ['info', 'warn', 'debug', 'error'].includes(m.kind) ? 'log' : m.kind === 'update' ? 'app' : 'ui', ...m,
});

const losses = [0.9, 0.7, 0.5, 0.4, 0.35, 0.3];
const training: ApxEvent[] = [
  msg({ kind: 'info', message: 'loaded 1000 rows' }),
  msg({ kind: 'warn', message: 'learning rate is high' }),
  msg({ kind: 'progress', task: 'training', value: 0.42, message: 'epoch 42/100' }),
  msg({ kind: 'display', task: 'training', message: 'loss is plateauing' }),
  msg({ kind: 'progress', task: 'export', value: 0.1 }),
  ...losses.map((v) => msg({ kind: 'update', key: 'loss', value: v })),
  msg({ kind: 'update', key: 'output', value: 'hdfs:///models/m1' }),
];

describe('the job section of the live view', () => {
  it('a bar per task with its latest display line, a chart per numeric key with its last value, log messages among the driver log', () => {
    const f = frame([...running, ...training], 120);
    expect(f).toMatch(/training\s+█+░+\s+42% epoch 42\/100 · loss is plateauing/);
    expect(f).toMatch(/export\s+█*░+\s+10%/);
    expect(f).toContain(`loss     ${sparkline(losses, 30)}`);
    expect(f).toMatch(/loss     [▁-█]{6} +0\.3\n/);
    expect(f).toMatch(/output\s+hdfs:\/\/\/models\/m1/);
    expect(f).toContain('job WARN learning rate is high');
    expect(f).toContain('job INFO loaded 1000 rows');
  });

  it('the result (each key\'s last value) is in the final frame', () => {
    const end = succeeded.map((e) => (e.type === 'end' ? { ...e, result: { loss: 0.3, output: 'hdfs:///models/m1' } } : e));
    const f = frame([...running, ...training, ...end], 120);
    expect(f).toContain('result: loss=0.3, output=hdfs:///models/m1');
    expect(f).toContain('FINISHED/SUCCEEDED');
  });

  it('in a short terminal the job section counts in the height and ends in "… and N more"', () => {
    const many = Array.from({ length: 12 }, (_, i) => msg({ kind: 'progress', task: `task-${i}`, value: i / 12 }));
    const f = frame([...running, ...training, ...many], 100, 18);
    expect(f.split('\n').length, f).toBeLessThanOrEqual(17);
    expect(f).toMatch(/… and \d+ more/);
    expect(f).toContain('training');
  });
});

describe('sparkline', () => {
  it('scales between the series\' own minimum and maximum, keeping the latest values that fit', () => {
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8], 8)).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([5, 5, 5], 10)).toBe('▄▄▄');
    expect(sparkline([0, 10, 0, 10], 2)).toBe('▁█');
  });
});

describe('commands from the live view', () => {

  it('offers the job\'s commands: c, the number, y to confirm; the acknowledgement shows in the view', async () => {
    const { App } = await import('../../src/ui/tui/App.js');
    const { EventBus } = await import('../../src/monitor/events.js');
    const bus = new EventBus();
    const sent: string[] = [];
    const send = async (appId: string, name: string) => {
      sent.push(`${appId} ${name}`);
      return `command #1 ${name}: acknowledged`;
    };
    const ui = render(<App bus={bus} send={send} keys />);
    for (const e of [...running, msg({ kind: 'commands', names: ['stop', 'pause'] })]) bus.emit(e);
    // Shown, then a moment for Ink to attach the key handler of that frame (an effect after the paint).
    const shows = async (text: string) => {
      await waitFor(text, () => (ui.lastFrame() ?? '').includes(text) || undefined, 5_000);
      await new Promise((r) => setTimeout(r, 100));
    };
    await shows('c: send the job a command (stop, pause)');
    ui.stdin.write('c');
    await shows('send which command? 1 stop  2 pause  (Esc: none)');
    ui.stdin.write('1');
    await shows('send "stop" to the job? y/N');
    ui.stdin.write('n');
    await shows('c: send the job a command (stop, pause)');
    expect(sent).toEqual([]);
    ui.stdin.write('c');
    await shows('send which command?');
    ui.stdin.write('2');
    await shows('send "pause" to the job? y/N');
    ui.stdin.write('y');
    await shows('command #1 pause: acknowledged  (c: send another)');
    expect(sent).toEqual([`${APP} pause`]);
    ui.unmount();
  });

  it('without a terminal for keys, the view says how to send one', () => {
    const f = frame([...running, msg({ kind: 'commands', names: ['stop'] })]);
    expect(f).toContain(`commands: stop (apx send ${APP} <command>)`);
  });
});
