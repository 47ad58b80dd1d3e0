import type { AnyCommand, CommandGroup } from '../command.js';
import { demo } from './demo.js';
import { acpi } from './acpi.js';
import { acpiShow } from './acpi-show.js';
import { plan } from './plan.js';
import { smbios } from './smbios.js';
import { smbiosGet } from './smbios-get.js';
import { packXen } from './pack-xen.js';
import { check } from './check.js';
import { guestView } from './guest-view.js';
import { pack } from './pack-modules.js';
import { inspect } from './inspect.js';

/**
 * Every command the CLI knows, in `--help` order. Add one line per new command module; a group
 * (`smbios`, `acpi`) holds its own subcommands.
 */
export const commands: readonly (AnyCommand | CommandGroup)[] = [
  demo,
  acpi,
  acpiShow,
  plan,
  smbios,
  smbiosGet,
  packXen,
  check,
  guestView,
  pack,
  inspect,
];
