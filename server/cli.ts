#!/usr/bin/env node
// farmwatch-server: the FarmWatch collector's command line.
import { Command, Option } from 'commander';
import pkg from '../package.json' with { type: 'json' };
import { adminTokenCommand, type AdminTokenOptions } from './commands/admin-token.js';
import { inventoryImportCommand, type InventoryImportOptions } from './commands/inventory-import.js';
import { startCommand } from './commands/start.js';
import { userAddCommand, userListCommand, type UserAddOptions } from './commands/user.js';
import { ConfigError, describeConfigVariables } from './config.js';
import { INVENTORY_FORMATS } from './inventory/parse.js';
import { ADMIN_ROLES } from './store/store.js';
import { MigrationError } from './store/sqlite/migrations.js';

const program = new Command('farmwatch-server')
  .description('FarmWatch collector: enrols agents, receives their reports, raises alerts and serves the admin API.')
  .version(pkg.version)
  .addHelpText('after', `\nConfiguration (environment variables):\n${describeConfigVariables()}\n`);

program.command('start', { isDefault: true })
  .description('Start the collector (the default command). On first start it generates the enrol secret and an admin token and prints each once.')
  .action(() => startCommand());

program.command('admin-token')
  .description('List admin API tokens (no secrets shown), or with --rotate mint a new one and revoke the earlier tokens of its role.')
  .option('--rotate', 'mint a new token, print it once, and revoke the earlier tokens of the same role')
  .addOption(new Option('--role <role>', 'role of the new token').choices(ADMIN_ROLES).default('admin'))
  .action((options: AdminTokenOptions) => adminTokenCommand(options));

program.command('inventory')
  .description('Manage the employee inventory (device serial/hostname -> employee and claimed work location).')
  .command('import <file>')
  .description('Import inventory records from a CSV file (header row) or JSON; a file with any bad line imports nothing and lists every problem by line.')
  .addOption(new Option('--format <format>', 'file format (default: from the extension)').choices(INVENTORY_FORMATS))
  .option('--replace', 'replace the whole inventory: records the file does not list are removed')
  .action((file: string, options: InventoryImportOptions) => inventoryImportCommand(file, options));

const user = program.command('user').description('Manage console users (sign-in with a password; roles admin, analyst, viewer).');
user.command('add <username>')
  .description('Create a console user. The password comes from --password-stdin or FARMWATCH_USER_PASSWORD; without either one is generated and printed once.')
  .addOption(new Option('--role <role>', 'role of the user').choices(ADMIN_ROLES).default('viewer'))
  .option('--password-stdin', 'read the password from the first line of standard input')
  .action((username: string, options: UserAddOptions) => userAddCommand(username, options));
user.command('list')
  .description('List console users (no password hashes shown).')
  .action(() => userListCommand());

program.parseAsync(process.argv).catch((error: unknown) => {
  // Expected failures (bad config, newer database, port in use) need no stack trace.
  const expected = error instanceof ConfigError || error instanceof MigrationError || (error as NodeJS.ErrnoException)?.code !== undefined;
  const text = error instanceof Error ? (expected ? error.message : (error.stack ?? error.message)) : String(error);
  process.stderr.write(`farmwatch-server: ${text}\n`);
  process.exitCode = error instanceof ConfigError ? 2 : 1;
});
