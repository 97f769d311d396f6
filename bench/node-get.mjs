// The plainest Node.js client for the logs bench: GET each URL in turn and drop the bytes.
import http from 'node:http';
for (const url of process.argv.slice(2)) {
  await new Promise((resolve, reject) => http.get(url, (res) => res.on('data', () => {}).on('end', resolve).on('error', reject)).on('error', reject));
}
