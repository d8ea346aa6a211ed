/**
 * One terminal on screen: xterm.js 6 with fit, search, web links and the WebGL renderer on a GPU
 * (the DOM renderer when WebGL is missing, only software (renderer-choice.ts), or its context is
 * lost). Output arrives as terminalData events, goes to xterm through the pacer (output-pacer.ts:
 * a flood is drawn a few times a second, not at every frame) and is acknowledged from xterm's
 * write callback (flow control); keys go back with writeTerminal. Nothing here decides anything:
 * the service owns the pty.
 */
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { WebglAddon } from '@xterm/addon-webgl';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import type { WarroomApi } from '../../shared/api';
import { AckCounter, TERMINAL_LIMITS, type TerminalInfo } from '../../shared/domain/terminal';
import { mirrorInlineStyles } from './csp-styles';
import { OutputPacer, type PacerTimers } from './output-pacer';
import { hardwareWebgl2 } from './renderer-choice';
import { skipEmptySelectionRedraws } from './selection-redraws';
import { markKey, noteRender, noteWrite } from './perf';

export type RendererKind = 'webgl' | 'dom';

export interface XtermViewProps {
  readonly api: WarroomApi;
  readonly info: TerminalInfo;
  readonly active: boolean;
  /** A link in the output was activated; the parent asks before opening it. */
  readonly onLink: (uri: string) => void;
  readonly onError: (error: unknown) => void;
}

const THEME = {
  background: '#0b0e13',
  foreground: '#eef2f6',
  cursor: '#58a6ff',
  selectionBackground: '#2f81f766',
};

/** The pacer's timers on this page. */
const PAGE_TIMERS: PacerTimers = {
  setTimeout: (run, ms) => window.setTimeout(run, ms),
  clearTimeout: (handle) => window.clearTimeout(handle as number),
  afterFrame: (run) => {
    // xterm.js asked for its frame while parsing, before this: it renders first. A hidden page
    // makes no frames; the timer goes on without them.
    const go = (): void => {
      cancelAnimationFrame(raf);
      window.clearTimeout(timer);
      run();
    };
    const raf = requestAnimationFrame(go);
    const timer = window.setTimeout(go, 250);
    return () => {
      cancelAnimationFrame(raf);
      window.clearTimeout(timer);
    };
  },
};

export function XtermView({ api, info, active, onLink, onError }: XtermViewProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const termRef = useRef<Terminal | null>(null);
  const fitRef = useRef<FitAddon | null>(null);
  const searchRef = useRef<SearchAddon | null>(null);
  const onLinkRef = useRef(onLink);
  const onErrorRef = useRef(onError);
  const viewRef = useRef<HTMLDivElement>(null);
  const [query, setQuery] = useState('');
  const id = info.id;

  useEffect(() => {
    onLinkRef.current = onLink;
    onErrorRef.current = onError;
  }, [onLink, onError]);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const report = (error: unknown): void => onErrorRef.current(error);
    // Which renderer draws the view, for tests and benchmarks (no re-render needed).
    const setRenderer = (kind: RendererKind): void => {
      if (viewRef.current) viewRef.current.dataset.renderer = kind;
    };
    const unmirror = mirrorInlineStyles(host);
    const term = new Terminal({
      // Blinking only on WebGL (below). The DOM renderer blinks with a CSS animation that keeps
      // the page producing frames; on a software-rendered page that took keystroke echo from
      // ~10 ms (a plain text box's) to ~30 ms (bench/terminal.bench.ts). VS Code does not blink
      // by default either.
      cursorBlink: false,
      scrollback: 10_000,
      fontFamily: "ui-monospace, 'DejaVu Sans Mono', Menlo, monospace",
      fontSize: 13,
      theme: THEME,
    });
    const fit = new FitAddon();
    const search = new SearchAddon();
    term.loadAddon(fit);
    term.loadAddon(search);
    term.loadAddon(new WebLinksAddon((_event, uri) => onLinkRef.current(uri)));
    term.open(host);
    // Says whether the hook took (tests check it: an xterm.js upgrade may change what it hooks).
    if (viewRef.current) {
      viewRef.current.dataset.selectionRedraws = skipEmptySelectionRedraws(term) ? 'skip-empty' : 'xterm';
    }
    termRef.current = term;
    fitRef.current = fit;
    searchRef.current = search;

    let webgl: WebglAddon | null = null;
    if (hardwareWebgl2(host.ownerDocument)) {
      try {
        webgl = new WebglAddon();
        // A lost context (GPU reset, too many contexts) falls back to the DOM renderer.
        webgl.onContextLoss(() => {
          webgl?.dispose();
          webgl = null;
          term.options.cursorBlink = false;
          setRenderer('dom');
        });
        term.loadAddon(webgl);
        term.options.cursorBlink = true;
        setRenderer('webgl');
      } catch {
        webgl = null;
        setRenderer('dom');
      }
    } else {
      setRenderer('dom');
    }

    const acks = new AckCounter();
    let attached = false;
    let disposed = false;
    const pacer = new OutputPacer((text, chars, parsed) => {
      if (chars > 0) noteWrite();
      term.write(text, () => {
        parsed?.();
        const ack = acks.processed(chars);
        if (ack > 0 && !disposed) api.ackTerminal({ id, chars: ack }).catch(() => {});
      });
    }, PAGE_TIMERS);
    // Events before the attach reply are already in its replay: drop them.
    const offData = api.on('terminalData', (p) => {
      if (p.id === id && attached) pacer.push(p.data);
    });
    const input = term.onData((data) => {
      for (let i = 0; i < data.length; i += TERMINAL_LIMITS.writeChars) {
        api.writeTerminal({ id, data: data.slice(i, i + TERMINAL_LIMITS.writeChars) }).catch(report);
      }
    });
    const keys = term.onKey(() => markKey());
    const rendered = term.onRender(() => noteRender());
    const resized = term.onResize(({ cols, rows }) => {
      api.resizeTerminal({ id, cols, rows }).catch(() => {});
    });

    const refit = (): void => {
      if (disposed || host.offsetParent === null) return;
      try {
        fit.fit();
      } catch {
        // Not laid out yet.
      }
    };
    api.attachTerminal({ id }).then(
      ({ replay }) => {
        if (disposed) return;
        acks.reset();
        attached = true;
        if (replay) term.write(replay);
        refit();
        api.resizeTerminal({ id, cols: term.cols, rows: term.rows }).catch(() => {});
      },
      (error: unknown) => report(error),
    );
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(refit);
    });
    observer.observe(host);

    return () => {
      disposed = true;
      pacer.dispose();
      cancelAnimationFrame(frame);
      observer.disconnect();
      offData();
      input.dispose();
      keys.dispose();
      rendered.dispose();
      resized.dispose();
      term.dispose();
      unmirror();
      termRef.current = null;
      fitRef.current = null;
      searchRef.current = null;
    };
  }, [api, id]);

  useEffect(() => {
    const term = termRef.current;
    if (!term) return;
    term.options.disableStdin = info.exit !== null;
  }, [info.exit]);

  useEffect(() => {
    if (!active) return;
    const raf = requestAnimationFrame(() => {
      try {
        fitRef.current?.fit();
      } catch {
        // Not laid out yet.
      }
      termRef.current?.focus();
    });
    return () => cancelAnimationFrame(raf);
  }, [active]);

  const find = (backwards: boolean): void => {
    const search = searchRef.current;
    if (!search || !query) return;
    if (backwards) search.findPrevious(query);
    else search.findNext(query);
  };

  return (
    <div className="xterm-view" hidden={!active} data-terminal-id={id} ref={viewRef}>
      <div className="xterm-view__bar">
        <input
          type="search"
          className="xterm-view__search"
          aria-label="Search terminal"
          placeholder="Search output (Enter, Shift+Enter)"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              find(e.shiftKey);
            } else if (e.key === 'Escape') {
              setQuery('');
              searchRef.current?.clearDecorations();
              termRef.current?.focus();
            }
          }}
        />
        {info.exit && (
          <span className="xterm-view__exit" role="status">
            Exited with code {info.exit.exitCode}
          </span>
        )}
      </div>
      <div className="xterm-view__host" ref={hostRef} />
    </div>
  );
}
