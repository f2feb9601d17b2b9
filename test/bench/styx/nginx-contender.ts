/** nginx as a contender: one worker, an upstream keep-alive pool, everything in a temporary directory. */
import { existsSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServing, type ServingProcess } from './bench-processes.js';

export const NGINX = '/usr/sbin/nginx';

/** Whether nginx is installed; when not, the benchmark says how to install it and skips its row. */
export function nginxInstalled(): boolean {
  return existsSync(NGINX);
}

export const NGINX_MISSING =
  'nginx is not installed (/usr/sbin/nginx): install it with `apt-get install -y nginx` to measure that row.';

function configuration(directory: string, port: number, upstreamPort: number): string {
  return `
worker_processes 1;
daemon off;
master_process on;
pid ${join(directory, 'nginx.pid')};
error_log ${join(directory, 'error.log')} warn;
events { worker_connections 4096; }
http {
  access_log ${join(directory, 'access.log')} combined buffer=64k flush=1s;
  client_body_temp_path ${join(directory, 'body')};
  proxy_temp_path ${join(directory, 'proxy')};
  fastcgi_temp_path ${join(directory, 'fastcgi')};
  uwsgi_temp_path ${join(directory, 'uwsgi')};
  scgi_temp_path ${join(directory, 'scgi')};
  upstream service { server 127.0.0.1:${upstreamPort}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://service;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }
  }
}
`;
}

/** Starts nginx in front of the upstream, its files in `directory`. */
export async function startNginx(
  directory: string,
  port: number,
  upstreamPort: number,
): Promise<ServingProcess> {
  await mkdir(directory, { recursive: true });
  // nginx started as root runs its worker as `nobody`, which must be able to write its temporary files.
  await chmod(directory, 0o777);
  const file = join(directory, 'nginx.conf');
  await writeFile(file, configuration(directory, port, upstreamPort));
  return startServing({
    name: 'nginx',
    command: NGINX,
    args: ['-c', file, '-p', directory],
    port,
    stopSignal: 'SIGQUIT',
  });
}
