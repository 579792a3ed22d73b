// Runs the real CLI (`node --import tsx src/cli/main.ts`) and host kubectl for the platform tests.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const HOST_KUBECONFIG = process.env.VKUBE_HOST_KUBECONFIG ?? `${REPO}.vkube/host/kubeconfig`;
export const KUBECTL = process.env.VKUBE_KUBECTL ?? '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(program: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { cwd: options.cwd ?? REPO, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], timeout: options.timeoutMs ?? 120_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** `vkube ARGS` with the host kubeconfig as the current context and a private VKUBE_HOME. */
export function vkube(args: string[], env: { vkubeHome: string; kubeconfig?: string }): Promise<RunResult> {
  return run(process.execPath, ['--import', 'tsx', `${REPO}src/cli/main.ts`, ...args], {
    env: { ...process.env, KUBECONFIG: env.kubeconfig ?? HOST_KUBECONFIG, VKUBE_HOME: env.vkubeHome, VKUBE_LOG_LEVEL: 'warn' },
  });
}

export async function vkubeOk(args: string[], env: { vkubeHome: string; kubeconfig?: string }): Promise<string> {
  const result = await vkube(args, env);
  if (result.code !== 0) throw new Error(`vkube ${args.join(' ')} failed (${result.code}):\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** kubectl against the host (or another kubeconfig); rejects on a non-zero exit. */
export async function kubectl(args: string[], kubeconfig = HOST_KUBECONFIG, stdin?: string): Promise<string> {
  const child = spawn(KUBECTL, ['--kubeconfig', kubeconfig, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(stdin ?? '');
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  if (code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${code}):\n${stdout}${stderr}`);
  return stdout;
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** helm 3 and helm 4 as hack/fetch-helm.sh installs them. */
export function helmBinaries(): string[] {
  const cache = process.env.VKUBE_HELM_CACHE ?? `${homedir()}/.cache/vkube/helm`;
  const found = existsSync(cache) ? readdirSync(cache).filter((d) => d.startsWith('v')).map((d) => `${cache}/${d}/helm`).filter((p) => existsSync(p)) : [];
  if (found.length < 2) throw new Error(`expected helm 3 and helm 4 under ${cache}; run hack/fetch-helm.sh`);
  return found;
}
