/// The dashboard's page and stylesheet. Each file is a Swift string so the binary carries it (no resource
/// bundle to ship beside it); the script is in `DashboardScript`.
enum DashboardAssets {
    /// The page: a frame the script fills.
    static let html: StaticString = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Prism dashboard</title>
<link rel="stylesheet" href="/dashboard/app.css">
</head>
<body>
<header>
  <strong class="brand">Prism</strong>
  <nav id="nav"></nav>
  <button id="logout" class="link" hidden>Log out</button>
</header>
<main id="main"><p class="muted">Loading…</p></main>
<script src="/dashboard/app.js"></script>
</body>
</html>
"""#

    /// The stylesheet: system fonts, no web fonts or images.
    static let css: StaticString = #"""
:root { --bg: #f6f7f9; --fg: #1d2330; --muted: #6b7385; --line: #dde1e8; --accent: #4f46e5; --bad: #d92d20; --ok: #12805c; --warn: #b54708; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; background: var(--bg); color: var(--fg); }
header { display: flex; align-items: center; gap: 16px; padding: 10px 20px; background: #fff; border-bottom: 1px solid var(--line); position: sticky; top: 0; }
.brand { font-size: 16px; color: var(--accent); }
nav { display: flex; gap: 4px; flex-wrap: wrap; flex: 1; }
nav a { padding: 5px 10px; border-radius: 6px; color: var(--fg); text-decoration: none; }
nav a.active { background: var(--accent); color: #fff; }
main { padding: 20px; max-width: 1200px; margin: 0 auto; }
h1 { font-size: 20px; margin: 0 0 14px; }
h2 { font-size: 15px; margin: 18px 0 8px; }
.muted { color: var(--muted); }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; margin-bottom: 16px; }
.tile, .card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px; }
.tile b { display: block; font-size: 20px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(340px, 1fr)); gap: 12px; }
svg.chart { width: 100%; height: 160px; display: block; }
svg.chart text { font-size: 10px; fill: var(--muted); }
table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #fafbfc; font-weight: 600; font-size: 12px; color: var(--muted); }
tr.click { cursor: pointer; } tr.click:hover { background: #f0f1ff; }
form.row, .row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-bottom: 12px; }
input, select, button { font: inherit; padding: 5px 9px; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
button { cursor: pointer; background: var(--accent); color: #fff; border-color: var(--accent); }
button.secondary { background: #fff; color: var(--fg); border-color: var(--line); }
button.danger { background: #fff; color: var(--bad); border-color: var(--bad); }
button.link { background: none; border: none; color: var(--accent); }
.secret { font-family: ui-monospace, monospace; background: #fffbe6; border: 1px solid #f5d90a; padding: 10px; border-radius: 6px; word-break: break-all; margin-bottom: 12px; }
.error { color: var(--bad); margin: 8px 0; }
.badge { display: inline-block; padding: 1px 7px; border-radius: 10px; font-size: 12px; background: #eef0f4; }
.badge.ok, .badge.closed, .badge.succeeded { background: #e3f6ee; color: var(--ok); }
.badge.bad, .badge.open, .badge.failed { background: #fde8e6; color: var(--bad); }
.badge.half_open, .badge.running, .badge.queued { background: #fff4e5; color: var(--warn); }
.bar { height: 8px; background: #eef0f4; border-radius: 4px; overflow: hidden; min-width: 120px; }
.bar > div { height: 100%; background: var(--accent); transition: width .3s; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px; }
.grid figure { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
.grid img, .grid video { width: 100%; height: 180px; object-fit: cover; display: block; background: #111; }
.grid figcaption { padding: 6px 8px; font-size: 12px; display: flex; justify-content: space-between; gap: 6px; align-items: center; }
.thread .msg { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; margin-bottom: 8px; white-space: pre-wrap; }
.thread .msg.user { border-left: 3px solid var(--accent); }
.login { max-width: 420px; margin: 60px auto; }
code { font-family: ui-monospace, monospace; font-size: 12px; }
"""#
}
