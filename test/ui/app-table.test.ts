/** `apx list`'s table at the widths people's terminals have: no row wraps, no id is cut. */
import { describe, expect, it } from 'vitest';
import { formatAppTable } from '../../src/ui/plain/app-table.js';
import type { AppReport } from '../../src/yarn/types.js';

function app(n: number, name: string, state: AppReport['state'], finalStatus: AppReport['finalStatus']): AppReport {
  return {
    id: `application_1795488074976_${String(n).padStart(4, '0')}`, user: 'analytics-batch', name, queue: 'root.etl.nightly', state, finalStatus,
    progress: 0.1, diagnostics: '', clusterId: 1, applicationType: 'SPARK', applicationTags: '', priority: 0,
    startedTime: Date.UTC(2026, 10, 24, 2, 41), launchTime: 0, finishedTime: 0, elapsedTime: 754_000,
    allocatedMB: 0, allocatedVCores: 0, runningContainers: 0, memorySeconds: 0, vcoreSeconds: 0,
  };
}

const apps = [
  app(20, 'com.acme.etl.NightlyWarehouseRefresh', 'RUNNING', 'UNDEFINED'),
  app(19, 'short', 'FINISHED', 'SUCCEEDED'),
  app(18, 'com.acme.Etl', 'ACCEPTED', 'UNDEFINED'),
];

describe('apx list table', () => {
  it.each([160, 120, 100, 80, 60])('fits %i columns without cutting an id, a state or a final status', (width) => {
    const lines = formatAppTable(apps, width).trimEnd().split('\n');
    for (const l of lines) expect([...l].length, l).toBeLessThanOrEqual(width);
    for (const a of apps) {
      const row = lines.find((l) => l.startsWith(a.id));
      expect(row, a.id).toBeDefined();
      expect(row).toContain(` ${a.state}`);
      expect(row).toContain(` ${a.finalStatus}`);
    }
  });

  it('at 160 columns everything is there, uncut', () => {
    const text = formatAppTable(apps, 160);
    expect(text.split('\n')[0]).toMatch(/^APPLICATION ID\s+NAME\s+USER\s+QUEUE\s+STATE\s+FINAL\s+STARTED\s+ELAPSED$/);
    expect(text).toContain('com.acme.etl.NightlyWarehouseRefresh');
    expect(text).toContain('root.etl.nightly');
  });

  it('narrower: long names are cut with …, and the less telling columns leave first', () => {
    const at80 = formatAppTable(apps, 80);
    expect(at80.split('\n')[0]).toMatch(/^APPLICATION ID\s+NAME\s+STATE\s+FINAL\s+ELAPSED$/);
    expect(at80).toMatch(/com\.acme\.etl\.\S*…/);
    expect(at80).toContain('com.acme.Etl ');
    const at60 = formatAppTable(apps, 60);
    expect(at60.split('\n')[0]).toMatch(/^APPLICATION ID\s+NAME\s+STATE\s+FINAL$/);
  });
});
