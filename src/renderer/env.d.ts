/** Module kinds Vite handles for the renderer. */
declare module '*.css';
