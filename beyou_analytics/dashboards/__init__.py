"""Read-only Voila dashboards: the served folder, the landing page and the server.

``folder`` builds the folder holding only the dashboards, ``landing`` is its index page,
``server`` runs standalone Voila on it (``beyou serve``).
"""

from beyou_analytics.dashboards.folder import DASHBOARDS, Dashboard, build_folder
from beyou_analytics.dashboards.server import DashboardServer, check_listen, serve

__all__ = ["DASHBOARDS", "Dashboard", "DashboardServer", "build_folder", "check_listen", "serve"]
