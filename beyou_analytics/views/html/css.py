"""The one stylesheet of every page, displayed once when a page opens (``Page.open_page``).

Colours follow the house accent of the figures and the report template
(``plots.theme.COLORS["primary"]``, ``reports/report.css``).

JupyterLab's stylesheet, which Voila uses, right-aligns every table cell with
``:not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td`` (specificity: two classes and an
element). That is handled here, once, for every page: the table rules below repeat the table's
own class (``table.beyou-table.beyou-table``: two classes and an element, later in the page), so
text cells stay left-aligned and only ``.num`` cells are right-aligned in a dashboard, in
JupyterLab and in an exported report alike; the provenance footer's table
(``reports.provenance``) gets the same treatment.

Examples
--------
>>> CSS.startswith("<style>") and CSS.count("<style>") == 1
True
>>> ACCENT in CSS
True
"""

from __future__ import annotations

ACCENT = "#0b6e99"  # the house accent (plots.theme.COLORS["primary"])

CSS = f"""<style>
table.beyou-table.beyou-table {{ border-collapse: collapse; font-size: 13px;
  margin: 4px 0 12px 0; }}
table.beyou-table.beyou-table th, table.beyou-table.beyou-table td {{ padding: 4px 9px;
  border-bottom: 1px solid #d9dde3; text-align: left; vertical-align: middle; }}
table.beyou-table.beyou-table th {{ background: #f1f3f6; font-weight: 600; }}
table.beyou-table.beyou-table td.num, table.beyou-table.beyou-table th.num {{
  text-align: right; font-variant-numeric: tabular-nums; }}
table.beyou-table.beyou-table th.group {{ text-align: center;
  border-bottom: 1px solid #9aa5b1; }}
table.beyou-table.beyou-table tr.total td {{ font-weight: 600; border-top: 2px solid #9aa5b1; }}
table.beyou-table.beyou-table td:first-child {{ white-space: nowrap; }}
footer.beyou-provenance.beyou-provenance th, footer.beyou-provenance.beyou-provenance td {{
  text-align: left; }}
.beyou-message {{ padding: 8px 12px; margin: 6px 0; border-radius: 4px;
  border-left: 4px solid #3b7dd8; background: #eef4fc; font-size: 14px; }}
.beyou-warning {{ border-left-color: #d89a3b; background: #fcf5ea; }}
.beyou-error {{ border-left-color: #c8453b; background: #fcecea; }}
.beyou-muted {{ color: #6b7280; font-size: 12px; }}
.beyou-note {{ color: #616e7c; font-size: 13px; margin: 2px 0 10px; max-width: 60em; }}
.beyou-footnote {{ color: #616e7c; font-size: 12px; margin: 4px 0 10px; padding-left: 1.1em; }}
.beyou-links a {{ display: block; font-size: 16px; margin: 6px 0; }}
.beyou-facts {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr));
  gap: 6px 18px; margin: 8px 0 14px; padding: 10px 14px; background: #f5f7fa;
  border: 1px solid #d9e2ec; border-radius: 6px; }}
.beyou-facts div {{ font-size: 14px; }}
.beyou-facts span {{ display: block; color: #616e7c; font-size: 12px; }}
.beyou-summary {{ margin: 6px 0 14px; padding: 12px 18px; border-left: 5px solid {ACCENT};
  background: #eef6fa; border-radius: 4px; font-size: 16px; line-height: 1.55; }}
.beyou-summary ul {{ margin: 0; padding-left: 1.1em; }}
.beyou-summary li {{ margin: 3px 0; }}
.beyou-cards {{ display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0 16px; }}
.beyou-card {{ flex: 1 1 180px; max-width: 340px; border: 1px solid #d9e2ec;
  border-radius: 6px; padding: 10px 14px; background: #fbfcfd; }}
.beyou-card .label {{ font-size: 13px; color: #52606d; }}
.beyou-card .value {{ font-size: 30px; font-weight: 650; line-height: 1.2; color: {ACCENT};
  font-variant-numeric: tabular-nums; }}
.beyou-card .sub {{ font-size: 12px; color: #6b7280; }}
.beyou-better {{ color: #00734f; font-weight: 600; }}
.beyou-worse {{ color: #b34700; font-weight: 600; }}
.beyou-same {{ color: #616e7c; }}
.beyou-sev {{ display: inline-block; min-width: 4.5em; padding: 1px 7px; border-radius: 10px;
  font-size: 12px; font-weight: 600; text-align: center; color: #fff; }}
.beyou-sev-high {{ background: #b34700; }}
.beyou-sev-medium {{ background: #c98a00; }}
.beyou-sev-low {{ background: #5b6b7a; }}
.beyou-spark {{ vertical-align: middle; }}
.beyou-rule {{ color: #616e7c; font-size: 12px; }}
.beyou-nowrap {{ white-space: nowrap; }}
.beyou-small {{ font-size: 12px; }}
.beyou-date {{ color: #616e7c; font-size: 11px; white-space: nowrap; }}
.beyou-sub {{ padding-left: 1.2em; color: #3e4c59; }}
</style>
"""
"""The stylesheet (one ``<style>`` block)."""
