"""Page script: see views/sources.py."""

from views import sources
from views.common import current_assistant, render_page

render_page(sources.render, current_assistant())
