/**
 * Which shell a terminal runs and how it is started. The user's login shell ($SHELL, else the
 * passwd entry), falling back to bash, then sh. With shell integration, bash gets an --rcfile and
 * zsh a ZDOTDIR that Warroom writes: both load the user's own startup files first, then add
 * the prompt markers of ./markers.ts. The marker nonce travels in WARROOM_NONCE, which the rc
 * copies into an unexported variable and removes from the environment at once, so programs run
 * from the shell never see it.
 */
import { accessSync, constants, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { basename, join } from 'node:path';
import type { ShellKind } from '../../../shared/domain/terminal';

export interface ResolvedShell {
  readonly file: string;
  readonly kind: ShellKind;
}

export function shellKind(file: string): ShellKind {
  const name = basename(file).replace(/^-/, '');
  if (name === 'bash') return 'bash';
  if (name === 'zsh') return 'zsh';
  if (name === 'sh' || name === 'dash') return 'sh';
  return 'other';
}

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function passwdShell(): string | undefined {
  try {
    return os.userInfo().shell ?? undefined;
  } catch {
    return undefined;
  }
}

/** The first usable candidate: $SHELL, the passwd shell, bash, sh. */
export function resolveShell(
  env: NodeJS.ProcessEnv,
  canRun: (file: string) => boolean = isExecutable,
  loginShell: () => string | undefined = passwdShell,
): ResolvedShell {
  const candidates = [env.SHELL, loginShell(), '/bin/bash', '/usr/bin/bash', '/bin/sh', '/usr/bin/sh'];
  for (const file of candidates) {
    if (file && file.startsWith('/') && canRun(file)) return { file, kind: shellKind(file) };
  }
  throw new Error('no usable shell: $SHELL, bash and sh are all missing or not executable');
}

export function supportsIntegration(kind: ShellKind): boolean {
  return kind === 'bash' || kind === 'zsh';
}

export interface ShellLaunch {
  readonly file: string;
  readonly args: string[];
  readonly env: Record<string, string>;
  readonly integration: boolean;
}

export interface LaunchOptions {
  readonly shell: ResolvedShell;
  readonly integration: boolean;
  readonly nonce: string;
  /** Folder where the integration scripts live (see writeIntegrationScripts). */
  readonly scriptsDir: string;
  readonly env: NodeJS.ProcessEnv;
  /** Extra variables for the shell, e.g. WARROOM_INCIDENT. */
  readonly extraEnv?: Record<string, string>;
}

/** Variables of our own process that must not leak into a user's shell. */
const STRIPPED_ENV = ['ELECTRON_RUN_AS_NODE', 'ELECTRON_NO_ATTACH_CONSOLE', 'WARROOM_NONCE', 'WARROOM_USER_ZDOTDIR'];

export function planLaunch(options: LaunchOptions): ShellLaunch {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.env)) {
    if (value !== undefined && !STRIPPED_ENV.includes(key)) env[key] = value;
  }
  Object.assign(env, options.extraEnv, {
    TERM: 'xterm-256color',
    COLORTERM: 'truecolor',
    TERM_PROGRAM: 'warroom',
  });
  const integration = options.integration && supportsIntegration(options.shell.kind);
  if (!integration) return { file: options.shell.file, args: [], env, integration: false };

  env.WARROOM_NONCE = options.nonce;
  if (options.shell.kind === 'bash') {
    return { file: options.shell.file, args: ['--rcfile', join(options.scriptsDir, 'bashrc'), '-i'], env, integration };
  }
  env.WARROOM_USER_ZDOTDIR = options.env.ZDOTDIR ?? options.env.HOME ?? os.homedir();
  env.ZDOTDIR = join(options.scriptsDir, 'zsh');
  return { file: options.shell.file, args: ['-i'], env, integration };
}

/** Write (or refresh) the integration scripts; cheap and idempotent, done once per service. */
export function writeIntegrationScripts(dir: string): void {
  mkdirSync(join(dir, 'zsh'), { recursive: true, mode: 0o700 });
  const files: [string, string][] = [
    [join(dir, 'bashrc'), BASH_RC],
    [join(dir, 'zsh', '.zshenv'), ZSH_ENV],
    [join(dir, 'zsh', '.zshrc'), ZSH_RC],
  ];
  for (const [file, text] of files) {
    if (readOrNull(file) !== text) writeFileSync(file, text, { mode: 0o600 });
  }
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/**
 * bash: --rcfile replaces ~/.bashrc, so source it first. Preexec comes from the DEBUG trap (the
 * first simple command after a prompt), precmd from PROMPT_COMMAND (first entry, to see $?;
 * a last entry re-wraps PS1 after themes that rebuild it). A DEBUG trap the user set before is
 * replaced; prompt-command arrays (bash 5.1+) and strings are both kept.
 */
export const BASH_RC = String.raw`# Warroom shell integration for bash (generated; changes are overwritten).
__wr_nonce="${'$'}{WARROOM_NONCE:-}"
unset WARROOM_NONCE
if [ -r "$HOME/.bashrc" ]; then . "$HOME/.bashrc"; fi

if [ -n "$__wr_nonce" ] && [ -z "${'$'}{__wr_installed:-}" ]; then
  __wr_installed=1
  __wr_running=0
  __wr_in_prompt=0
  __wr_last_hist=

  __wr_esc() {
    local s=$1
    s=${'$'}{s//\\/\\\\}
    s=${'$'}{s//;/\\x3b}
    s=${'$'}{s//$'\n'/\\x0a}
    s=${'$'}{s//$'\r'/\\x0d}
    s=${'$'}{s//$'\t'/\\x09}
    s=${'$'}{s//$'\e'/\\x1b}
    s=${'$'}{s//$'\a'/\\x07}
    __wr_escaped=$s
  }

  __wr_hist_line() {
    local line
    line=$(HISTTIMEFORMAT= builtin history 1 2>/dev/null)
    if [[ $line =~ ^[[:space:]]*[0-9]+\*?[[:space:]]+(.*)$ ]]; then line=${'$'}{BASH_REMATCH[1]}; fi
    __wr_hist=$line
  }

  __wr_preexec() {
    case "$BASH_COMMAND" in __wr_precmd*|__wr_postcmd*) return ;; esac
    [ "$__wr_in_prompt" = 1 ] && return
    [ "$__wr_running" = 1 ] && return
    __wr_running=1
    __wr_hist_line
    # No new history entry (history off, ignorespace): fall back to the command itself.
    if [ -z "$__wr_hist" ] || [ "$__wr_hist" = "$__wr_last_hist" ]; then __wr_hist=$BASH_COMMAND; fi
    __wr_esc "${'$'}{__wr_hist:0:4000}"
    builtin printf '\e]133;E;%s;n=%s\a\e]133;C;n=%s\a' "$__wr_escaped" "$__wr_nonce" "$__wr_nonce"
  }

  __wr_precmd() {
    local ec=$?
    __wr_in_prompt=1
    if [ "$__wr_running" = 1 ]; then builtin printf '\e]133;D;%s;n=%s\a' "$ec" "$__wr_nonce"; fi
    __wr_running=0
    __wr_esc "$PWD"
    builtin printf '\e]133;P;Cwd=%s;n=%s\a' "$__wr_escaped" "$__wr_nonce"
    __wr_hist_line
    __wr_last_hist=$__wr_hist
    return $ec
  }

  __wr_postcmd() {
    case "$PS1" in
      *"133;B;n=$__wr_nonce"*) ;;
      *) PS1="\[\e]133;A;n=$__wr_nonce\a\]$PS1\[\e]133;B;n=$__wr_nonce\a\]" ;;
    esac
    __wr_in_prompt=0
  }

  if [[ "$(declare -p PROMPT_COMMAND 2>/dev/null)" == "declare -a"* ]]; then
    PROMPT_COMMAND=(__wr_precmd "${'$'}{PROMPT_COMMAND[@]}" __wr_postcmd)
  else
    PROMPT_COMMAND="__wr_precmd${'$'}{PROMPT_COMMAND:+$'\n'$PROMPT_COMMAND}"$'\n'"__wr_postcmd"
  fi
  trap '__wr_preexec' DEBUG
fi
`;

/** zsh, step 1: ZDOTDIR points here; load the user's .zshenv from their real ZDOTDIR. */
export const ZSH_ENV = String.raw`# Warroom shell integration for zsh (generated; changes are overwritten).
__wr_zdotdir="$ZDOTDIR"
__wr_user_zdotdir="${'$'}{WARROOM_USER_ZDOTDIR:-$HOME}"
unset WARROOM_USER_ZDOTDIR
if [[ -f "$__wr_user_zdotdir/.zshenv" ]]; then
  ZDOTDIR="$__wr_user_zdotdir"
  . "$__wr_user_zdotdir/.zshenv"
  [[ "$ZDOTDIR" != "$__wr_zdotdir" ]] && __wr_user_zdotdir="$ZDOTDIR"
fi
# Come back here for .zshrc, which restores the user's ZDOTDIR.
if [[ -o interactive ]]; then ZDOTDIR="$__wr_zdotdir"; else ZDOTDIR="$__wr_user_zdotdir"; fi
`;

/** zsh, step 2: the user's .zshrc, then precmd/preexec hooks (ours first, to see $?). */
export const ZSH_RC = String.raw`# Warroom shell integration for zsh (generated; changes are overwritten).
ZDOTDIR="$__wr_user_zdotdir"
__wr_nonce="${'$'}{WARROOM_NONCE:-}"
unset WARROOM_NONCE
if [[ -f "$ZDOTDIR/.zshrc" ]]; then . "$ZDOTDIR/.zshrc"; fi

if [[ -n "$__wr_nonce" && -z "${'$'}{__wr_installed:-}" ]]; then
  __wr_installed=1
  __wr_running=0
  __wr_esc() {
    local s="$1"
    s="${'$'}{s//\\/\\\\}"
    s="${'$'}{s//;/\\x3b}"
    s="${'$'}{s//$'\n'/\\x0a}"
    s="${'$'}{s//$'\r'/\\x0d}"
    s="${'$'}{s//$'\t'/\\x09}"
    s="${'$'}{s//$'\e'/\\x1b}"
    s="${'$'}{s//$'\a'/\\x07}"
    REPLY="$s"
  }
  __wr_precmd() {
    local ec=$?
    if (( __wr_running )); then builtin printf '\e]133;D;%s;n=%s\a' "$ec" "$__wr_nonce"; fi
    __wr_running=0
    __wr_esc "$PWD"
    builtin printf '\e]133;P;Cwd=%s;n=%s\a' "$REPLY" "$__wr_nonce"
    return $ec
  }
  __wr_prompt() {
    if [[ "$PS1" != *"133;B;n=$__wr_nonce"* ]]; then
      PS1="%{"$'\e'"]133;A;n=$__wr_nonce"$'\a'"%}$PS1%{"$'\e'"]133;B;n=$__wr_nonce"$'\a'"%}"
    fi
  }
  __wr_preexec() {
    __wr_running=1
    __wr_esc "${'$'}{1[1,4000]}"
    builtin printf '\e]133;E;%s;n=%s\a\e]133;C;n=%s\a' "$REPLY" "$__wr_nonce" "$__wr_nonce"
  }
  precmd_functions=(__wr_precmd ${'$'}{precmd_functions[@]} __wr_prompt)
  preexec_functions=(__wr_preexec ${'$'}{preexec_functions[@]})
fi
`;
