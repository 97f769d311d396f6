/** Where apx looks for a cluster's aggregated logs: the JobHistoryServer's address and the HDFS layout. */
import { describe, expect, it } from 'vitest';
import { appLogDirs, bucketOf } from '../../src/aggregated-logs/layout.js';
import { fileMatcher, sameNode } from '../../src/aggregated-logs/select.js';
import { jobHistoryBase, logDirSettings } from '../../src/aggregated-logs/settings.js';
import { amContainers } from '../../src/services/aggregated-logs.js';

const conf = (m: Record<string, string>) => ({ get: (k: string) => m[k] });

describe('the JobHistoryServer address', () => {
  it('APX_JHS_URL, then the profile, then yarn.log.server.web-service.url, mapreduce.jobhistory.webapp.address, yarn.log.server.url', () => {
    const all = conf({ 'yarn.log.server.web-service.url': 'http://a:19888/ws/v1/history', 'mapreduce.jobhistory.webapp.address': 'b:19888', 'yarn.log.server.url': 'http://c:19888/jobhistory/logs' });
    expect(jobHistoryBase(all, { APX_JHS_URL: 'http://env:19888' }, 'http://profile:19888')).toEqual({ url: 'http://env:19888/ws/v1/history', source: 'APX_JHS_URL' });
    expect(jobHistoryBase(all, {}, 'https://profile:19890/')?.url).toBe('https://profile:19890/ws/v1/history');
    expect(jobHistoryBase(all, {})?.url).toBe('http://a:19888/ws/v1/history');
    expect(jobHistoryBase(conf({ 'mapreduce.jobhistory.webapp.address': 'b:19888', 'yarn.log.server.url': 'http://c:19888/jobhistory/logs' }), {})?.url).toBe('http://b:19888/ws/v1/history');
    expect(jobHistoryBase(conf({ 'yarn.log.server.url': 'http://c:19888/jobhistory/logs' }), {})?.url).toBe('http://c:19888/ws/v1/history');
    expect(jobHistoryBase(conf({}), {})).toBeUndefined();
  });
});

describe('the HDFS layout (recorded: /tmp/logs/root/bucket-logs-tfile/0002/application_1795653817107_0002)', () => {
  it('buckets by the sequence number mod 10000, then the older layouts, TFile before IFile', () => {
    expect(bucketOf('application_1795653817107_0002')).toBe('0002');
    expect(bucketOf('application_1795653817107_123456')).toBe('3456');
    const dirs = appLogDirs(logDirSettings(conf({})), 'root', 'application_1795653817107_0002');
    expect(dirs[0]).toEqual({ dir: '/tmp/logs/root/bucket-logs-tfile/0002/application_1795653817107_0002', format: 'tfile' });
    expect(dirs.map((d) => d.dir)).toContain('/tmp/logs/root/logs-tfile/application_1795653817107_0002');
    expect(dirs.find((d) => d.format === 'ifile')?.dir).toBe('/tmp/logs/root/bucket-logs-ifile/0002/application_1795653817107_0002');
    expect(appLogDirs(logDirSettings(conf({ 'yarn.nodemanager.remote-app-log-dir': '/app-logs/', 'yarn.nodemanager.remote-app-log-dir-suffix': 'logs-x' })), 'etl', 'application_1_0007')[0]?.dir).toBe('/app-logs/etl/bucket-logs-x-tfile/0007/application_1_0007');
  });
});

describe('selecting what to show', () => {
  it('--file: exact names, or patterns found anywhere in the name (yarn logs -log_files_pattern)', () => {
    const m = fileMatcher(['stderr', 'launch.*']);
    expect(['stderr', 'AppMaster.stderr', 'launch_container.sh', 'stdout'].filter(m)).toEqual(['stderr', 'launch_container.sh']);
    expect(fileMatcher(undefined)('anything')).toBe(true);
    expect(fileMatcher(['ALL'])('anything')).toBe(true);
  });

  it('--node takes host:port for a host_port node file', () => {
    expect(sameNode('localhost_45454', 'localhost:45454')).toBe(true);
    expect(sameNode('localhost_45454', 'other:45454')).toBe(false);
  });

  it('--am 1, 2,1, -1 (the latest), ALL; an attempt that does not exist is a usage error', () => {
    const attempts = [{ id: 2, containerId: 'c2' }, { id: 1, containerId: 'c1' }];
    expect(amContainers('1', attempts)).toEqual(['c1']);
    expect(amContainers('2,1', attempts)).toEqual(['c2', 'c1']);
    expect(amContainers('-1', attempts)).toEqual(['c2']);
    expect(amContainers('all', attempts)).toEqual(['c1', 'c2']);
    expect(() => amContainers('3', attempts)).toThrow(/no attempt 3/);
    expect(() => amContainers('x', attempts)).toThrow(/not an attempt number/);
  });
});
