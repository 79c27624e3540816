"""Page script: see views/intro.py."""

from views import intro
from views.common import current_assistant, render_page

render_page(intro.render, current_assistant())
