/** Reading Spark's and Hadoop's configuration files from their usual places, with clear errors. */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { partitionConfFiles, type WithheldConfFile } from './conf-secrets.js';
import { HadoopConf, XmlConfigError, parseHadoopXml } from './hadoop-xml.js';
import { PropertiesSyntaxError, parseProperties, type PropertyEntry } from './properties.js';

function readText(file: string, what: string): string {
  return readBytes(file, what).toString('utf8');
}

function readBytes(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable (permission denied)' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new ConfigError(`${what} ${file} ${why}`);
  }
}

/** spark-defaults.conf (or a --properties-file): `k v` lines; values trimmed as Spark does. */
export function loadSparkProperties(file: string): PropertyEntry[] {
  const text = readText(file, 'properties file');
  try {
    return parseProperties(text).map((e) => ({ ...e, key: e.key.trim(), value: e.value.trim() }));
  } catch (e) {
    if (e instanceof PropertiesSyntaxError) throw new ConfigError(`${file}:${e.line}: ${e.message}`);
    throw e;
  }
}

/** SPARK_CONF_DIR, else SPARK_HOME/conf: where spark-submit looks for spark-defaults.conf. */
export function sparkConfDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env.SPARK_CONF_DIR) return env.SPARK_CONF_DIR;
  if (env.SPARK_HOME) return path.join(env.SPARK_HOME, 'conf');
  return undefined;
}

/** The Hadoop client configuration: *-site.xml from HADOOP_CONF_DIR and YARN_CONF_DIR, and their raw files. */
export interface HadoopConfDirs {
  conf: HadoopConf;
  /** The files of those directories to ship in __spark_conf__/__hadoop_conf__/, as Spark does, minus secrets. */
  files: Map<string, Buffer>;
  /** Files left out of the archive because they hold secrets no AM reads (conf-secrets.ts), with why. */
  withheld: WithheldConfFile[];
  dirs: string[];
}

const SITE_FILES = ['core-site.xml', 'hdfs-site.xml', 'yarn-site.xml', 'mapred-site.xml'];

export function loadHadoopConfDirs(env: NodeJS.ProcessEnv): HadoopConfDirs {
  const conf = new HadoopConf(env);
  const files = new Map<string, Buffer>();
  const dirs = [...new Set([env.HADOOP_CONF_DIR, env.YARN_CONF_DIR].filter((d): d is string => !!d))];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      throw new ConfigError(`Hadoop configuration directory ${dir} cannot be read`, 'Check HADOOP_CONF_DIR / YARN_CONF_DIR.');
    }
    for (const name of names.sort()) {
      const full = path.join(dir, name);
      if (!fs.statSync(full).isFile() || files.has(name)) continue;
      // Bytes as they are: a truststore is binary, and utf8 would mangle it.
      files.set(name, readBytes(full, 'Hadoop configuration file'));
    }
  }
  for (const name of SITE_FILES) {
    for (const dir of dirs) {
      const full = path.join(dir, name);
      if (!fs.existsSync(full)) continue;
      try {
        conf.add(parseHadoopXml(readText(full, 'Hadoop configuration file'), full));
      } catch (e) {
        if (e instanceof XmlConfigError) throw new ConfigError(e.message, 'Fix the XML (an editor or `xmllint --noout FILE` shows the spot).');
        throw e;
      }
      break;
    }
  }
  const { shipped, withheld } = partitionConfFiles(files, conf);
  return { conf, files: shipped, withheld, dirs };
}
