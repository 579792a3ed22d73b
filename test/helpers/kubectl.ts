/** Runs the real kubectl binaries installed on the machine (1.27 … 1.33) against a kubeconfig. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const KUBECTL_DIR = process.env.KUBECTL_DIR ?? '/usr/lib/google-cloud-sdk/bin';
export const ALL_KUBECTL_VERSIONS = ['1.27', '1.28', '1.29', '1.30', '1.31', '1.32', '1.33'] as const;

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function kubectlPath(version: string): string {
  return join(KUBECTL_DIR, `kubectl.${version}`);
}

export class Kubectl {
  /** A fresh discovery cache per instance, so no test sees another's. */
  private readonly cacheDir = mkdtempSync(join(tmpdir(), 'kubectl-cache-'));

  constructor(
    readonly version: string,
    private readonly kubeconfig: string,
  ) {}

  run(args: string[], options: { stdin?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<KubectlResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(kubectlPath(this.version), ['--kubeconfig', this.kubeconfig, ...args], {
        env: { ...process.env, KUBECACHEDIR: this.cacheDir, HOME: this.cacheDir, ...options.env },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? -1, stdout, stderr });
      });
      child.stdin.end(options.stdin ?? '');
    });
  }

  /** Runs and fails the test with kubectl's own output when it exits non-zero. */
  async ok(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<string> {
    const r = await this.run(args, options);
    if (r.code !== 0) throw new Error(`kubectl ${this.version} ${args.join(' ')} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
    return r.stdout;
  }

  /** Starts a long-running kubectl (e.g. `get -w`) and collects its output until stopped. */
  background(args: string[]): { output: () => string; stop: () => Promise<void> } {
    const child = spawn(kubectlPath(this.version), ['--kubeconfig', this.kubeconfig, ...args], {
      env: { ...process.env, KUBECACHEDIR: this.cacheDir, HOME: this.cacheDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    return {
      output: () => out,
      stop: () =>
        new Promise((res) => {
          if (child.exitCode !== null) return res();
          child.once('close', () => res());
          child.kill('SIGTERM');
        }),
    };
  }
}
