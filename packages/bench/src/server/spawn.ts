import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ServerTarget } from "../args.js";
import { repoRoot } from "../repo-root.js";
import { transferRouteSchemas } from "./route-schemas.js";

const ROOT = repoRoot();
/** The Fastify route's schemas, written where the bundled child reads them (BENCH_FASTIFY_SCHEMAS). */
const SCHEMAS_FILE = path.join(ROOT, "node_modules/.cache/transfer-call-bench/fastify-schemas.json");
/** The core the server under test runs on, and the one the load generator (this process) runs on. */
export const SERVER_CORE = 1;
export const LOAD_CORE = 0;

/**
 * The environment that makes the bundled child start a server: which one, whether it checks HMAC
 * signatures, and the repository root (the bundle lives under node_modules/.cache, so it cannot find
 * the spec, which Fastify's schemas come from, on its own).
 */
export function childEnv(target: ServerTarget, checksSignature = true): NodeJS.ProcessEnv {
  return {
    ...process.env,
    BENCH_SERVER_TARGET: target,
    BENCH_SERVER_AUTH: checksSignature ? "on" : "off",
    BENCH_FASTIFY_SCHEMAS: SCHEMAS_FILE,
  };
}

/**
 * Bundles a bench program into one ES module under node_modules/.cache: the workspace packages from
 * their TypeScript sources compiled as plain JavaScript (as they ship), `external` left to node_modules.
 */
export async function bundleProgram(
  entry: URL,
  name: string,
  options: { external?: string[]; banner?: string } = {},
): Promise<string> {
  const { build } = await import("esbuild");
  const outfile = path.join(ROOT, `node_modules/.cache/transfer-call-bench/${name}.mjs`);
  await mkdir(path.dirname(outfile), { recursive: true });
  await build({
    entryPoints: [fileURLToPath(entry)],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    conditions: ["source"],
    logLevel: "silent",
    ...(options.external ? { external: options.external } : {}),
    ...(options.banner ? { banner: { js: options.banner } } : {}),
  });
  return outfile;
}

/** Bundles the server child (Fastify left to node_modules), with the Fastify route's schemas beside it. */
export async function bundleChild(): Promise<string> {
  await mkdir(path.dirname(SCHEMAS_FILE), { recursive: true });
  await writeFile(SCHEMAS_FILE, JSON.stringify(transferRouteSchemas(ROOT)));
  return bundleProgram(new URL("./child.ts", import.meta.url), "server-child", { external: ["fastify"] });
}

/** Whether `taskset` can pin processes to cores here (Linux with util-linux, at least two cores). */
export function canPin(): boolean {
  try {
    execFileSync("taskset", ["-p", String(process.pid)], { stdio: "ignore" });
    return Number(execFileSync("nproc", { encoding: "utf8" })) >= 2;
  } catch {
    return false;
  }
}

/** Pins every thread of a process to one core. */
export function pinProcess(pid: number, core: number): void {
  execFileSync("taskset", ["-a", "-p", "-c", String(core), String(pid)], { stdio: "ignore" });
}

/**
 * Lets every thread of a process run on any core again: every core the machine has (os.cpus), not
 * availableParallelism, which in a pinned process counts only the core it is pinned to.
 */
export function unpinProcess(pid: number): void {
  execFileSync("taskset", ["-a", "-p", "-c", `0-${os.cpus().length - 1}`, String(pid)], { stdio: "ignore" });
}

export interface ServerChild {
  port: number;
  pid: number;
  /** The child's CPU time so far (all threads), µs. */
  cpu(): Promise<NodeJS.CpuUsage>;
  /** Asks the child to exit; killed after a second if it has not. */
  stop(): void;
  /** Asks the child to exit and waits until it has. */
  exit(): Promise<void>;
}

/**
 * Starts a bench server child, pinned to SERVER_CORE when `pinned` (under `taskset`, so every thread
 * it starts is pinned too), with `prefix` before node (e.g. valgrind) and `nodeFlags` after it;
 * `quiet` drops its stderr (valgrind's banner).
 */
export async function spawnServer(
  childModule: string,
  env: NodeJS.ProcessEnv,
  options: { pinned?: boolean; prefix?: readonly string[]; nodeFlags?: readonly string[]; quiet?: boolean } = {},
): Promise<ServerChild> {
  const command = [
    ...(options.pinned ? ["taskset", "-c", String(SERVER_CORE)] : []),
    ...(options.prefix ?? []),
    process.execPath,
    ...(options.nodeFlags ?? []),
    childModule,
  ];
  const child: ChildProcess = spawn(command[0]!, command.slice(1), {
    env,
    stdio: ["ignore", "ignore", options.quiet ? "ignore" : "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (m: { port: number }) => resolve(m.port));
    child.once("exit", (code) => reject(new Error(`the ${env.BENCH_SERVER_TARGET} server exited with ${code}`)));
  });
  const stop = () => {
    if (child.exitCode !== null || !child.connected) return;
    child.send("exit");
    setTimeout(() => child.kill(), 1000).unref();
  };
  return {
    port,
    pid: child.pid!,
    cpu: () =>
      new Promise((resolve) => {
        child.once("message", (m: { cpu: NodeJS.CpuUsage }) => resolve(m.cpu));
        child.send("cpu");
      }),
    stop,
    exit: async () => {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      if (child.exitCode === null) child.send("exit");
      await exited;
    },
  };
}
