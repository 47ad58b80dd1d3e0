// DSP0134 §7.29 Temperature Probe (Type 28): 1/10 °C readings. Text follows dmidecode 3.4 case 28.
import { temperatureProbeLocation } from './names.js';
import { formatProbe, PROBE_FIELDS } from './probe-values.js';
import type { StructView } from './view.js';

/** Type 28 offset table (the common probe layout). */
export const TEMPERATURE_PROBE_FIELDS = PROBE_FIELDS;

/** Prints type 28 as dmidecode does. */
export function formatTemperatureProbe(v: StructView): void {
  formatProbe(v, { title: 'Temperature Probe', locations: temperatureProbeLocation, value: [10, 1, 'deg C'], resolution: [1000, 3, 'deg C'] });
}
