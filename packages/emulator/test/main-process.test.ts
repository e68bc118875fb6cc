import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { CallbackReceiver } from "./support/callback-receiver.js";
import { freePort } from "./support/ports.js";
import { postTransfer, transferBody } from "./support/signed-request.js";

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));

interface Running {
  child: ChildProcess;
  lines: Record<string, any>[];
  stderr: () => string;
  exit: Promise<number | null>;
}

const started: Running[] = [];
afterEach(async () => {
  for (const run of started.splice(0)) {
    if (run.child.exitCode === null && run.child.signalCode === null) {
      run.child.kill("SIGKILL");
      await run.exit;
    }
  }
});

/**
 * Runs the package's `start` command line (`node --conditions=source --import tsx src/main.ts`),
 * or, with `viaPnpm`, the repository's real `pnpm start`.
 */
function start(env: Record<string, string>, viaPnpm = false): Running {
  const [command, args, cwd] = viaPnpm
    ? ["pnpm", ["start"], REPO_ROOT]
    : [process.execPath, ["--conditions=source", "--import", "tsx", "src/main.ts"], PACKAGE_DIR];
  const child = spawn(command, args, {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", HOST: "127.0.0.1", PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: Record<string, any>[] = [];
  let buffered = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split("\n");
    buffered = parts.pop() ?? "";
    // pnpm prints its own lines ("> transfer-call-api start …") before the emulator's JSON lines.
    for (const part of parts) if (part.startsWith("{")) lines.push(JSON.parse(part));
  });
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  // "close" comes after "exit" once the child's stdout and stderr are drained, so what it printed is all here.
  const exit = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  const run = { child, lines, stderr: () => stderr, exit };
  started.push(run);
  return run;
}

async function listening(run: Running): Promise<Record<string, any>> {
  await expect
    .poll(() => run.lines.find((l) => l.message === "emulator listening") ?? run.child.exitCode, { timeout: 20_000 })
    .toBeTruthy();
  const line = run.lines.find((l) => l.message === "emulator listening");
  if (!line) throw new Error(`emulator exited early: ${run.stderr()}`);
  return line;
}

/** The processes started, directly or not, by `pid` (Linux /proc). */
function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const [child, ppid] of parents) {
      if (ppid !== parent) continue;
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}

/** Whether a process still runs (a zombie waiting for its parent to read its status does not). */
function running(pid: number): boolean {
  if (!existsSync(`/proc/${pid}/stat`)) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

describe("pnpm start (the emulator process)", () => {
  it("the repository's `pnpm start`: SIGTERM to the process it leaves running shuts the emulator down gracefully, leaving no process behind", async () => {
    const accessKey = randomBytes(32).toString("base64");
    const receiver = await CallbackReceiver.start();
    try {
      const run = start({ CALL_AUTOMATION_ACCESS_KEY: accessKey, EMULATOR_TRANSFER_DELAY_MS: "3600000" }, true);
      const ready = await listening(run);
      const tree = descendants(run.child.pid!);
      expect(tree.length).toBeGreaterThan(0);
      expect(
        (await postTransfer(ready.endpoint, accessKey, "pnpm-start-call", transferBody(receiver.url(), "pnpm-start")))
          .status,
      ).toBe(202);

      run.child.kill("SIGTERM");
      await run.exit;
      await expect.poll(() => tree.filter(running), { timeout: 20_000 }).toEqual([]);
      expect(receiver.delivered).toHaveLength(1);
      expect(run.lines.find((l) => l.message === "emulator stopped")).toMatchObject({ delivered: 1, undelivered: 0 });
      await expect(fetch(new URL("health", ready.endpoint))).rejects.toThrow();
    } finally {
      await receiver.close();
    }
  }, 60_000);

  it("prints the connection string, serves the SDK's protocol and delivers pending callbacks on SIGTERM", async () => {
    const accessKey = randomBytes(32).toString("base64");
    const receiver = await CallbackReceiver.start();
    try {
      const run = start({ CALL_AUTOMATION_ACCESS_KEY: accessKey, EMULATOR_TRANSFER_DELAY_MS: "3600000" });
      const ready = await listening(run);
      expect(ready.connectionString).toBe(`endpoint=${ready.endpoint};accesskey=${accessKey}`);
      expect(ready).toMatchObject({
        accessKeySource: "CALL_AUTOMATION_ACCESS_KEY",
        docs: `${ready.endpoint}docs`,
        store: "memory",
      });
      // stdout and stderr are separate pipes: the JSON line may arrive before the human-readable one.
      await expect.poll(run.stderr).toContain(`connection string: ${ready.connectionString}`);

      const answer = await postTransfer(
        ready.endpoint,
        accessKey,
        "process-call",
        transferBody(receiver.url(), "process"),
      );
      expect(answer.status).toBe(202);
      expect(receiver.received).toHaveLength(0);

      run.child.kill("SIGTERM");
      expect(await run.exit).toBe(0);
      expect(receiver.delivered).toHaveLength(1);
      expect(run.lines.find((l) => l.message === "emulator stopped")).toMatchObject({ delivered: 1, undelivered: 0 });
    } finally {
      await receiver.close();
    }
  });

  it("generates an access key when none is configured", async () => {
    const run = start({});
    const ready = await listening(run);
    expect(ready.accessKeySource).toBe("generated");
    expect(Buffer.from(ready.connectionString.split("accesskey=")[1], "base64")).toHaveLength(32);
    run.child.kill("SIGINT");
    expect(await run.exit).toBe(0);
  });

  it("reads the declared calls from EMULATOR_CONFIG", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emulator-config-"));
    const file = join(dir, "emulator.json");
    writeFileSync(
      file,
      JSON.stringify({ transferDelayMs: 0, calls: { undeclaredCalls: "notFound", calls: ["declared-call"] } }),
    );
    const accessKey = randomBytes(32).toString("base64");
    const run = start({ EMULATOR_CONFIG: file, CALL_AUTOMATION_ACCESS_KEY: accessKey });
    const ready = await listening(run);
    expect(
      (await postTransfer(ready.endpoint, accessKey, "other-call", transferBody("http://127.0.0.1:9/", "x"))).status,
    ).toBe(404);
    const { operationCallbackUri: _, ...noCallback } = transferBody("http://unused", "y");
    expect((await postTransfer(ready.endpoint, accessKey, "declared-call", noCallback)).status).toBe(202);
    run.child.kill("SIGTERM");
    expect(await run.exit).toBe(0);
  });

  it("exits 1 with a clear message when Redis is unreachable", async () => {
    const port = await freePort();
    const run = start({ EMULATOR_REDIS_URL: `redis://127.0.0.1:${port}` });
    expect(await run.exit).toBe(1);
    expect(run.stderr()).toContain(`The emulator did not start: Redis at redis://127.0.0.1:${port} is unreachable (`);
  });

  it("exits 2 naming the variable when the configuration is wrong", async () => {
    const run = start({ CALL_AUTOMATION_ACCESS_KEY: "not base64!" });
    expect(await run.exit).toBe(2);
    expect(run.stderr()).toContain("CALL_AUTOMATION_ACCESS_KEY must be a base64 string");
  });
});
