// Helpers for end-to-end tests that drive a cluster with the preinstalled, unmodified kubectl.
import { spawn } from 'node:child_process';

/** The kubectl binary the e2e tests use; VKUBE_KUBECTL overrides it. */
export const kubectlPath: string =
  process.env.VKUBE_KUBECTL ?? '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';

/** A list as kubectl prints it with `-o json`. */
export interface KubeList<T> {
  items: T[];
}

/** Runs a program to completion; resolves with stdout, rejects with stderr on a non-zero exit. */
export function runProgram(
  program: string,
  args: string[],
  { stdin = '', timeoutMs = 60_000 }: { stdin?: string; timeoutMs?: number } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'], timeout: timeoutMs });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => reject(new Error(`cannot run ${program}`, { cause: error })));
    child.on('close', (code, signal) => {
      const output = Buffer.concat(stdout).toString('utf8');
      if (code === 0) {
        resolve(output);
        return;
      }
      const reason = signal === null ? `exit ${code}` : `signal ${signal}`;
      const errors = Buffer.concat(stderr).toString('utf8');
      reject(new Error(`${program} ${args.join(' ')} failed (${reason}):\n${output}${errors}`));
    });
    child.stdin.end(stdin);
  });
}

/** Runs kubectl against one kubeconfig; rejects with kubectl's stderr on a non-zero exit. */
export function kubectl(kubeconfig: string, args: string[], stdin?: string): Promise<string> {
  return runProgram(kubectlPath, ['--kubeconfig', kubeconfig, ...args], { stdin });
}

/** Runs kubectl with `-o json` and parses the output. */
export async function kubectlJson<T>(kubeconfig: string, args: string[]): Promise<T> {
  return JSON.parse(await kubectl(kubeconfig, [...args, '-o', 'json'])) as T;
}

/**
 * Polls `probe` until it returns a value other than undefined or the deadline passes. The last
 * description `probe` reported goes into the timeout error, so a failure says what was seen.
 */
export async function waitFor<T>(
  what: string,
  probe: (report: (state: string) => void) => Promise<T | undefined>,
  { timeoutMs = 90_000, intervalMs = 500 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastState = 'nothing observed yet';
  const report = (state: string): void => {
    lastState = state;
  };
  for (;;) {
    const value = await probe(report);
    if (value !== undefined) {
      return value;
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last state: ${lastState}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
