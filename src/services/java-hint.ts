/**
 * Spark 4 needs Java 17: a 4.x AM started by an older JVM dies with UnsupportedClassVersionError
 * before it logs anything of its own. YARN puts the container's last stderr lines in the attempt's
 * diagnostics; when they say so, apx says in one line what to do.
 */
import type { EventBus } from '../monitor/events.js';
import { formatSparkVersion, needsJava17, type SparkVersion } from '../spark/versions.js';

export function javaHintMessage(version: SparkVersion): string {
  return `Spark ${formatSparkVersion(version)} needs Java 17 and the AM ran on an older Java (UnsupportedClassVersionError): point it at a Java 17 on the nodes with --java-home PATH (sets spark.yarn.appMasterEnv.JAVA_HOME and spark.executorEnv.JAVA_HOME).`;
}

/** Watches the application's states and driver log; returns the unsubscribe function. */
export function watchForOldJava(bus: EventBus, version: SparkVersion | undefined): () => void {
  if (!version || !needsJava17(version)) return () => {};
  let said = false;
  const off = bus.on((e) => {
    if (said) return;
    const text = e.type === 'state' ? e.diagnostics : e.type === 'log' ? e.lines.join('\n') : '';
    if (!text.includes('UnsupportedClassVersionError')) return;
    said = true;
    bus.emit({ type: 'warning', message: javaHintMessage(version) });
  });
  return off;
}
