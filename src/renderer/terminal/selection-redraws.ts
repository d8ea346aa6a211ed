/**
 * Stops xterm.js 6 redrawing every row for a selection that is not there.
 *
 * After every scroll (each line that reaches the bottom of a full screen) xterm's selection
 * service asks the renderer to redraw the selection at the next frame, whether or not anything
 * is selected, and the DOM renderer answers by rebuilding every row. That bypasses the render
 * debouncer and synchronized output (output-pacer.ts), so a flood still rebuilt the screen
 * at every display frame: in a trace of a 20 MB `cat`, ~110 full rebuilds where the pacer
 * allowed ~25.
 *
 * The hook lets a selection redraw through only when a selection is drawn or is to be drawn: a
 * redraw from "nothing selected" to "nothing selected" changes no pixel. It reaches into
 * xterm's private render service (as VS Code's terminal reaches into `_core`), so it checks
 * the shape it expects and does nothing if a new xterm.js version changed it; the terminal
 * e2e test counts row rebuilds during a flood and fails if the hook stopped working.
 */
type Point = [number, number] | undefined;

interface SelectionRedraw {
  handleSelectionChanged(start: Point, end: Point, columnSelectMode: boolean): void;
}

function renderServiceOf(term: object): SelectionRedraw | null {
  const core = (term as { _core?: { _renderService?: unknown } })._core;
  const service = core?._renderService as Partial<SelectionRedraw> | undefined;
  return typeof service?.handleSelectionChanged === 'function' ? (service as SelectionRedraw) : null;
}

/** Installs the hook on `term` (an xterm.js Terminal, opened); false if xterm's shape changed. */
export function skipEmptySelectionRedraws(term: object): boolean {
  const service = renderServiceOf(term);
  if (!service) return false;
  const redraw = service.handleSelectionChanged.bind(service);
  // Unknown at first: let the first redraw through.
  let drawn = true;
  service.handleSelectionChanged = (start, end, columnSelectMode) => {
    // The renderers draw a selection only when both ends are known.
    const selected = start !== undefined && end !== undefined;
    if (!selected && !drawn) return;
    drawn = selected;
    redraw(start, end, columnSelectMode);
  };
  return true;
}
