"""The printed exam's style sheet: A4 pages, the system's fonts, page breaks for print.

No web font and no outside reference: the page must print the same with no network. The
font lists name what Linux, macOS and Windows ship for Latin and Traditional Chinese text.
"""

CSS = """\
@page { size: A4; margin: 16mm 16mm 18mm 16mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Serif CJK TC", "Noto Sans CJK TC", "PingFang TC",
  "Microsoft JhengHei", "WenQuanYi Micro Hei", "DejaVu Serif", serif;
  font-size: 11pt; line-height: 1.45; color: #000; background: #fff; margin: 0 auto;
  max-width: 180mm; }
h1 { font-size: 16pt; margin: 0 0 0.3em 0; text-align: center; }
h2 { font-size: 13pt; margin: 1.1em 0 0.4em 0; border-bottom: 1px solid #000; }
h3 { font-size: 11pt; margin: 0.8em 0 0.3em 0; }
h3 span { font-weight: normal; }
.meta { text-align: center; margin: 0 0 0.8em 0; }
table.who { width: 100%; border-collapse: collapse; margin-bottom: 0.8em; }
table.who td { padding: 0.3em 0.4em 0 0; white-space: nowrap; width: 1%; }
table.who td.blank { border-bottom: 1px solid #000; width: 49%; }
.rules { font-size: 10pt; margin: 0.4em 0; }
.dlq-zh { display: inline-block; margin-top: 0.15em; }
.part { break-inside: avoid; page-break-inside: avoid; margin-bottom: 0.6em; }
.key-part { break-inside: avoid; page-break-inside: avoid; margin-bottom: 1em; }
.prompt { margin: 0.2em 0 0.4em 0; }
.fig { margin: 0.4em 0; }
.fig svg { max-width: 100%; height: auto; }
ul.choices, ul.parts { list-style: none; padding-left: 1em; margin: 0.3em 0; }
ul.parts li { margin: 0.5em 0; }
.line { display: inline-block; width: 45%; border-bottom: 1px solid #000; height: 1em; }
.fill { margin: 0.3em 0 0 1em; }
.box { display: inline-block; width: 5em; height: 1.4em; border: 1px solid #000;
  vertical-align: middle; }
.room { border: 1px solid #888; border-radius: 2px; margin-top: 0.3em; }
section.key { break-before: page; page-break-before: always; }
.dlq-h { font-weight: bold; margin-top: 0.5em; }
.dlq-answer { font-weight: bold; }
table.dlq-steps { border-collapse: collapse; margin-top: 0.2em; }
table.dlq-steps td { padding: 1px 10px 1px 0; vertical-align: top;
  border-bottom: 1px solid #ddd; }
td.dlq-num, code { font-family: "DejaVu Sans Mono", "Noto Sans Mono CJK TC", Menlo, Consolas,
  monospace; font-size: 9.5pt; overflow-wrap: anywhere; }
ul.dlq-list { margin: 0.2em 0; }
.check { font-size: 9.5pt; margin-top: 0.4em; }
@media screen { body { padding: 1em; } section.key { border-top: 3px double #000;
  margin-top: 2em; } }
"""
