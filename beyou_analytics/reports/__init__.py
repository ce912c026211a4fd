"""Reports: the notebook registry, the papermill runner, the HTML exporter and the monthly batch.

Modules, in the order data flows through them:

- ``registry``: every report kind as data (notebook, parameters and their checks, file names).
- ``runner``: papermill execution in a warm kernel per worker, reset before every report.
- ``export``: executed notebook -> offline HTML without code; atomic writes.
- ``batch``: the monthly plan from the store's episodes, parallel workers, atomic outputs.
- ``index``: the batch's ``index.html``.
- ``provenance``: the footer every report ends with.
- ``reset``: runs inside the kernel at the start of every report.

Nothing heavy is imported here: the kernel imports ``reset`` on every report.
"""
