/**
 * The mini cluster's HDFS namespace: metadata in memory, file bytes in a temp dir deleted on stop
 * (so a 4 GiB upload costs disk, not memory). Semantics follow the recordings: RENAME into an
 * existing directory moves the file into it, a missing source answers false, DELETE of a missing
 * path answers false, a non-empty directory needs recursive.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface INode {
  type: 'FILE' | 'DIRECTORY';
  name: string;
  parent?: INode;
  children: Map<string, INode>;
  fileId: number;
  owner: string;
  group: string;
  permission: string;
  modificationTime: number;
  accessTime: number;
  length: number;
  /** The file's bytes on local disk. */
  blob?: string;
  /** True while a DataNode is still writing the file. */
  underConstruction: boolean;
  xattrs: Map<string, string>;
}

export class HdfsError extends Error {
  constructor(
    readonly status: number,
    readonly exception: string,
    readonly javaClassName: string,
    message: string,
  ) {
    super(message);
  }
}

export const BLOCK_SIZE = 134217728;

export class HdfsStore {
  readonly root: INode;
  private nextFileId = 16386;
  readonly dataDir: string;

  constructor(readonly superuser = 'hdfs') {
    this.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'apx-minicluster-hdfs-'));
    this.root = this.newNode('DIRECTORY', '', superuser, '755');
    this.mkdirs('/user', superuser, '755');
    this.mkdirs('/tmp', superuser, '1777');
  }

  close(): void {
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  lookup(p: string): INode | undefined {
    let node: INode | undefined = this.root;
    for (const part of split(p)) {
      node = node?.type === 'DIRECTORY' ? node.children.get(part) : undefined;
      if (!node) return undefined;
    }
    return node;
  }

  pathOf(node: INode): string {
    const parts: string[] = [];
    for (let n: INode | undefined = node; n && n.parent; n = n.parent) parts.unshift(n.name);
    return `/${parts.join('/')}`;
  }

  mkdirs(p: string, owner: string, permission = '755'): INode {
    let node = this.root;
    for (const part of split(p)) {
      let child = node.children.get(part);
      if (!child) {
        child = this.newNode('DIRECTORY', part, owner, permission);
        child.parent = node;
        node.children.set(part, child);
        node.modificationTime = Date.now();
      } else if (child.type !== 'DIRECTORY') {
        throw new HdfsError(403, 'ParentNotDirectoryException', 'org.apache.hadoop.fs.ParentNotDirectoryException', `Parent path is not a directory: ${this.pathOf(child)}`);
      }
      node = child;
    }
    return node;
  }

  /** Starts a file (a DataNode is about to write it). Refuses an existing one unless overwrite. */
  createFile(p: string, owner: string, overwrite: boolean, permission = '644'): INode {
    const existing = this.lookup(p);
    if (existing?.type === 'DIRECTORY') {
      throw new HdfsError(403, 'FileAlreadyExistsException', 'org.apache.hadoop.fs.FileAlreadyExistsException', `${p} already exists as a directory`);
    }
    if (existing && !overwrite) {
      throw new HdfsError(403, 'FileAlreadyExistsException', 'org.apache.hadoop.fs.FileAlreadyExistsException', `${p} for client 127.0.0.1 already exists`);
    }
    if (existing) this.remove(existing);
    const parent = this.mkdirs(path.posix.dirname(p), owner);
    const file = this.newNode('FILE', path.posix.basename(p), owner, permission);
    file.parent = parent;
    file.blob = path.join(this.dataDir, `blk_${file.fileId}`);
    file.underConstruction = true;
    fs.writeFileSync(file.blob, '');
    parent.children.set(file.name, file);
    parent.modificationTime = Date.now();
    return file;
  }

  /** Closes a file the DataNode finished writing: its length and modification time are final. */
  completeFile(file: INode, length: number): void {
    file.length = length;
    file.underConstruction = false;
    file.modificationTime = Date.now();
    file.accessTime = file.modificationTime;
  }

  /** Reads only the range asked for: a benchmark's GiB-sized file is not loaded whole. */
  read(node: INode, offset = 0, length?: number): Buffer {
    if (!node.blob) return Buffer.alloc(0);
    const size = Math.max(0, Math.min(length ?? Infinity, node.length - offset));
    const out = Buffer.alloc(size);
    const fd = fs.openSync(node.blob, 'r');
    try {
      fs.readSync(fd, out, 0, size, offset);
    } finally {
      fs.closeSync(fd);
    }
    return out;
  }

  rename(src: string, dst: string): boolean {
    const node = this.lookup(src);
    if (!node || !node.parent || src === '/') return false;
    const target = this.lookup(dst);
    let parent: INode | undefined;
    let name: string;
    if (target?.type === 'DIRECTORY') {
      parent = target;
      name = node.name;
      if (parent.children.has(name)) return false;
    } else if (target) {
      return false;
    } else {
      parent = this.lookup(path.posix.dirname(dst));
      name = path.posix.basename(dst);
      if (!parent || parent.type !== 'DIRECTORY') return false;
    }
    for (let a: INode | undefined = parent; a; a = a.parent) if (a === node) return false;
    node.parent.children.delete(node.name);
    node.parent.modificationTime = Date.now();
    node.name = name;
    node.parent = parent;
    parent.children.set(name, node);
    parent.modificationTime = Date.now();
    return true;
  }

  delete(p: string, recursive: boolean): boolean {
    const node = this.lookup(p);
    if (!node) return false;
    if (node.type === 'DIRECTORY' && node.children.size > 0 && !recursive) {
      throw new HdfsError(403, 'PathIsNotEmptyDirectoryException', 'org.apache.hadoop.fs.PathIsNotEmptyDirectoryException', `\`${p} is non empty': Directory is not empty`);
    }
    if (!node.parent) return false;
    this.remove(node);
    return true;
  }

  /** Every file below `p`, for tests that inspect what was uploaded. */
  *walk(p = '/'): Generator<[string, INode]> {
    const start = this.lookup(p);
    if (!start) return;
    const stack: INode[] = [start];
    while (stack.length) {
      const n = stack.pop() as INode;
      yield [this.pathOf(n), n];
      if (n.type === 'DIRECTORY') stack.push(...n.children.values());
    }
  }

  status(node: INode, withSuffix: boolean): Record<string, unknown> {
    const isFile = node.type === 'FILE';
    return {
      accessTime: isFile ? node.accessTime : 0,
      blockSize: isFile ? BLOCK_SIZE : 0,
      childrenNum: node.children.size,
      fileId: node.fileId,
      group: node.group,
      length: isFile ? node.length : 0,
      modificationTime: node.modificationTime,
      owner: node.owner,
      pathSuffix: withSuffix ? node.name : '',
      permission: node.permission,
      replication: isFile ? 1 : 0,
      storagePolicy: 0,
      type: node.type,
    };
  }

  contentSummary(node: INode): Record<string, unknown> {
    let directoryCount = 0;
    let fileCount = 0;
    let length = 0;
    for (const [, n] of this.walk(this.pathOf(node))) {
      if (n.type === 'DIRECTORY') directoryCount++;
      else {
        fileCount++;
        length += n.length;
      }
    }
    return {
      directoryCount, ecPolicy: '', fileCount, length, quota: -1, snapshotDirectoryCount: 0, snapshotFileCount: 0,
      snapshotLength: 0, snapshotSpaceConsumed: 0, spaceConsumed: length, spaceQuota: -1, typeQuota: {},
    };
  }

  /** Shaped like HDFS's MD5-of-MD5-of-CRC32C; deliberately block-size dependent in name only. */
  checksum(node: INode): Record<string, unknown> {
    const md5 = createHash('md5').update(this.read(node)).digest('hex');
    return { FileChecksum: { algorithm: 'MD5-of-0MD5-of-512CRC32C', bytes: `0000020000000000000000${md5}0000000000`.slice(0, 64), length: 28 } };
  }

  /** True when every ancestor is world-executable and the file world-readable (YARN's PUBLIC rule). */
  isPublic(node: INode): boolean {
    if (!(parseInt(node.permission.slice(-1), 8) & 4)) return false;
    for (let a = node.parent; a; a = a.parent) if (!(parseInt(a.permission.slice(-1), 8) & 1)) return false;
    return true;
  }

  private remove(node: INode): void {
    for (const [, n] of this.walk(this.pathOf(node))) if (n.blob) fs.rmSync(n.blob, { force: true });
    node.parent?.children.delete(node.name);
    if (node.parent) node.parent.modificationTime = Date.now();
  }

  private newNode(type: INode['type'], name: string, owner: string, permission: string): INode {
    const now = Date.now();
    return {
      type, name, children: new Map(), fileId: this.nextFileId++, owner, group: 'supergroup', permission,
      modificationTime: now, accessTime: type === 'FILE' ? now : 0, length: 0, underConstruction: false, xattrs: new Map(),
    };
  }
}

function split(p: string): string[] {
  return p.split('/').filter((s) => s.length > 0);
}
