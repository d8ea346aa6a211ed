/**
 * Which xterm.js renderer to use. WebGL is the fast one on a GPU; on a software implementation
 * (SwiftShader, llvmpipe: headless Chromium, VMs, remote desktops) every frame is rasterised on
 * the CPU, and the DOM renderer is several times faster. Measured by bench/terminal.bench.ts on
 * SwiftShader: `cat` ~2 MB/s with WebGL against ~8 MB/s with the DOM renderer, keystroke echo
 * 26-45 ms against 10-13 ms.
 */
import { isSoftwareGl } from '../../shared/domain/terminal';

/** Whether WebGL 2 is backed by a GPU; false without WebGL 2 (the addon needs it). */
export function hardwareWebgl2(doc: Document): boolean {
  const gl = doc.createElement('canvas').getContext('webgl2');
  if (!gl) return false;
  try {
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer: unknown = gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
    return !isSoftwareGl(String(renderer));
  } finally {
    // Contexts are a scarce resource (Chromium keeps 16): give this probe's back at once.
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
}
