/**
 * Loading the cadence policy: resources/policy/cadence.json is the source, validated with zod;
 * a missing or malformed file is logged and the built-in defaults apply, so a bad edit can never
 * stop a war room from opening.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILTIN_CADENCE_POLICY, parseCadencePolicy, type CadencePolicy } from '../../../shared/domain/cadence-policy';
import type { Logger } from '../log';

export const POLICY_RELATIVE_PATH = path.join('resources', 'policy', 'cadence.json');

export interface LoadedPolicy {
  readonly policy: CadencePolicy;
  /** The file used, or null when none was found. */
  readonly file: string | null;
  /** Why the built-in defaults are in use, for the log and the UI; null when the file was used. */
  readonly problem: string | null;
}

/**
 * The shipped policy file, found by walking up from this module: the same lookup works from the
 * sources (tests), from out/main/*.js and out/main/chunks/*.js (serve, Electron dev/preview).
 */
export function findPolicyFile(from: string = path.dirname(fileURLToPath(import.meta.url))): string | null {
  let dir = from;
  for (let i = 0; i < 8; i++) {
    const candidate = path.join(dir, POLICY_RELATIVE_PATH);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

export function loadCadencePolicy(file: string | null, log: Logger): LoadedPolicy {
  const fallback = (problem: string): LoadedPolicy => {
    log.error('cadence policy unusable, using the built-in defaults', { file, problem });
    return { policy: BUILTIN_CADENCE_POLICY, file, problem };
  };
  if (file === null) return fallback(`no ${POLICY_RELATIVE_PATH} found`);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return fallback(`cannot read ${file}: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return fallback(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = parseCadencePolicy(raw);
  if (!parsed.ok) return fallback(`${file} is malformed: ${parsed.error}`);
  return { policy: parsed.policy, file, problem: null };
}
