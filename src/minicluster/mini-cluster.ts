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
import { DEFAULT_XFER_PORT } from './datanode-choice.js';
import { seedSparkInstall } from './seed.js';
import { standbyNameNodeHandler, standbyRmHandler } from './standby.js';
import { gatewayHandler } from './gateway.js';
import { MiniKerberos, type MiniKerberosOptions } from './kerberos.js';
import { RmLifecycle } from './rm-restart.js';
import type { NodeJdk } from './node-manager-launch.js';
import { LogAggregator, type LogAggregationOptions } from './log-aggregation.js';
import { jobHistoryHandler } from './jhs-server.js';
import type http from 'node:http';
import type { MiniRequest } from './http-server.js';
import { clusterTotal, resolveLayout, type MiniSchedulerLayout, type ResolvedLayout } from './scheduler-layout.js';

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
  /** How many DataNodes (default 1). DataNode i listens on 127.0.0.i, a host of its own, as on a real cluster. */
  dataNodes?: number;
  /** The JDKs on the node, its default JAVA_HOME first (default: one Java 17, as on the recorded lab). */
  nodeJdks?: NodeJdk[];
  /** Nodes, queues (capacity or fair scheduler), allocation limits and the shuffle service (default: one 8 GB, 8-vcore node, queue default). */
  layout?: MiniSchedulerLayout;
  /** Aggregate finished apps' logs into HDFS as YARN does (TFile), with a JobHistoryServer unless `jobHistory: false`. */
  logAggregation?: LogAggregationOptions | boolean;
  /** core-site proxy-user settings: hadoop.proxyuser.<user>.users/groups/hosts, hadoop.user.group.static.mapping.overrides. */
  proxyUsers?: Record<string, string>;
}

type ServiceKey = 'rm' | 'rm2' | 'nm' | 'namenode' | 'namenode2' | 'datanode' | `datanode${number}` | 'gateway' | 'jhs';

export interface MiniClusterUrls {
  resourceManager: string;
  nodeManager: string;
  nameNode: string;
  dataNode: string;
  /** Every DataNode's WebHDFS base URL, the first one (`dataNode`) first. */
  dataNodes: string[];
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
  /** The active RM's start time and haState (INITIALIZING for a moment after a restart). */
  readonly rmLifecycle = new RmLifecycle(this.clusterTimestamp);
  /** Set when the cluster is Kerberized. */
  readonly kerberos?: MiniKerberos;
  /** Set when log aggregation is on. */
  readonly logAggregation?: LogAggregator;
  private readonly services: Partial<Record<ServiceKey, MiniService>> & Record<'rm' | 'nm' | 'namenode' | 'datanode', MiniService>;
  /** Which RM and NameNode are active now (they swap on failover). */
  private activeRm: 'rm' | 'rm2' = 'rm';
  private activeNn: 'namenode' | 'namenode2' = 'namenode';
  private readonly advertisedHost: string;
  /** The nodes and queues the RM reports (MiniClusterOptions.layout). */
  readonly layout: ResolvedLayout;
  private stopped = false;

  private constructor(options: MiniClusterOptions) {
    const anonymousAllowed = options.anonymousAllowed ?? false;
    this.advertisedHost = options.advertisedHost ?? '127.0.0.1';
    const ports = options.ports ?? {};
    const nodeId = 'localhost:45454';
    const scheme = options.tls ? 'https' : 'http';
    this.kerberos = options.kerberos ? new MiniKerberos(options.kerberos) : undefined;
    const kerberos = this.kerberos;
    this.layout = resolveLayout(options.layout);
    const total = clusterTotal(this.layout);
    const aggregation = options.logAggregation === true ? {} : options.logAggregation || undefined;
    this.logAggregation = aggregation ? new LogAggregator(this.store, this.containers, nodeId.replace(':', '_'), aggregation) : undefined;
    const base = {
      clusterTimestamp: this.clusterTimestamp, currentClusterTimestamp: () => this.rmLifecycle.clusterTimestamp, store: this.store, containers: this.containers,
      timing: { ...DEFAULT_TIMING, ...options.timing }, globalMaxAttempts: options.maxAttempts ?? 2,
      minAllocationMB: this.layout.minAllocationMB, maxMemoryMB: total.memoryMB, maxVCores: total.vcores,
      advertisedRm: () => `${scheme}://${this.advertisedHost}:${this.service(this.activeRm).port}`,
      advertisedNm: () => `${scheme}://${this.advertisedHost}:${this.services.nm.port}`,
      nodeId, kerberos, nodeJdks: options.nodeJdks, logAggregation: this.logAggregation,
      namenodeHttp: () => `127.0.0.1:${this.service(this.activeNn).port}`,
    };
    this.rm = new ResourceManagerModel(base);
    const rmCtx: RmServerContext = { ...base, model: this.rm, conf: () => this.configuration(), lifecycle: this.rmLifecycle, layout: this.layout };
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
      dataNodes: () => this.dataNodeKeys().map((k) => ({ ip: this.service(k).host, xferPort: DEFAULT_XFER_PORT, url: this.service(k).url })),
      deadDataNodeUrl: () => 'http://127.0.0.1:9',
      tokens: kerberos?.tokens,
    };
    // Behind a gateway only the gateway asks for the password, as with Knox.
    const common = { anonymousAllowed, faults: this.faults, tls: options.tls, basicAuth: options.gateway ? undefined : options.basicAuth, kerberos, proxyUsers: new Map(Object.entries(options.proxyUsers ?? {})) };
    this.services = {
      rm: new MiniService({ ...common, name: 'rm', port: ports.rm ?? 0, authFilter: true, authType: 'simple-dt' }, rmOrStandby('rm')),
      nm: new MiniService({ ...common, name: 'nm', port: ports.nm ?? 0, authFilter: true, authType: 'simple' }, nodeManagerHandler({ containers: this.containers, nodeId, advertisedNm: base.advertisedNm, startedOn: this.clusterTimestamp, totalMB: 8192, totalVCores: 8, faults: this.faults, aggregation: this.logAggregation && { forgotten: this.logAggregation.forgotten, webServiceUrl: () => this.jobHistoryRest() } })),
      namenode: new MiniService({ ...common, name: 'namenode', port: ports.namenode ?? 0, authFilter: true, authType: 'simple' }, nnOrStandby('namenode')),
      datanode: new MiniService({ ...common, name: 'datanode', port: ports.datanode ?? 0, authFilter: false, authType: 'simple' }, dataNodeHandler(hdfsCtx)),
    };
    for (let i = 2; i <= (options.dataNodes ?? 1); i++) {
      this.services[`datanode${i}`] = new MiniService({ ...common, name: `datanode${i}`, port: 0, authFilter: false, authType: 'simple', host: `127.0.0.${i}` }, dataNodeHandler(hdfsCtx));
    }
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
    for (const s of cluster.allServices()) await s.start();
    return cluster;
  }

  private service(key: ServiceKey): MiniService {
    return this.services[key] as MiniService;
  }

  private allServices(): MiniService[] {
    return Object.values(this.services).filter((s): s is MiniService => s !== undefined);
  }

  private dataNodeKeys(): ServiceKey[] {
    return Object.keys(this.services).filter((k) => /^datanode\d*$/.test(k)).sort((a, b) => dataNodeIndex(a) - dataNodeIndex(b)) as ServiceKey[];
  }

  get urls(): MiniClusterUrls {
    const rms = (['rm', 'rm2'] as const).filter((k) => this.services[k]).map((k) => this.service(k).url);
    const nns = (['namenode', 'namenode2'] as const).filter((k) => this.services[k]).map((k) => this.service(k).url);
    return {
      resourceManager: this.service(this.activeRm).url,
      nodeManager: this.services.nm.url,
      nameNode: this.service(this.activeNn).url,
      dataNode: this.services.datanode.url,
      dataNodes: this.dataNodeKeys().map((k) => this.service(k).url),
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

  /**
   * Restarts the active ResourceManager with work-preserving recovery, the way rm-restart/ recorded
   * it: connection refused for `downMs`, then `initializingMs` of haState INITIALIZING with 404 for
   * the applications it knows, then every application back (running ones kept running) and new
   * containers under the next epoch. Resolves once the RM is down.
   */
  async restartResourceManager(o: { downMs: number; initializingMs?: number }): Promise<void> {
    await this.service(this.activeRm).downFor(o.downMs, () => {
      this.rm.recoverAfterRestart();
      this.rmLifecycle.startedAgain(o.initializingMs ?? 500);
    });
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
      ['yarn.scheduler.minimum-allocation-mb', String(this.layout.minAllocationMB)],
      ['yarn.scheduler.maximum-allocation-mb', String(this.layout.maxAllocation.memoryMB)],
      // Recorded in rm-conf-xml.http next to the -mb one.
      ['yarn.scheduler.maximum-allocation-vcores', String(this.layout.maxAllocation.vcores)],
      ...this.schedulerConf(),
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

  /**
   * What /conf says of the scheduler beyond the recording: the fair scheduler's class and increment
   * (yarn-default.xml keys), and Spark's shuffle service as its YARN integration guide configures it.
   * The recorded cluster sets no aux-services, so by default none is listed.
   */
  private schedulerConf(): [string, string][] {
    const out: [string, string][] = [];
    if (this.layout.scheduler === 'fair') {
      out.push(['yarn.resourcemanager.scheduler.class', 'org.apache.hadoop.yarn.server.resourcemanager.scheduler.fair.FairScheduler']);
      out.push(['yarn.resource-types.memory-mb.increment-allocation', String(this.layout.minAllocationMB)]);
    }
    if (this.layout.shuffleService) {
      out.push(['yarn.nodemanager.aux-services', 'mapreduce_shuffle,spark_shuffle']);
      out.push(['yarn.nodemanager.aux-services.spark_shuffle.class', 'org.apache.spark.network.yarn.YarnShuffleService']);
    }
    return out;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.rm.stopAll();
    await Promise.all(this.allServices().map((s) => s.stop()));
    this.store.close();
  }
}

function dataNodeIndex(key: string): number {
  return Number(key.slice('datanode'.length) || 1);
}
