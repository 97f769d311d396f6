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
import { standbyNameNodeHandler, standbyRmHandler } from './standby.js';
import { gatewayHandler } from './gateway.js';
import { MiniKerberos, type MiniKerberosOptions } from './kerberos.js';
import { LogAggregator, type LogAggregationOptions } from './log-aggregation.js';
import { jobHistoryHandler } from './jhs-server.js';
import type http from 'node:http';
import type { MiniRequest } from './http-server.js';

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
  /** Run a second ResourceManager and a second NameNode as standbys (for HA and failover tests). */
  highAvailability?: boolean;
  /** Serve every daemon over https with this key and certificate. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Require HTTP basic auth on every daemon, or (with gateway) on the gateway only. */
  basicAuth?: { user: string; password: string };
  /** Put a Knox-style gateway in front, at this base path (e.g. /gateway/test). */
  gateway?: { path: string };
  /** Secure the cluster with Kerberos: SPNEGO on every daemon, delegation tokens checked by the RM and NodeManager. */
  kerberos?: MiniKerberosOptions;
  /** Aggregate finished apps' logs into HDFS as YARN does (TFile), with a JobHistoryServer unless `jobHistory: false`. */
  logAggregation?: LogAggregationOptions | boolean;
}

type ServiceKey = 'rm' | 'rm2' | 'nm' | 'namenode' | 'namenode2' | 'datanode' | 'gateway' | 'jhs';

export interface MiniClusterUrls {
  resourceManager: string;
  nodeManager: string;
  nameNode: string;
  dataNode: string;
  /** With highAvailability: every RM and every NameNode, the active one first at start. */
  resourceManagers: string[];
  nameNodes: string[];
  /** With a gateway: its origin (the base path is the one given). */
  gateway?: string;
  /** fs.defaultFS as the cluster's configuration names it. */
  defaultFs: string;
  /** With log aggregation and its JobHistoryServer: its origin. */
  jobHistory?: string;
}

export class MiniCluster {
  readonly faults = new Faults();
  readonly store = new HdfsStore();
  readonly containers = new ContainerRegistry();
  readonly clusterTimestamp = Date.now();
  readonly rm: ResourceManagerModel;
  /** Set when the cluster is Kerberized. */
  readonly kerberos?: MiniKerberos;
  /** Set when log aggregation is on. */
  readonly logAggregation?: LogAggregator;
  private readonly services: Partial<Record<ServiceKey, MiniService>> & Record<'rm' | 'nm' | 'namenode' | 'datanode', MiniService>;
  /** Which RM and NameNode are active now (they swap on failover). */
  private activeRm: 'rm' | 'rm2' = 'rm';
  private activeNn: 'namenode' | 'namenode2' = 'namenode';
  private readonly advertisedHost: string;
  private stopped = false;

  private constructor(options: MiniClusterOptions) {
    const anonymousAllowed = options.anonymousAllowed ?? false;
    this.advertisedHost = options.advertisedHost ?? '127.0.0.1';
    const ports = options.ports ?? {};
    const nodeId = 'localhost:45454';
    const scheme = options.tls ? 'https' : 'http';
    this.kerberos = options.kerberos ? new MiniKerberos(options.kerberos) : undefined;
    const kerberos = this.kerberos;
    const aggregation = options.logAggregation === true ? {} : options.logAggregation || undefined;
    this.logAggregation = aggregation ? new LogAggregator(this.store, this.containers, nodeId.replace(':', '_'), aggregation) : undefined;
    const base = {
      clusterTimestamp: this.clusterTimestamp, store: this.store, containers: this.containers,
      timing: { ...DEFAULT_TIMING, ...options.timing }, globalMaxAttempts: options.maxAttempts ?? 2,
      minAllocationMB: 512, maxMemoryMB: 8192, maxVCores: 8,
      advertisedRm: () => `${scheme}://${this.advertisedHost}:${this.service(this.activeRm).port}`,
      advertisedNm: () => `${scheme}://${this.advertisedHost}:${this.services.nm.port}`,
      nodeId, kerberos, logAggregation: this.logAggregation,
    };
    this.rm = new ResourceManagerModel(base);
    const rmCtx: RmServerContext = { ...base, model: this.rm, conf: () => this.configuration(), rmStartedOn: this.clusterTimestamp, haState: () => 'ACTIVE' };
    const activeRmUrl = () => this.service(this.activeRm).url;
    const rmOrStandby = (key: 'rm' | 'rm2') => {
      const active = resourceManagerHandler(rmCtx);
      const standby = standbyRmHandler(activeRmUrl, () => ({ id: this.clusterTimestamp, startedOn: this.clusterTimestamp, state: 'STARTED', resourceManagerVersion: '3.3.6', hadoopVersion: '3.3.6' }));
      return (req: MiniRequest, res: http.ServerResponse) => (this.activeRm === key ? active(req, res) : standby(req, res));
    };
    const nnOrStandby = (key: 'namenode' | 'namenode2') => {
      const active = nameNodeHandler(hdfsCtx);
      const standby = standbyNameNodeHandler();
      return (req: MiniRequest, res: http.ServerResponse) => (this.activeNn === key ? active(req, res) : standby(req, res));
    };
    const hdfsCtx = {
      store: this.store, faults: this.faults,
      dataNodeUrl: () => this.services.datanode.url,
      deadDataNodeUrl: () => 'http://127.0.0.1:9',
      tokens: kerberos?.tokens,
    };
    // Behind a gateway only the gateway asks for the password, as with Knox.
    const common = { anonymousAllowed, faults: this.faults, tls: options.tls, basicAuth: options.gateway ? undefined : options.basicAuth, kerberos };
    this.services = {
      rm: new MiniService({ ...common, name: 'rm', port: ports.rm ?? 0, authFilter: true, authType: 'simple-dt' }, rmOrStandby('rm')),
      nm: new MiniService({ ...common, name: 'nm', port: ports.nm ?? 0, authFilter: true, authType: 'simple' }, nodeManagerHandler({ containers: this.containers, nodeId, advertisedNm: base.advertisedNm, startedOn: this.clusterTimestamp, totalMB: 8192, totalVCores: 8, faults: this.faults, aggregation: this.logAggregation && { forgotten: this.logAggregation.forgotten, webServiceUrl: () => this.jobHistoryRest() } })),
      namenode: new MiniService({ ...common, name: 'namenode', port: ports.namenode ?? 0, authFilter: true, authType: 'simple' }, nnOrStandby('namenode')),
      datanode: new MiniService({ ...common, name: 'datanode', port: ports.datanode ?? 0, authFilter: false, authType: 'simple' }, dataNodeHandler(hdfsCtx)),
    };
    if (options.gateway) {
      const path = options.gateway.path.replace(/\/+$/, '');
      const routes = { path, selfUrl: () => this.service('gateway').url, rmUrl: activeRmUrl, nameNodeUrl: () => this.service(this.activeNn).url, dataNodeUrl: () => this.services.datanode.url };
      this.services.gateway = new MiniService({ anonymousAllowed: true, faults: this.faults, name: 'gateway', port: 0, authFilter: false, authType: 'simple', basicAuth: options.basicAuth }, gatewayHandler(routes));
    }
    if (this.logAggregation && this.logAggregation.options.jobHistory !== false) {
      const jhs = { model: this.rm, store: this.store, aggregator: this.logAggregation, advertisedNm: base.advertisedNm, startedOn: this.clusterTimestamp };
      this.services.jhs = new MiniService({ ...common, name: 'jhs', port: 0, authFilter: false, authType: 'simple' }, jobHistoryHandler(jhs));
    }
    if (options.highAvailability) {
      this.services.rm2 = new MiniService({ ...common, name: 'rm2', port: 0, authFilter: true, authType: 'simple-dt' }, rmOrStandby('rm2'));
      this.services.namenode2 = new MiniService({ ...common, name: 'namenode2', port: 0, authFilter: true, authType: 'simple' }, nnOrStandby('namenode2'));
    }
  }

  static async start(options: MiniClusterOptions = {}): Promise<MiniCluster> {
    const cluster = new MiniCluster(options);
    await seedSparkInstall(cluster.store);
    for (const s of Object.values(cluster.services)) await s.start();
    return cluster;
  }

  private service(key: ServiceKey): MiniService {
    return this.services[key] as MiniService;
  }

  get urls(): MiniClusterUrls {
    const rms = (['rm', 'rm2'] as const).filter((k) => this.services[k]).map((k) => this.service(k).url);
    const nns = (['namenode', 'namenode2'] as const).filter((k) => this.services[k]).map((k) => this.service(k).url);
    return {
      resourceManager: this.service(this.activeRm).url,
      nodeManager: this.services.nm.url,
      nameNode: this.service(this.activeNn).url,
      dataNode: this.services.datanode.url,
      resourceManagers: rms,
      nameNodes: nns,
      defaultFs: 'hdfs://127.0.0.1:9000',
      ...(this.services.gateway ? { gateway: this.services.gateway.url } : {}),
      ...(this.services.jhs ? { jobHistory: this.services.jhs.url } : {}),
    };
  }

  /** Makes a daemon unreachable (connection refused) for `ms`, then brings it back on the same port. */
  async takeDown(service: ServiceKey, ms: number): Promise<void> {
    await this.service(service).downFor(ms);
  }

  /** The standby ResourceManager becomes active (state carried over, as with a shared state store). */
  failoverResourceManager(): void {
    if (!this.services.rm2) throw new Error('failover needs MiniCluster.start({ highAvailability: true })');
    this.activeRm = this.activeRm === 'rm' ? 'rm2' : 'rm';
  }

  /** The standby NameNode becomes active. */
  failoverNameNode(): void {
    if (!this.services.namenode2) throw new Error('failover needs MiniCluster.start({ highAvailability: true })');
    this.activeNn = this.activeNn === 'namenode' ? 'namenode2' : 'namenode';
  }

  /** yarn.log.server.web-service.url: the JobHistoryServer's REST base, when it runs. */
  private jobHistoryRest(): string | undefined {
    return this.services.jhs ? `${this.advertisedJhs()}/ws/v1/history` : undefined;
  }

  private advertisedJhs(): string {
    return `${this.services.jhs?.url.replace('127.0.0.1', this.advertisedHost)}`;
  }

  /** The effective configuration the RM serves at /conf: what a client needs to submit here. */
  configuration(): [string, string][] {
    const rmPort = this.service(this.activeRm).port;
    return [
      ['fs.defaultFS', 'hdfs://127.0.0.1:9000'],
      ['hadoop.http.authentication.type', this.kerberos ? 'kerberos' : 'simple'],
      ['yarn.resourcemanager.hostname', '127.0.0.1'],
      ['yarn.resourcemanager.address', '127.0.0.1:8032'],
      ['yarn.resourcemanager.scheduler.address', '127.0.0.1:8030'],
      ['yarn.resourcemanager.webapp.address', `127.0.0.1:${rmPort}`],
      ['yarn.http.policy', 'HTTP_ONLY'],
      ['yarn.resourcemanager.am.max-attempts', '2'],
      ['yarn.log-aggregation-enable', String(!!this.logAggregation)],
      ...(this.logAggregation
        ? ([
            ['yarn.nodemanager.remote-app-log-dir', '/tmp/logs'],
            ['yarn.nodemanager.remote-app-log-dir-suffix', 'logs'],
            ['yarn.nodemanager.log-aggregation.compression-type', this.logAggregation.options.compression ?? 'none'],
            ...(this.services.jhs
              ? [
                  ['yarn.log.server.url', `${this.advertisedJhs()}/jobhistory/logs`],
                  ['yarn.log.server.web-service.url', `${this.advertisedJhs()}/ws/v1/history`],
                ]
              : []),
          ] as [string, string][])
        : []),
      ['yarn.scheduler.minimum-allocation-mb', '512'],
      ['yarn.scheduler.maximum-allocation-mb', '8192'],
      ['dfs.namenode.http-address', `127.0.0.1:${this.service(this.activeNn).port}`],
      ['dfs.webhdfs.enabled', 'true'],
      ...(this.kerberos
        ? ([
            ['hadoop.security.authentication', 'kerberos'],
            ['yarn.resourcemanager.principal', this.kerberos.rmPrincipal],
            ['dfs.namenode.kerberos.principal', `nn/_HOST@${this.kerberos.realm}`],
          ] as [string, string][])
        : []),
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
