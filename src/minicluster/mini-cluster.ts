/**
 * The embedded mini cluster: a ResourceManager (+ web proxy), a NodeManager, a NameNode and a
 * DataNode on 127.0.0.1, imitating Hadoop 3.3.6 closely enough that every apx command runs against
 * it. A library for tests (start on port 0, inspect, inject faults) and `apx minicluster`.
 */
import { ContainerRegistry } from './containers.js';
import { Faults } from './faults.js';
import { HdfsStore } from './hdfs-store.js';
import { MiniService } from './http-server.js';
import { nodeManagerHandler } from './nm-server.js';
import { DEFAULT_TIMING, ResourceManagerModel, type RmTiming } from './resource-manager.js';
import { resourceManagerHandler, type RmServerContext } from './rm-server.js';
import { dataNodeHandler, nameNodeHandler } from './webhdfs-server.js';
import { seedSparkInstall } from './seed.js';

export interface MiniClusterOptions {
  /** Ports to bind (0 = any free one). */
  ports?: Partial<Record<'rm' | 'nm' | 'namenode' | 'datanode', number>>;
  /** Hadoop's default is true (anonymous = dr.who); the recordings' cluster said false. */
  anonymousAllowed?: boolean;
  timing?: Partial<RmTiming>;
  /** yarn.resourcemanager.am.max-attempts */
  maxAttempts?: number;
  /** The host name the RM and NM advertise in tracking URLs and log links (the real ones say localhost). */
  advertisedHost?: string;
}

export interface MiniClusterUrls {
  resourceManager: string;
  nodeManager: string;
  nameNode: string;
  dataNode: string;
  /** fs.defaultFS as the cluster's configuration names it. */
  defaultFs: string;
}

export class MiniCluster {
  readonly faults = new Faults();
  readonly store = new HdfsStore();
  readonly containers = new ContainerRegistry();
  readonly clusterTimestamp = Date.now();
  readonly rm: ResourceManagerModel;
  private readonly services: Record<'rm' | 'nm' | 'namenode' | 'datanode', MiniService>;
  private readonly advertisedHost: string;
  private stopped = false;

  private constructor(options: MiniClusterOptions) {
    const anonymousAllowed = options.anonymousAllowed ?? false;
    this.advertisedHost = options.advertisedHost ?? '127.0.0.1';
    const ports = options.ports ?? {};
    const nodeId = 'localhost:45454';
    const base = {
      clusterTimestamp: this.clusterTimestamp, store: this.store, containers: this.containers,
      timing: { ...DEFAULT_TIMING, ...options.timing }, globalMaxAttempts: options.maxAttempts ?? 2,
      minAllocationMB: 512, maxMemoryMB: 8192, maxVCores: 8,
      advertisedRm: () => `http://${this.advertisedHost}:${this.services.rm.port}`,
      advertisedNm: () => `http://${this.advertisedHost}:${this.services.nm.port}`,
      nodeId,
    };
    this.rm = new ResourceManagerModel(base);
    const rmCtx: RmServerContext = { ...base, model: this.rm, conf: () => this.configuration(), rmStartedOn: this.clusterTimestamp, haState: () => 'ACTIVE' };
    const hdfsCtx = {
      store: this.store, faults: this.faults,
      dataNodeUrl: () => `http://127.0.0.1:${this.services.datanode.port}`,
      deadDataNodeUrl: () => 'http://127.0.0.1:9',
    };
    const common = { anonymousAllowed, faults: this.faults };
    this.services = {
      rm: new MiniService({ ...common, name: 'rm', port: ports.rm ?? 0, authFilter: true, authType: 'simple-dt' }, resourceManagerHandler(rmCtx)),
      nm: new MiniService({ ...common, name: 'nm', port: ports.nm ?? 0, authFilter: true, authType: 'simple' }, nodeManagerHandler({ containers: this.containers, nodeId, advertisedNm: base.advertisedNm, startedOn: this.clusterTimestamp, totalMB: 8192, totalVCores: 8 })),
      namenode: new MiniService({ ...common, name: 'namenode', port: ports.namenode ?? 0, authFilter: true, authType: 'simple' }, nameNodeHandler(hdfsCtx)),
      datanode: new MiniService({ ...common, name: 'datanode', port: ports.datanode ?? 0, authFilter: false, authType: 'simple' }, dataNodeHandler(hdfsCtx)),
    };
  }

  static async start(options: MiniClusterOptions = {}): Promise<MiniCluster> {
    const cluster = new MiniCluster(options);
    await seedSparkInstall(cluster.store);
    for (const s of Object.values(cluster.services)) await s.start();
    return cluster;
  }

  get urls(): MiniClusterUrls {
    return {
      resourceManager: this.services.rm.url,
      nodeManager: this.services.nm.url,
      nameNode: this.services.namenode.url,
      dataNode: this.services.datanode.url,
      defaultFs: 'hdfs://127.0.0.1:9000',
    };
  }

  /** Makes a daemon unreachable (connection refused) for `ms`, then brings it back on the same port. */
  async takeDown(service: 'rm' | 'nm' | 'namenode' | 'datanode', ms: number): Promise<void> {
    await this.services[service].downFor(ms);
  }

  /** The effective configuration the RM serves at /conf: what a client needs to submit here. */
  configuration(): [string, string][] {
    const rmPort = this.services.rm.port;
    return [
      ['fs.defaultFS', 'hdfs://127.0.0.1:9000'],
      ['hadoop.http.authentication.type', 'simple'],
      ['yarn.resourcemanager.hostname', '127.0.0.1'],
      ['yarn.resourcemanager.address', '127.0.0.1:8032'],
      ['yarn.resourcemanager.scheduler.address', '127.0.0.1:8030'],
      ['yarn.resourcemanager.webapp.address', `127.0.0.1:${rmPort}`],
      ['yarn.http.policy', 'HTTP_ONLY'],
      ['yarn.resourcemanager.am.max-attempts', '2'],
      ['yarn.log-aggregation-enable', 'false'],
      ['yarn.scheduler.minimum-allocation-mb', '512'],
      ['yarn.scheduler.maximum-allocation-mb', '8192'],
      ['dfs.namenode.http-address', `127.0.0.1:${this.services.namenode.port}`],
      ['dfs.webhdfs.enabled', 'true'],
    ];
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.rm.stopAll();
    await Promise.all(Object.values(this.services).map((s) => s.stop()));
    this.store.close();
  }
}
