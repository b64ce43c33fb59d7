// What several proxy instances need in the end-to-end tests: a Redis of the test's own and a
// round-robin front between the instances (request by request), both on loopback, both stopped by
// the test.

import { spawn } from "node:child_process";
import http from "node:http";
import net from "node:net";

/** A free loopback port. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function untilListening(port) {
  for (let i = 0; i < 200; i++) {
    const up = await new Promise((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => { socket.end(); resolve(true); });
      socket.once("error", () => resolve(false));
    });
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`nothing listens on ${port}`);
}

/**
 * Starts Debian's redis-server on a free loopback port; resolves with its URL, `restart()` (stopped
 * by its PID, as a deploy would, and started again on the same port) and `stop()`. No snapshots;
 * with `dir`, an append-only file there keeps the data across a restart, as a production Redis
 * holding idempotency records must (docs/proxy.md); without it, a restart starts empty.
 */
export async function startRedis({ dir } = {}) {
  const port = await freePort();
  const persistence = dir ? ["--appendonly", "yes", "--dir", dir] : ["--appendonly", "no"];
  let child;
  const launch = async () => {
    child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", ...persistence],
      { stdio: "ignore" });
    await untilListening(port);
  };
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(child.pid, "SIGTERM");
    await exited;
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}/`,
    async restart() { await stop(); await launch(); },
    stop,
  };
}

/**
 * A front that hands each request to the next of `backends` (URLs) in turn, as a load balancer
 * spreading requests would: a browser's retry reaches the other instance than the first try.
 * Resolves with its URL and `stop()`. A backend that cannot be reached cuts the client's connection.
 */
export async function roundRobin(backends) {
  let next = 0;
  const agents = backends.map(() => new http.Agent({ keepAlive: true }));
  const server = http.createServer((request, response) => {
    const at = next++ % backends.length;
    const { hostname, port } = new URL(backends[at]);
    const forward = http.request({
      host: hostname, port, method: request.method, path: request.url, headers: request.headers, agent: agents[at],
    }, (answer) => {
      response.writeHead(answer.statusCode, answer.headers);
      answer.pipe(response);
    });
    forward.on("error", () => response.destroy());
    request.pipe(forward);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    stop() {
      server.closeAllConnections();
      for (const agent of agents) agent.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
