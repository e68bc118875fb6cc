import { parseArgs } from "node:util";

/** `pnpm bench [case...]`: the cases to run (all when none is named); an unknown name is an error. */
export function parseBenchArgs(argv: readonly string[], known: readonly string[]): string[] {
  const { positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: {} });
  const unknown = positionals.filter((name) => !known.includes(name));
  if (unknown.length) throw new Error(`unknown bench case ${unknown.join(", ")}: use ${known.join(", ")}`);
  return positionals.length ? [...new Set(positionals)] : [...known];
}

export const SERVER_TARGETS = ["ours", "ours-one-version", "bare", "fastify"] as const;
export type ServerTarget = (typeof SERVER_TARGETS)[number];

export interface ProfileArgs {
  target: ServerTarget;
  /** Leave the repeatability headers off the load. */
  plain: boolean;
  /** Start the server without its HMAC check (the load stays signed). */
  unsigned: boolean;
  requests: number;
  warmup: number;
  /** Also list the functions with the most instructions. */
  functions: boolean;
  /** Also print every thread's instructions per request, not only the main thread's and the rest's sum. */
  threads: boolean;
}

/** `pnpm profile:server [ours|bare|fastify] [--plain] [--unsigned] [--requests N] [--warmup N] [--functions] [--threads]`. */
export function parseProfileArgs(argv: readonly string[]): ProfileArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      plain: { type: "boolean", default: false },
      requests: { type: "string", default: "10000" },
      warmup: { type: "string", default: "8000" },
      functions: { type: "boolean", default: false },
      unsigned: { type: "boolean", default: false },
      threads: { type: "boolean", default: false },
    },
  });
  if (positionals.length > 1) throw new Error(`one server at a time, not ${positionals.join(", ")}`);
  const target = positionals[0] ?? "ours";
  if (!(SERVER_TARGETS as readonly string[]).includes(target))
    throw new Error(`unknown server ${target}: use ${SERVER_TARGETS.join(", ")}`);
  const requests = Number(values.requests);
  const warmup = Number(values.warmup);
  if (!Number.isInteger(requests) || requests < 1) throw new Error("--requests takes a positive whole number");
  if (!Number.isInteger(warmup) || warmup < 0) throw new Error("--warmup takes a whole number");
  return {
    target: target as ServerTarget,
    plain: values.plain,
    unsigned: values.unsigned,
    requests,
    warmup,
    functions: values.functions,
    threads: values.threads,
  };
}
