/**
 * The widget's stylesheet, scoped by its shadow root. `:host { all: initial }` stops the page's inherited
 * styles (fonts, colours, line height) at the boundary; colours come in as custom properties.
 */
export const STYLES = `
:host{all:initial;position:fixed;z-index:2147483000;bottom:20px;right:20px;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg)}
:host([data-position=bottom-left]){right:auto;left:20px}
*{box-sizing:border-box}
[hidden]{display:none!important}
button,textarea{font:inherit;color:inherit}
button{cursor:pointer;border:0;background:none;padding:0}
:focus-visible{outline:3px solid var(--p);outline-offset:2px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.launcher{width:56px;height:56px;border-radius:50%;background:var(--p);color:var(--pt);display:grid;place-items:center;box-shadow:0 6px 20px #0003;transition:transform .15s}
.launcher:hover{transform:scale(1.06)}
.launcher:focus-visible{outline-color:var(--fg)}
svg{width:24px;height:24px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}
.panel{position:absolute;bottom:72px;right:0;width:min(380px,calc(100vw - 40px));height:min(600px,calc(100vh - 120px));display:flex;flex-direction:column;background:var(--bg);border-radius:16px;box-shadow:0 12px 40px #0004;overflow:hidden;animation:in .18s ease-out}
:host([data-position=bottom-left]) .panel{right:auto;left:0}
@keyframes in{from{opacity:0;transform:translateY(12px)}}
header{display:flex;align-items:center;gap:10px;padding:12px 14px;background:var(--p);color:var(--pt)}
header h2{flex:1;margin:0;font-size:16px;font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
header button{width:32px;height:32px;border-radius:8px;display:grid;place-items:center}
header button:hover,header button[aria-pressed=true]{background:#fff3}
header button:focus-visible{outline-color:var(--pt)}
header svg{width:18px;height:18px}
.avatar{width:32px;height:32px;border-radius:50%;background:#fff3;display:grid;place-items:center;font-weight:700;overflow:hidden;flex:none}
.avatar img{width:100%;height:100%;object-fit:cover}
.log{flex:1;overflow-y:auto;padding:14px;display:flex;flex-direction:column;gap:10px}
.msg{max-width:85%;padding:8px 12px;border-radius:14px;overflow-wrap:anywhere;background:#0000000d}
.msg.user{align-self:flex-end;background:var(--p);color:var(--pt);white-space:pre-wrap}
.msg.bot{align-self:flex-start}
.reason{align-self:flex-start;max-width:85%;font-size:12px;opacity:.75}
.reason button{background:none;border:0;padding:0;color:inherit;font:inherit;cursor:pointer}
.reason p{margin:4px 0 0;white-space:pre-wrap;font-style:italic}
.msg p,.msg ul,.msg ol,.msg pre,.msg blockquote,.msg h3,.msg h4,.msg h5,.msg h6{margin:0 0 .5em}
.msg>:last-child{margin-bottom:0}
.msg ul,.msg ol{padding-left:1.3em}
.msg h3,.msg h4,.msg h5,.msg h6{font-size:1em}
.msg pre{background:#0000000f;padding:8px;border-radius:8px;overflow-x:auto;font-size:13px}
.msg code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.92em}
.msg blockquote{border-left:3px solid #0003;padding-left:8px}
.msg a{color:inherit;text-decoration:underline}
.q label{display:block;margin:.4em 0;font-size:13px}
.q input:not([type=checkbox]){display:block;width:100%;margin-top:2px;padding:5px 8px;border:1px solid #0003;border-radius:8px;font:inherit}
.choices{display:flex;flex-wrap:wrap;gap:6px;margin-top:.5em}
.choices button{background:var(--p);color:var(--pt);border-radius:8px;padding:5px 12px;font-size:13px}
.choices button:disabled{opacity:.5;cursor:default}
.note{font-size:13px;opacity:.75}
.typing::after{content:"…";animation:blink 1s infinite}
@keyframes blink{50%{opacity:.3}}
.starters{display:flex;flex-wrap:wrap;gap:6px;padding:0 14px 8px}
.starters button{border:1px solid var(--p);color:var(--fg);border-radius:999px;padding:5px 11px;font-size:13px;background:var(--bg)}
.starters button:hover{background:#0000000a}
.notice{margin:0 14px 8px;padding:8px 10px;border-radius:8px;background:#fef2f2;color:#991b1b;font-size:13px;display:flex;gap:8px;align-items:center;justify-content:space-between}
.notice button{text-decoration:underline;font-weight:600;flex:none}
.chips{list-style:none;margin:0 14px 6px;padding:0;display:flex;flex-wrap:wrap;gap:6px;font-size:12px}
.chips li{display:flex;gap:6px;align-items:center;max-width:100%;padding:3px 8px;border-radius:8px;background:#0000000d;overflow-wrap:anywhere}
.chips li.up{opacity:.7}
.chips li.err{background:#fef2f2;color:#991b1b}
.att{display:block;max-width:100%;max-height:160px;border-radius:8px;margin-bottom:4px}
form{display:flex;gap:6px;align-items:flex-end;padding:10px;border-top:1px solid #0000001a}
textarea{flex:1;resize:none;max-height:120px;min-height:40px;border:1px solid #0003;border-radius:10px;padding:9px 10px;background:var(--bg);color:var(--fg)}
form button{width:40px;height:40px;border-radius:10px;display:grid;place-items:center;flex:none}
form button[type=submit]{background:var(--p);color:var(--pt)}
form button:disabled{opacity:.5;cursor:default}
form button[aria-pressed=true]{background:#fee2e2;color:#b91c1c}
@media (max-width:480px){.panel{position:fixed;inset:0;width:auto;height:auto;border-radius:0}}
@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important}}
`;
