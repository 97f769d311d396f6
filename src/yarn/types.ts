/** ResourceManager REST shapes (ResourceManagerRest.md; recordings in test/fixtures/hadoop-3.3.6). */

export const YARN_STATES = ['NEW', 'NEW_SAVING', 'SUBMITTED', 'ACCEPTED', 'RUNNING', 'FINISHED', 'FAILED', 'KILLED'] as const;
export type YarnState = (typeof YARN_STATES)[number];
export type FinalStatus = 'UNDEFINED' | 'SUCCEEDED' | 'FAILED' | 'KILLED' | 'ENDED';

export const TERMINAL_STATES: ReadonlySet<string> = new Set(['FINISHED', 'FAILED', 'KILLED']);

export interface AppReport {
  id: string;
  user: string;
  name: string;
  queue: string;
  state: YarnState;
  finalStatus: FinalStatus;
  progress: number;
  trackingUI?: string;
  trackingUrl?: string;
  diagnostics: string;
  clusterId: number;
  applicationType: string;
  applicationTags: string;
  priority: number;
  startedTime: number;
  launchTime: number;
  finishedTime: number;
  elapsedTime: number;
  amContainerLogs?: string;
  amHostHttpAddress?: string;
  allocatedMB: number;
  allocatedVCores: number;
  runningContainers: number;
  memorySeconds: number;
  vcoreSeconds: number;
  queueUsagePercentage?: number;
  clusterUsagePercentage?: number;
  logAggregationStatus?: string;
}

export interface AppAttempt {
  id: number;
  startTime: number;
  finishedTime: number;
  containerId: string;
  nodeHttpAddress: string;
  nodeId: string;
  logsLink: string;
  appAttemptId: string;
}

export interface NewApplication {
  'application-id': string;
  'maximum-resource-capability': { memory: number; vCores: number };
}

export interface LocalResource {
  resource: string;
  type: 'FILE' | 'ARCHIVE' | 'PATTERN';
  visibility: 'PUBLIC' | 'PRIVATE' | 'APPLICATION';
  size: number;
  timestamp: number;
  pattern?: string;
}

/** The body of `POST /ws/v1/cluster/apps`. */
export interface SubmissionBody {
  'application-id': string;
  'application-name': string;
  'application-type': string;
  queue?: string;
  priority?: number;
  'unmanaged-AM': boolean;
  'max-app-attempts'?: number;
  'keep-containers-across-application-attempts'?: boolean;
  'application-tags'?: { tag: string[] };
  'app-node-label-expression'?: string;
  'am-container-node-label-expression'?: string;
  'attempt-failures-validity-interval'?: number;
  resource: { memory: number; vCores: number };
  'am-container-spec': {
    'local-resources': { entry: { key: string; value: LocalResource }[] };
    environment: { entry: { key: string; value: string }[] };
    commands: { command: string };
    credentials?: { tokens?: { entry: { key: string; value: string }[] }; secrets?: { entry: { key: string; value: string }[] } };
  };
}

/** The RM's answer to POST /ws/v1/cluster/delegation-token (ResourceManagerRest.md). `token` is a secret. */
export interface RmDelegationToken {
  token: string;
  renewer: string;
  owner: string;
  kind: string;
  'expiration-time': number;
  'max-validity': number;
}

export interface ClusterInfo {
  id: number;
  startedOn: number;
  state: string;
  haState: 'ACTIVE' | 'STANDBY' | 'INITIALIZING' | 'STOPPED';
  resourceManagerVersion: string;
  hadoopVersion: string;
}

export interface AppListFilter {
  states?: string[];
  user?: string;
  queue?: string;
  applicationTypes?: string[];
  applicationTags?: string[];
  limit?: number;
  startedTimeBegin?: number;
  startedTimeEnd?: number;
}
