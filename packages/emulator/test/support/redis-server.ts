import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { freePort } from "./ports.js";

/** Where the Debian package puts the binary; `.ci/run` installs it (apt-get install redis-server). */
export const REDIS_SERVER_BIN = process.env.REDIS_SERVER_BIN ?? "/usr/bin/redis-server";

/**
 * A real redis-server on 127.0.0.1, started for one test file: no persistence, its own port.
 * `stop()` ends only the process this harness started (by its pid).
 */
export class RedisServer {
  private constructor(
    readonly port: number,
    private child: ChildProcess,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(port?: number): Promise<RedisServer> {
    if (!existsSync(REDIS_SERVER_BIN)) {
      throw new Error(
        `${REDIS_SERVER_BIN} not found: install it with \`apt-get install -y redis-server\` (or set REDIS_SERVER_BIN)`,
      );
    }
    const chosen = port ?? (await freePort());
    const child = spawn(
      REDIS_SERVER_BIN,
      ["--port", String(chosen), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    await new Promise<void>((resolve, reject) => {
      let output = "";
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("Ready to accept connections")) {
          child.stdout?.off("data", onData);
          resolve();
        }
      };
      child.stdout?.on("data", onData);
      child.once("exit", (code) =>
        reject(new Error(`redis-server exited with ${code} before it was ready:\n${output}`)),
      );
      child.once("error", reject);
    });
    child.stdout?.resume();
    child.stderr?.resume();
    return new RedisServer(chosen, child);
  }

  /** Stops this server and waits for the process to exit. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    await exited;
  }

  /** Starts a new server on the same port (an outage that ends); its data starts empty. */
  async restart(): Promise<void> {
    await this.stop();
    const next = await RedisServer.start(this.port);
    this.child = next.child;
  }
}
