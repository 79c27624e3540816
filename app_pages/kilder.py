"""Page script: see views/sources.py."""

from views import sources
from views.common import get_assistant, render_page

render_page(sources.render, get_assistant())
