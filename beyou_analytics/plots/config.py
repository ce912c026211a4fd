"""How every figure is shown, in a report's HTML and on a dashboard.

No "Share chart" button: plotly.js would offer to upload the figure (patient data) to Plotly
Cloud. Kept free of imports: the report workers' HTML exporter reads it without plotly.
"""

FIGURE_CONFIG = {"displaylogo": False, "responsive": True, "showSendToCloud": False,
                 "plotlyServerURL": ""}
