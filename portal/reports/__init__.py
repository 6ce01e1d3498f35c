"""Reports for leaders: the summary the engine keeps in the transactions that write the history
(summary.py), the figures and the service index read from it (figures.py), the charts
(charts.py), and the periodic report as XLSX, PDF and CSV (exports.py)."""
