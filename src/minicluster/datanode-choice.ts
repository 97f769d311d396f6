/**
 * Which DataNode the NameNode redirects a WebHDFS call to, and how `excludedatanodes` narrows it.
 * Follows Hadoop 3.3.6 NamenodeWebHdfsMethods.chooseDatanode/redirectURI and Host2NodesMap:
 * - the parameter is a comma-separated list, each entry trimmed;
 * - an entry without ':' is an IP address: getDatanodeByHost(ip) (the map is keyed by IP, so a host
 *   name matches nothing);
 * - `ip:port` is the DataNode's *transfer* address (getDatanodeByXferAddr, dfs.datanode.address,
 *   9866), not the HTTP port in the redirect: `ip:9864` matches nothing;
 * - an entry that matches nothing is ignored (a debug log line on the NameNode);
 * - when every DataNode is excluded, redirectURI throws IOException("Failed to find datanode, suggest
 *   to check cluster health. excludeDatanodes=…"), which WebHDFS's ExceptionHandler answers as 403.
 * The NameNode keeps offering a DataNode that went down: it is declared dead only after
 * dfs.namenode.heartbeat.recheck-interval (10.5 min by default), so the mini never skips one that is
 * down. Among the candidates the real NameNode picks by block placement (random for a client that is
 * not a DataNode); the mini picks the first, so tests know where the bytes go.
 */
import { HdfsError } from './hdfs-store.js';

export interface DataNodeAddress {
  /** The DataNode's IP (dfs.datanode.hostname in the recordings' cluster is an IP too). */
  ip: string;
  /** dfs.datanode.address port: every mini DataNode has its own IP, so all use the default. */
  xferPort: number;
  /** The WebHDFS base URL the redirect points at (dfs.datanode.http.address). */
  url: string;
}

export const DEFAULT_XFER_PORT = 9866;

export function chooseDataNode(nodes: DataNodeAddress[], excludeParam: string | null): DataNodeAddress {
  const excluded = excludedNodes(nodes, excludeParam);
  const chosen = nodes.find((n) => !excluded.has(n));
  if (!chosen) {
    throw new HdfsError(403, 'IOException', 'java.io.IOException', `Failed to find datanode, suggest to check cluster health. excludeDatanodes=${excludeParam}`);
  }
  return chosen;
}

function excludedNodes(nodes: DataNodeAddress[], param: string | null): Set<DataNodeAddress> {
  const out = new Set<DataNodeAddress>();
  if (!param) return out;
  for (const entry of param.split(',').map((s) => s.trim()).filter((s) => s.length > 0)) {
    const colon = entry.indexOf(':');
    const match = colon === -1
      ? nodes.find((n) => n.ip === entry)
      : nodes.find((n) => n.ip === entry.slice(0, colon) && n.xferPort === Number(entry.slice(colon + 1)));
    if (match) out.add(match);
  }
  return out;
}
