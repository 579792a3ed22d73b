/** The platform subcommands (issue 8): create, list, connect, delete, pause, resume, kubeconfig. */
import type { Command } from 'commander';
import { registerConnect } from './connect.js';
import { registerCreate } from './create.js';
import { registerLifecycleCommands } from './lifecycle.js';
import { registerList } from './list.js';

export function registerPlatformCommands(program: Command): void {
  registerCreate(program);
  registerList(program);
  registerConnect(program);
  registerLifecycleCommands(program);
}
