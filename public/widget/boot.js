// Starts the widget's WebAssembly (a file, not inline, so the page's CSP needs no 'unsafe-inline').
import init from './widget.js';
init({ module_or_path: new URL('./widget_bg.wasm', import.meta.url) });
