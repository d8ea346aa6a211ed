#!/usr/bin/env node
// The `warroom` command. Plain JS so it runs without a build step of its own; the program
// itself is the bundled out/main/cli.js.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`warroom: Node >= 22.12 is required, this is ${process.version}.\n`);
  process.exit(1);
}

// Start-up is mostly compiling the bundle and its dependencies (zod, socket.io, ...): keep the
// compiled code on disk between runs (Node's own cache, in the OS temp folder; no-op if disabled).
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();

try {
  await import('../out/main/cli.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('out/main/cli.js')) {
    process.stderr.write('warroom: not built yet; run `npx electron-vite build` (or `npm run build`) first.\n');
    process.exit(1);
  }
  throw error;
}
