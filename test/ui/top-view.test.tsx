/** `apx top`'s Ink view, rendered with ink-testing-library: it fits 80×24 and 60 columns, and its keys act. */
import React from 'react';
import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { TopBus } from '../../src/services/top/events.js';
import type { AppRow, TopSnapshot } from '../../src/services/top/snapshot.js';
import { TopApp, type TopActions, type TopSession } from '../../src/ui/tui/Top.js';

const ESC = '\u001B';
const plain = (s: string) => s.replace(/\u001B\[[0-9;]*m/g, '');

function snapshot(count: number): TopSnapshot {
  const apps: AppRow[] = Array.from({ length: count }, (_, i) => ({
    id: `application_1795488074976_${String(i + 1).padStart(4, '0')}`, user: ['ana', 'bob', 'etl'][i % 3] as string, queue: i % 2 ? 'adhoc' : 'etl',
    name: `a rather long application name number ${i}`, state: i % 5 ? 'RUNNING' : 'ACCEPTED', type: 'SPARK', elapsedMs: 60_000 * (i + 1),
    containers: i % 7, memoryMB: 512 * (i % 7 + 1), vcores: i % 7, queuePct: (i % 7) * 3.2, clusterPct: 1,
    ...(i % 4 === 0 ? { spark: { available: true as const, at: 0, completedTasks: i, totalTasks: 40, activeJobs: 1, jobs: 2 } } : {}),
  }));
  const queue = (path: string) => ({ path, name: path.split('.').pop() as string, capacityPct: 30, maxCapacityPct: 60, usedPct: 12, usedOfQueuePct: 40, usedMB: 4096, usedVCores: 4, running: 10, pending: 2 });
  return {
    at: Date.UTC(2026, 10, 26, 3, 0, 0),
    cluster: { usedMB: 40_960, totalMB: 98_304, usedVCores: 30, totalVCores: 96, containers: 61, running: 32, pending: 8, nodes: 12, unhealthyNodes: 0 },
    queues: [queue('root.prod.etl'), ...['adhoc', 'bi', 'ml', 'ops', 'ds', 'web', 'ci', 'qa', 'dev'].map((q) => queue(`root.${q}`))],
    apps,
  };
}

function mount(width: number, height: number, count = 40) {
  const actions: TopActions = { kill: vi.fn(async (id: string) => `${id} KILLED`), logs: vi.fn(), quit: vi.fn() };
  const session: TopSession = { order: { key: 'memory', reversed: false }, filter: {} };
  const bus = new TopBus();
  const ui = render(<TopApp bus={bus} initial={snapshot(count)} session={session} actions={actions} clusterName="prod" intervalLabel="2s" width={width} height={height} />);
  const frame = () => plain(ui.lastFrame() ?? '');
  // Each key a moment apart, as typed; assertions after a key wait for its effect (vi.waitFor), never a fixed pause.
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      ui.stdin.write(k);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { ui, frame, press, actions, session, bus };
}

function expectFits(frame: string, width: number, height: number): void {
  const lines = frame.split('\n');
  expect(lines.length).toBeLessThan(height);
  for (const l of lines) expect(l.length).toBeLessThanOrEqual(width);
}

describe('apx top view', () => {
  it('fits 80×24: title, cluster, queues (the rest counted), the table with the selected row marked, and the keys', () => {
    const { frame, ui } = mount(80, 24);
    const f = frame();
    expectFits(f, 80, 24);
    const lines = f.split('\n');
    expect(lines[0]).toMatch(/^apx top · prod · \d\d:\d\d:\d\d every 2s · 40\/40 apps/);
    expect(lines[1]).toMatch(/^cluster {2}mem 40G\/96G 42% · vcores 30\/96 31%/);
    expect(f).toContain('queue prod.etl  40% of 30% (max 60%)');
    expect(f).toMatch(/… \d more queues/);
    expect(f).toMatch(/ {2}APP +USER +QUEUE +STATE +ELAPSED +CONT +MEM▼/);
    // Sorted by memory: the first row is selected, marked without relying on colour (NO_COLOR).
    expect(f).toMatch(/\n> _0035 +bob +etl +RUNNING +35m00s +6 +3\.5G/);
    expect(lines[lines.length - 1]).toContain('k kill · l logs · q quit');
    ui.unmount();
  });

  it('fits 60 columns: fewer columns, the name cut, the full id of the selection below', () => {
    const { frame, ui } = mount(60, 24);
    const f = frame();
    expectFits(f, 60, 24);
    expect(f).toMatch(/ {2}APP +USER +QUEUE +STATE +ELAPSED +MEM▼/);
    expect(f).not.toContain('CONT');
    expect(f).toContain('application_1795488074976_0035 · a rather long');
    ui.unmount();
  });

  it('a terminal shorter than the list scrolls with the selection, and never grows taller', async () => {
    const { frame, press, ui } = mount(80, 12);
    expectFits(frame(), 80, 12);
    await press(...Array.from({ length: 30 }, () => `${ESC}[B`));
    const f = frame();
    expectFits(f, 80, 12);
    expect(f).toMatch(/\n> _\d{4}/);
    ui.unmount();
  });

  it('s cycles the sort, r reverses it, / filters, Esc clears', async () => {
    const { frame, press, session, ui } = mount(100, 30);
    await press('s');
    await vi.waitFor(() => expect(frame()).toMatch(/VC▼/));
    await press('r');
    await vi.waitFor(() => expect(frame()).toMatch(/VC▲/));
    await vi.waitFor(() => expect(session.order).toEqual({ key: 'vcores', reversed: true }));
    await press('/', 'u', 's', 'e', 'r', ':', 'b', 'o', 'b', '\r');
    await vi.waitFor(() => expect(frame()).toMatch(/· 13\/40 apps · filter user:bob/));
    const users = frame().split('\n').map((l) => /^[> ] _\d{4} +(\w+)/.exec(l)?.[1]).filter(Boolean);
    expect(users.length).toBeGreaterThan(5);
    expect(new Set(users)).toEqual(new Set(['bob']));
    await press(ESC);
    await vi.waitFor(() => expect(frame()).toMatch(/· 40\/40 apps/));
    // Typed fast or pasted, the keys come as one chunk.
    await press('/queue:adhoc\r');
    await vi.waitFor(() => expect(frame()).toMatch(/· 20\/40 apps · filter queue:adhoc/));
    ui.unmount();
  });

  it('k asks before killing the selected app; only y kills; l asks for its logs; q quits', async () => {
    const { frame, press, actions, ui } = mount(100, 30);
    await press(`${ESC}[B`);
    await vi.waitFor(() => expect(frame()).toMatch(/\n> _0028 /));
    const selected = /(application_\d+_\d+) · a rather/.exec(frame())?.[1] as string;
    expect(selected).toBe('application_1795488074976_0028');
    await press('k');
    await vi.waitFor(() => expect(frame()).toContain(`Kill ${selected} (`));
    await press('n');
    await vi.waitFor(() => expect(actions.kill).not.toHaveBeenCalled());
    await vi.waitFor(() => expect(frame()).toContain(`${selected} left running`));
    await press('k', 'y');
    await vi.waitFor(() => expect(actions.kill).toHaveBeenCalledWith(selected));
    await vi.waitFor(() => expect(frame()).toContain(`${selected} KILLED`));
    await press('l');
    await vi.waitFor(() => expect(actions.logs).toHaveBeenCalledWith(selected));
    await press('q');
    await vi.waitFor(() => expect(actions.quit).toHaveBeenCalledWith(0));
    ui.unmount();
  });

  it('a failed refresh is said on the status line while the last snapshot stays', async () => {
    const { frame, bus, ui } = mount(100, 30);
    bus.emit({ type: 'error', at: Date.UTC(2026, 10, 26, 3, 0, 2), message: 'cannot reach the ResourceManager' });
    await vi.waitFor(() => expect(frame()).toMatch(/refresh failed at \d\d:\d\d:\d\d: cannot reach the ResourceManager/));
    await vi.waitFor(() => expect(frame()).toContain('40/40 apps'));
    ui.unmount();
  });
});
