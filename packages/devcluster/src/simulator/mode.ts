import type { KubeObject } from '../types.js';
import { SIMULATE_ANNOTATION, SimulateMode } from './constants.js';

export function simulateModeOf(obj: KubeObject): SimulateMode {
  const value = obj.metadata.annotations?.[SIMULATE_ANNOTATION];
  if (value === SimulateMode.Fail || value === SimulateMode.Pending) return value;
  return SimulateMode.Healthy;
}
