/**
 * A tiny read-only FTP server for tests (anonymous or one user, passive mode, RETR only). Its answers
 * follow RFC 959; the tests check it against curl, a real FTP client, before trusting it.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TinyFtp {
  port: number;
  close: () => Promise<void>;
}

export async function startTinyFtp(files: Record<string, Buffer>, login?: { user: string; password: string }): Promise<TinyFtp> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((control) => {
    sockets.add(control);
    control.on('close', () => sockets.delete(control));
    control.on('error', () => {});
    let user = '';
    let cwd = '/';
    let loggedIn = false;
    let passive: net.Server | undefined;
    let dataSocket: Promise<net.Socket> | undefined;
    const reply = (line: string) => control.write(`${line}\r\n`);
    reply('220-tiny test FTP\r\n220 ready');
    let buffered = '';
    control.on('data', async (chunk) => {
      buffered += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffered.indexOf('\r\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 2);
        const [cmd = '', ...rest] = line.split(' ');
        const arg = rest.join(' ');
        switch (cmd.toUpperCase()) {
          case 'USER':
            user = arg;
            reply('331 password please');
            break;
          case 'PASS':
            loggedIn = login ? user === login.user && arg === login.password : user === 'anonymous';
            reply(loggedIn ? '230 logged in' : '530 Login incorrect.');
            break;
          case 'PWD':
            reply(`257 "${cwd}" is the current directory`);
            break;
          case 'CWD':
            cwd = arg.startsWith('/') ? arg : `${cwd.replace(/\/$/, '')}/${arg}`;
            reply('250 Directory successfully changed.');
            break;
          case 'TYPE':
            reply(loggedIn ? '200 Type set to I' : '530 Please login with USER and PASS.');
            break;
          case 'PASV': {
            passive = net.createServer();
            const server2 = passive;
            dataSocket = new Promise((resolve) => server2.once('connection', resolve));
            await new Promise<void>((r) => server2.listen(0, '127.0.0.1', r));
            const p = (server2.address() as AddressInfo).port;
            reply(`227 Entering Passive Mode (127,0,0,1,${p >> 8},${p & 255}).`);
            break;
          }
          case 'RETR': {
            const body = files[arg.startsWith('/') ? arg : `${cwd.replace(/\/$/, '')}/${arg}`];
            const data = await dataSocket;
            if (!body || !data) {
              data?.destroy();
              reply('550 Failed to open file.');
            } else {
              reply('150 Opening BINARY mode data connection');
              data.end(body, () => reply('226 Transfer complete.'));
            }
            passive?.close();
            break;
          }
          case 'QUIT':
            reply('221 Goodbye.');
            control.end();
            break;
          default:
            reply('502 Command not implemented.');
        }
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    }),
  };
}
