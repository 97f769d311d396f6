/**
 * A NodeManager that cannot read container log files: every log *content* request answers 500 with
 * Jetty's error page, as recorded on a real Hadoop 3.3.6 NodeManager
 * (shared/hadoop-3.3.6/kerberos/lab-artefact-nm-containerlog-500-no-libhadoop.http: secure mode without
 * libhadoop, SecureIOUtils cannot initialize). That cause was a lab artefact; the answer's shape is what
 * any NodeManager 500 looks like, which is what apx must report instead of calling the log gone.
 * The log *listing* keeps working, as it did there.
 */
import type http from 'node:http';

const CAUSE = 'java.lang.NoClassDefFoundError: Could not initialize class org.apache.hadoop.io.SecureIOUtils';
const WRAPPED = `javax.servlet.ServletException: javax.servlet.ServletException: ${CAUSE}`;

/** Jetty's default error page, rows in the recorded order (stack traces shortened to their first frames). */
export function sendNmLogReadFailure(res: http.ServerResponse, path: string): void {
  const body = [
    '<html>',
    '<head>',
    '<meta http-equiv="Content-Type" content="text/html;charset=ISO-8859-1"/>',
    `<title>Error 500 ${WRAPPED}</title>`,
    '</head>',
    `<body><h2>HTTP ERROR 500 ${WRAPPED}</h2>`,
    '<table>',
    `<tr><th>URI:</th><td>${path}</td></tr>`,
    '<tr><th>STATUS:</th><td>500</td></tr>',
    `<tr><th>MESSAGE:</th><td>${WRAPPED}</td></tr>`,
    '<tr><th>SERVLET:</th><td>org.apache.hadoop.http.WebServlet-4e628b52</td></tr>',
    `<tr><th>CAUSED BY:</th><td>${WRAPPED}</td></tr>`,
    `<tr><th>CAUSED BY:</th><td>javax.servlet.ServletException: ${CAUSE}</td></tr>`,
    `<tr><th>CAUSED BY:</th><td>${CAUSE}</td></tr>`,
    '<tr><th>CAUSED BY:</th><td>java.lang.ExceptionInInitializerError: Exception java.lang.RuntimeException: Secure IO is not possible without native code extensions. [in thread &quot;qtp1202907617-93&quot;]</td></tr>',
    '</table>',
    `<h3>Caused by:</h3><pre>${CAUSE}`,
    '\tat org.apache.hadoop.yarn.server.nodemanager.webapp.ContainerLogsUtils.openLogFileForRead(ContainerLogsUtils.java:169)',
    '\tat org.apache.hadoop.yarn.server.nodemanager.webapp.NMWebServices.getLogs(NMWebServices.java:469)',
    '</pre>',
    '',
    '</body>',
    '</html>',
    '',
  ].join('\n');
  res.writeHead(500, 'Server Error', {
    Pragma: 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    'X-XSS-Protection': '1; mode=block',
    'X-Frame-Options': 'SAMEORIGIN',
    'Cache-Control': 'must-revalidate,no-cache,no-store',
    'Content-Type': 'text/html;charset=iso-8859-1',
    'Content-Length': String(Buffer.byteLength(body, 'latin1')),
    Connection: 'close',
  });
  res.end(body, 'latin1');
}
